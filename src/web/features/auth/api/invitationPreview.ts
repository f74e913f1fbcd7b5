// What a practice's staff invitation is for, read with the link's token.
import { useQuery } from '@tanstack/react-query';
import { InvitationPreview } from '../../../../shared/api.js';
import { api } from '../../../api/client.js';

export const useInvitationPreview = (token: string | null) =>
  useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.post('/api/invitations/inspect', { token }, InvitationPreview, { expectAuthFailure: true }),
    enabled: !!token,
    staleTime: Infinity,
  });
