// The practice's people: listed with their roles, enabled or disabled, their roles changed, their
// sessions listed and revoked.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { PracticeUser, SessionInfo } from '../../../../shared/api.js';
import type { StaffRole } from '../../../../shared/roles.js';
import { api } from '../../../api/client.js';
import { meKey } from '../../../session/useMe.js';

export type User = z.infer<typeof PracticeUser>;
const UsersResponse = z.object({ users: z.array(PracticeUser) });
const SessionsResponse = z.object({ sessions: z.array(SessionInfo) });
const usersKey = ['practice', 'users'] as const;
const userPath = (u: { id: string }) => `/api/practice/users/${encodeURIComponent(u.id)}`;

export function useUsers() {
  return useQuery({ queryKey: usersKey, queryFn: () => api.get('/api/practice/users', UsersResponse) });
}

/** Disable an active user, enable a disabled one. */
export function useToggleUserStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (u: User) => api.patch(userPath(u), { status: u.status === 'active' ? 'disabled' : 'active' }),
    onSettled: () => qc.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useSaveRoles() {
  const qc = useQueryClient();
  return async (u: User, roles: StaffRole[]) => {
    await api.patch(userPath(u), { roles });
    await qc.invalidateQueries({ queryKey: usersKey });
    await qc.invalidateQueries({ queryKey: meKey });
  };
}

export function useUserSessions(u: User) {
  const qc = useQueryClient();
  const key = [...usersKey, u.id, 'sessions'];
  const sessions = useQuery({ queryKey: key, queryFn: () => api.get(`${userPath(u)}/sessions`, SessionsResponse) });
  const revoke = useMutation({
    mutationFn: (s: SessionInfo) => api.del(`${userPath(u)}/sessions/${encodeURIComponent(s.id)}`, {}),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
  return { sessions, revoke };
}
