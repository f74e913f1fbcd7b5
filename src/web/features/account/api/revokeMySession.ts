// Sign out one of the staff member's sessions; the list is read again either way.
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { queryClient } from '../../../session/staff.js';
import { mySessionsKey } from './mySessions.js';

export const useRevokeMySession = () =>
  useMutation({
    mutationFn: (id: string) => api.del(`/api/me/sessions/${encodeURIComponent(id)}`, {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: mySessionsKey }),
  });
