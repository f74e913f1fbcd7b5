// What a practice's portal invitation is for (the address, and whether it has an account already).
import { useQuery } from '@tanstack/react-query';
import { PortalInvitationPreview } from '../../../../shared/portal.js';
import { portalApi } from '../../../api/client.js';

export const useInvitationPreview = (token: string | null) =>
  useQuery({
    queryKey: ['portal', 'invitation', token],
    queryFn: () => portalApi.post('/api/portal/invitations/inspect', { token }, PortalInvitationPreview, { expectAuthFailure: true }),
    enabled: !!token,
    staleTime: Infinity,
  });
