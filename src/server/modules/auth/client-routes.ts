// The client principal's sign-in, second factor, password and session routes (/api/portal/...).
// The portal's own routes (invitations, what a client sees) are in modules/portal.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import {
  ChangePasswordRequest,
  IdParams,
  LoginRequest,
  MfaRequest,
  PasswordConfirmRequest,
  PasswordResetComplete,
  PasswordResetRequest,
  RecoveryCodesResponse,
  TotpEnrolResponse,
  TotpVerifyRequest,
} from '../../../shared/api.js';
import { PortalLoginResponse, PortalRegisterRequest, PortalRemoveTotpRequest, PortalSessions, PortalSessionStatus, PortalVerifyRequest } from '../../../shared/portal.js';
import { clearSessionCookie, portalSessionOf } from '../../plugins/auth.js';
import type { ClientIdentity, PortalPasswordWords } from './client.js';
import { portalSignedIn } from './http.js';

const tags = ['portal'];
const Empty = z.strictObject({});

export function clientAuthRoutes(app: FastifyInstance, ctx: AppContext, accounts: ClientIdentity, passwordWords: PortalPasswordWords) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pub = { portal: true, public: true } as const;
  const cfg = { portal: true } as const;

  r.post('/api/portal/register', { config: pub, schema: { tags, summary: 'Create a portal account (always 202; a verification link is mailed)', body: PortalRegisterRequest } }, async (req, reply) => {
    await accounts.register(req.body.email, req.body.password, req.meta);
    return reply.code(202).send({ status: 'check_your_email' });
  });
  r.post('/api/portal/verify', { config: pub, schema: { tags, summary: 'Confirm the e-mail of a new portal account', body: PortalVerifyRequest, response: { 200: PortalLoginResponse } } }, async (req, reply) =>
    portalSignedIn(reply, ctx, await accounts.verify(req.body.token, req.meta)),
  );
  r.post('/api/portal/login', { config: pub, schema: { tags, summary: 'Portal sign-in', body: LoginRequest, response: { 200: PortalLoginResponse } } }, async (req, reply) =>
    portalSignedIn(reply, ctx, await accounts.login(req.body.email, req.body.password, req.meta)),
  );
  r.post(
    '/api/portal/mfa',
    { config: { portal: true, allowPendingMfa: true }, schema: { tags, summary: 'Portal sign-in, second step', body: MfaRequest, response: { 200: PortalLoginResponse } } },
    async (req, reply) => portalSignedIn(reply, ctx, await accounts.completeMfa(portalSessionOf(req), req.body.code, req.meta)),
  );
  r.post('/api/portal/logout', { config: pub, schema: { tags, summary: 'End the portal session', body: Empty.optional() } }, async (req, reply) => {
    if (req.portal) await accounts.logout(req.portal, req.meta);
    clearSessionCookie(reply, ctx.config, 'portal');
    return reply.code(204).send();
  });

  r.post('/api/portal/mfa/totp', { config: cfg, schema: { tags, summary: 'Start authenticator-app setup', body: Empty.optional(), response: { 200: TotpEnrolResponse } } }, async (req) =>
    accounts.startTotp(portalSessionOf(req)),
  );
  r.post(
    '/api/portal/mfa/totp/verify',
    { config: cfg, schema: { tags, summary: 'Confirm authenticator-app setup; returns recovery codes once (other sessions end)', body: TotpVerifyRequest, response: { 200: RecoveryCodesResponse } } },
    async (req) => ({ recoveryCodes: await accounts.confirmTotp(portalSessionOf(req), req.body.code, req.meta) }),
  );
  r.delete(
    '/api/portal/mfa/totp',
    { config: cfg, schema: { tags, summary: 'Remove the authenticator app: password and a current code (other sessions end)', body: PortalRemoveTotpRequest } },
    async (req, reply) => {
      await accounts.removeTotp(portalSessionOf(req), req.body.password, req.body.code, req.meta);
      return reply.code(204).send();
    },
  );
  r.post(
    '/api/portal/mfa/recovery-codes',
    { config: cfg, schema: { tags, summary: 'Replace the recovery codes (password required)', body: PasswordConfirmRequest, response: { 200: RecoveryCodesResponse } } },
    async (req) => ({ recoveryCodes: await accounts.regenerateRecoveryCodes(portalSessionOf(req), req.body.password, req.meta) }),
  );

  // Password: reset by a mailed link (public), or changed from inside the portal.
  r.post('/api/portal/password-reset', { config: pub, schema: { tags, summary: 'Mail a single-use reset link (always 202)', body: PasswordResetRequest } }, async (req, reply) => {
    await accounts.requestReset(req.body.email, req.meta);
    return reply.code(202).send({ status: 'sent_if_account_exists' });
  });
  r.post(
    '/api/portal/password-reset/complete',
    { config: pub, schema: { tags, summary: 'Set a new password from a reset link (ends every session; sign in afresh)', body: PasswordResetComplete } },
    async (req, reply) => {
      await accounts.completeReset(req.body.token, req.body.password, req.meta, passwordWords);
      return reply.code(204).send();
    },
  );
  r.post('/api/portal/password', { config: cfg, schema: { tags, summary: 'Change the password (ends the other sessions)', body: ChangePasswordRequest } }, async (req, reply) => {
    await accounts.changePassword(portalSessionOf(req), req.body.currentPassword, req.body.newPassword, req.meta, passwordWords);
    return reply.code(204).send();
  });

  // Sessions of the signed-in account.
  r.get(
    '/api/portal/session',
    { config: cfg, schema: { tags, summary: 'Is this session still live? (send X-Hearth-Background: 1 so the check is not activity)', response: { 200: PortalSessionStatus } } },
    async (req) => accounts.sessionStatus(portalSessionOf(req)),
  );
  r.get('/api/portal/sessions', { config: cfg, schema: { tags, summary: "The account's live sessions", response: { 200: PortalSessions } } }, async (req) => ({
    sessions: await accounts.listSessions(portalSessionOf(req)),
  }));
  r.delete('/api/portal/sessions', { config: cfg, schema: { tags, summary: 'Sign out every other session', body: Empty.optional() } }, async (req, reply) => {
    await accounts.revokeOtherSessions(portalSessionOf(req), req.meta);
    return reply.code(204).send();
  });
  r.delete(
    '/api/portal/sessions/:id',
    { config: cfg, schema: { tags, summary: 'Sign out one session of this account', params: IdParams, body: Empty.optional() } },
    async (req, reply) => {
      const s = portalSessionOf(req);
      await accounts.revokeSession(s, req.params.id, req.meta);
      if (req.params.id === s.session.id) clearSessionCookie(reply, ctx.config, 'portal');
      return reply.code(204).send();
    },
  );
}
