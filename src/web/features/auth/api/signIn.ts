// Staff sign-in: the password step, then (when the account has second factors) a code or a
// security key. Each answers a LoginResponse; a bad password or code is not a lost session.
import { startAuthentication } from '@simplewebauthn/browser';
import { LoginResponse } from '../../../../shared/api.js';
import { api } from '../../../api/client.js';

export const passwordSignIn = (body: { email: string; password: string }) => api.post('/api/auth/login', body, LoginResponse, { expectAuthFailure: true });

export const verifyCode = (body: { code: string }) => api.post('/api/auth/mfa', body, LoginResponse, { expectAuthFailure: true });

/** The server's options, the browser's WebAuthn ceremony, then the key's answer. */
export async function verifySecurityKey() {
  const optionsJSON = await api.post<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/api/auth/mfa/webauthn/options', {}, undefined, { expectAuthFailure: true });
  const response = await startAuthentication({ optionsJSON });
  return api.post('/api/auth/mfa/webauthn', { response }, LoginResponse, { expectAuthFailure: true });
}
