// Turn off the portal account's two-step sign-in (its password and a current or recovery code).
import { portalApi } from '../../../api/client.js';

export const turnOffPortalTotp = (password: string, code: string) => portalApi.del('/api/portal/mfa/totp', { password, code });
