// A forgotten staff password: ask for a reset link, then set a new password with its token.
import { api } from '../../../api/client.js';

export const requestReset = (body: { email: string }) => api.post<void>('/api/auth/password-reset/request', body, undefined, { expectAuthFailure: true });

export const completeReset = (body: { token: string; password: string }) => api.post<void>('/api/auth/password-reset/complete', body, undefined, { expectAuthFailure: true });
