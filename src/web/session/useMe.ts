import { useQuery } from '@tanstack/react-query';
import { MeResponse } from '../../shared/api.js';
import { api, session } from '../api/client.js';
import { enrolment } from './staff.js';

export const meKey = ['me'] as const;

export async function fetchMe(): Promise<MeResponse> {
  const me = await api.get('/api/me', MeResponse);
  session.setCsrf(me.csrfToken);
  session.setActive(true);
  enrolment.set(me.session.mfaEnrollmentRequired);
  return me;
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 30_000 });
}
