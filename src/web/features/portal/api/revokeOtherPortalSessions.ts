// Sign out every session of the portal account but this one.
import { useMutation } from '@tanstack/react-query';
import { portalApi } from '../../../api/client.js';
import { refreshPortalSessions } from './portalSessions.js';

export const useRevokeOtherPortalSessions = (onSuccess: () => void) =>
  useMutation({
    mutationFn: () => portalApi.del('/api/portal/sessions', {}),
    onSuccess: () => onSuccess(),
    onSettled: refreshPortalSessions,
  });
