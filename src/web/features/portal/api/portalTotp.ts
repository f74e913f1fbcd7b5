// Turning on the portal account's two-step sign-in (an authenticator app): begin, then confirm one
// code (answers the recovery codes, shown once).
import { RecoveryCodesResponse, TotpEnrolResponse } from '../../../../shared/api.js';
import { portalApi } from '../../../api/client.js';

export const beginPortalTotp = () => portalApi.post('/api/portal/mfa/totp', {}, TotpEnrolResponse);

export const confirmPortalTotp = (body: unknown) => portalApi.post('/api/portal/mfa/totp/verify', body, RecoveryCodesResponse);
