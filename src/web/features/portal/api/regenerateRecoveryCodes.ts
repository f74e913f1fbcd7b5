// New recovery codes for the portal account (with its password); the old ones stop working.
import { RecoveryCodesResponse } from '../../../../shared/api.js';
import { portalApi } from '../../../api/client.js';

export const regeneratePortalRecoveryCodes = (password: string) => portalApi.post('/api/portal/mfa/recovery-codes', { password }, RecoveryCodesResponse);
