// Where the staff member is signed in.
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { SessionInfo } from '../../../../shared/api.js';
import { api } from '../../../api/client.js';

const SessionsResponse = z.object({ sessions: z.array(SessionInfo) });

export const mySessionsKey = ['me', 'sessions'] as const;

export const useMySessions = () => useQuery({ queryKey: mySessionsKey, queryFn: () => api.get('/api/me/sessions', SessionsResponse) });
