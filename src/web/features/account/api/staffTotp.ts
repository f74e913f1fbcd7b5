// Turning on the staff member's authenticator app: begin (a secret and its QR code), then confirm
// one code (answers the recovery codes, shown once).
import { RecoveryCodesResponse, TotpEnrolResponse } from '../../../../shared/api.js';
import { api } from '../../../api/client.js';

export const beginTotp = () => api.post('/api/auth/mfa/totp', {}, TotpEnrolResponse);

export const confirmTotp = (body: unknown) => api.post('/api/auth/mfa/totp/verify', body, RecoveryCodesResponse);
