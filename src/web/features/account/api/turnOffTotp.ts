// Turn off the authenticator app (with the password).
import { api } from '../../../api/client.js';

export const turnOffTotp = (password: string) => api.del('/api/auth/mfa/totp', { password });
