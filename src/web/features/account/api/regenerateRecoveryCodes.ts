// New recovery codes (with the password); the old ones stop working.
import { RecoveryCodesResponse } from '../../../../shared/api.js';
import { api } from '../../../api/client.js';

export const regenerateRecoveryCodes = (password: string) => api.post('/api/auth/mfa/recovery-codes', { password }, RecoveryCodesResponse);
