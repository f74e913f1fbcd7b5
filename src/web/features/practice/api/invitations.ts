// Inviting a colleague, and the pending invitations (each revocable).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { InvitationInfo, type InviteRequest } from '../../../../shared/api.js';

type Invite = z.infer<typeof InviteRequest>;
import { api } from '../../../api/client.js';

const InvitationsResponse = z.object({ invitations: z.array(InvitationInfo) });
const invitationsKey = ['practice', 'invitations'] as const;

export function useInvitations() {
  const qc = useQueryClient();
  const invitations = useQuery({ queryKey: invitationsKey, queryFn: () => api.get('/api/practice/invitations', InvitationsResponse) });
  const revoke = useMutation({
    mutationFn: (id: string) => api.del(`/api/practice/invitations/${encodeURIComponent(id)}`, {}),
    onSettled: () => qc.invalidateQueries({ queryKey: invitationsKey }),
  });
  return { invitations, revoke };
}

/** Sends an invitation; `then` runs between the answer and the refresh of the pending list. */
export function useInvite() {
  const qc = useQueryClient();
  return async (body: Invite, then: () => void) => {
    await api.post('/api/practice/invitations', body, InvitationInfo);
    then();
    await qc.invalidateQueries({ queryKey: invitationsKey });
  };
}
