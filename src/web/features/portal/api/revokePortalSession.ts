// Sign out one of the portal account's sessions (the current one ends this tab's session).
import { useMutation } from '@tanstack/react-query';
import { portalApi } from '../../../api/client.js';
import { refreshPortalSessions } from './portalSessions.js';

export const useRevokePortalSession = (onSuccess: (s: { id: string; current: boolean }) => void) =>
  useMutation({
    mutationFn: (s: { id: string; current: boolean }) => portalApi.del(`/api/portal/sessions/${encodeURIComponent(s.id)}`, {}),
    onSuccess: (_d, s) => onSuccess(s),
    onSettled: refreshPortalSessions,
  });
