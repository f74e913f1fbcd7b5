// The client principal's sign-in, second factor, password and session routes (/api/portal/...).
// The portal's own routes (invitations, what a client sees) are in modules/portal.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import {
  ChangePasswordRequest,
  IdParams,
  LoginRequest,
  MfaRequest,
  PasswordConfirmRequest,
  PasswordResetComplete,
  RecoveryCodesResponse,
  TotpEnrolResponse,
  TotpVerifyRequest,
} from '../../../shared/api.js';
import { PortalLoginResponse, PortalPasswordResetRequest, PortalRegisterRequest, PortalRemoveTotpRequest, PortalSessions, PortalSessionStatus, PortalVerifyRequest } from '../../../shared/portal.js';
import { routesOf } from '../../http/route.js';
import { clearSessionCookie, portalSessionOf } from '../../plugins/auth.js';
import type { ClientIdentity, PortalPasswordWords } from './client.js';
import { portalSignedIn } from './http.js';

const Empty = z.strictObject({});

export function clientAuthRoutes(app: FastifyInstance, ctx: AppContext, accounts: ClientIdentity, passwordWords: PortalPasswordWords) {
  const route = routesOf(app, ['portal']);
  const pub = { portal: true, public: true } as const;
  const cfg = { portal: true } as const;

  route.post('/api/portal/register', { access: pub, summary: 'Create a portal account (always 202; a verification link is mailed)', body: PortalRegisterRequest, status: 202 }, async (req) => {
    await accounts.register(req.body.email, req.body.password, req.meta, req.body.locale);
    return { status: 'check_your_email' };
  });
  route.post('/api/portal/verify', { access: pub, summary: 'Confirm the e-mail of a new portal account', body: PortalVerifyRequest, response: PortalLoginResponse }, async (req, reply) =>
    portalSignedIn(reply, ctx, await accounts.verify(req.body.token, req.meta)),
  );
  route.post('/api/portal/login', { access: pub, summary: 'Portal sign-in', body: LoginRequest, response: PortalLoginResponse }, async (req, reply) =>
    portalSignedIn(reply, ctx, await accounts.login(req.body.email, req.body.password, req.meta)),
  );
  route.post('/api/portal/mfa', { access: { portal: true, allowPendingMfa: true }, summary: 'Portal sign-in, second step', body: MfaRequest, response: PortalLoginResponse }, async (req, reply) =>
    portalSignedIn(reply, ctx, await accounts.completeMfa(portalSessionOf(req), req.body.code, req.meta)),
  );
  route.post('/api/portal/logout', { access: pub, summary: 'End the portal session', body: Empty.optional(), status: 204 }, async (req, reply) => {
    if (req.portal) await accounts.logout(req.portal, req.meta);
    clearSessionCookie(reply, ctx.config, 'portal');
  });

  route.post('/api/portal/mfa/totp', { access: cfg, summary: 'Start authenticator-app setup', body: Empty.optional(), response: TotpEnrolResponse }, async (req) =>
    accounts.startTotp(portalSessionOf(req)),
  );
  route.post('/api/portal/mfa/totp/verify', { access: cfg, summary: 'Confirm authenticator-app setup; returns recovery codes once (other sessions end)', body: TotpVerifyRequest, response: RecoveryCodesResponse }, async (req) => ({
    recoveryCodes: await accounts.confirmTotp(portalSessionOf(req), req.body.code, req.meta),
  }));
  route.delete('/api/portal/mfa/totp', { access: cfg, summary: 'Remove the authenticator app: password and a current code (other sessions end)', body: PortalRemoveTotpRequest, status: 204 }, async (req) =>
    accounts.removeTotp(portalSessionOf(req), req.body.password, req.body.code, req.meta),
  );
  route.post('/api/portal/mfa/recovery-codes', { access: cfg, summary: 'Replace the recovery codes (password required)', body: PasswordConfirmRequest, response: RecoveryCodesResponse }, async (req) => ({
    recoveryCodes: await accounts.regenerateRecoveryCodes(portalSessionOf(req), req.body.password, req.meta),
  }));

  // Password: reset by a mailed link (public), or changed from inside the portal.
  route.post('/api/portal/password-reset', { access: pub, summary: 'Mail a single-use reset link (always 202)', body: PortalPasswordResetRequest, status: 202 }, async (req) => {
    await accounts.requestReset(req.body.email, req.meta, req.body.locale);
    return { status: 'sent_if_account_exists' };
  });
  route.post('/api/portal/password-reset/complete', { access: pub, summary: 'Set a new password from a reset link (ends every session; sign in afresh)', body: PasswordResetComplete, status: 204 }, async (req) =>
    accounts.completeReset(req.body.token, req.body.password, req.meta, passwordWords),
  );
  route.post('/api/portal/password', { access: cfg, summary: 'Change the password (ends the other sessions)', body: ChangePasswordRequest, status: 204 }, async (req) =>
    accounts.changePassword(portalSessionOf(req), req.body.currentPassword, req.body.newPassword, req.meta, passwordWords),
  );

  // Sessions of the signed-in account.
  route.get('/api/portal/session', { access: cfg, summary: 'Is this session still live? (send X-Hearth-Background: 1 so the check is not activity)', response: PortalSessionStatus }, async (req) =>
    accounts.sessionStatus(portalSessionOf(req)),
  );
  route.get('/api/portal/sessions', { access: cfg, summary: "The account's live sessions", response: PortalSessions }, async (req) => ({
    sessions: await accounts.listSessions(portalSessionOf(req)),
  }));
  route.delete('/api/portal/sessions', { access: cfg, summary: 'Sign out every other session', body: Empty.optional(), status: 204 }, async (req) =>
    accounts.revokeOtherSessions(portalSessionOf(req), req.meta),
  );
  route.delete('/api/portal/sessions/:id', { access: cfg, summary: 'Sign out one session of this account', params: IdParams, body: Empty.optional(), status: 204 }, async (req, reply) => {
    const s = portalSessionOf(req);
    await accounts.revokeSession(s, req.params.id, req.meta);
    if (req.params.id === s.session.id) clearSessionCookie(reply, ctx.config, 'portal');
  });
}
