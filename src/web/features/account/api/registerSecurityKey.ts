// Register a security key under a name: the server's options, the browser's WebAuthn ceremony, then
// the key's answer.
import { startRegistration } from '@simplewebauthn/browser';
import { api } from '../../../api/client.js';

export async function registerSecurityKey(name: string): Promise<void> {
  const optionsJSON = await api.post<Parameters<typeof startRegistration>[0]['optionsJSON']>('/api/auth/mfa/webauthn/register/options', {});
  const response = await startRegistration({ optionsJSON });
  await api.post('/api/auth/mfa/webauthn/register', { name, response });
}
