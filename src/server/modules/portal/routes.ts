import type { FastifyInstance, FastifyReply } from 'fastify';
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
import {
  PortalAcceptRequest,
  PortalAccess,
  PortalClient,
  PortalInvitationPreview,
  PortalInviteResponse,
  PortalLoginResponse,
  PortalMe,
  PortalRegisterRequest,
  PortalRemoveTotpRequest,
  PortalSessions,
  PortalSessionStatus,
  PortalVerifyRequest,
} from '../../../shared/portal.js';
import { clearSessionCookie, portalSessionOf, sessionOf, setSessionCookie } from '../../plugins/auth.js';
import type { PortalLoginOutcome, PortalService } from './service.js';

const tags = ['portal'];
const Empty = z.strictObject({});

export function portalRoutes(app: FastifyInstance, ctx: AppContext, portal: PortalService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const answer = (reply: FastifyReply, out: PortalLoginOutcome) => {
    setSessionCookie(reply, ctx.config, out.token, 'portal');
    return { mfaRequired: out.kind === 'mfa', csrfToken: out.csrfToken };
  };

  // Staff side: invite a client to the portal.
  r.post(
    '/api/clients/:id/portal-invitation',
    { config: { permission: 'clients.write' }, schema: { tags, summary: 'E-mail a client a single-use, expiring portal invitation (PHI-free)', params: IdParams, body: Empty.optional(), response: { 201: PortalInviteResponse } } },
    async (req, reply) => reply.code(201).send(await portal.invite(sessionOf(req), req.params.id, req.meta)),
  );

  r.get(
    '/api/clients/:id/portal-access',
    {
      config: { permission: 'clients.read' },
      schema: { tags, summary: 'Whether a client has a portal account linked, or an invitation pending', params: IdParams, response: { 200: PortalAccess } },
    },
    async (req) => portal.access(sessionOf(req), req.params.id, req.meta),
  );

  const pub = { portal: true, public: true } as const;
  r.post('/api/portal/invitations/inspect', { config: pub, schema: { tags, summary: 'What a portal invitation is for', body: PortalVerifyRequest, response: { 200: PortalInvitationPreview } } }, async (req) =>
    portal.previewInvitation(req.body.token),
  );
  r.post(
    '/api/portal/invitations/accept',
    { config: pub, schema: { tags, summary: 'Accept a portal invitation: set a password (or confirm an existing account)', body: PortalAcceptRequest, response: { 201: PortalLoginResponse } } },
    async (req, reply) => reply.code(201).send(answer(reply, await portal.acceptInvitation(req.body.token, req.body.password, req.meta))),
  );
  r.post('/api/portal/register', { config: pub, schema: { tags, summary: 'Create a portal account (always 202; a verification link is mailed)', body: PortalRegisterRequest } }, async (req, reply) => {
    await portal.register(req.body.email, req.body.password, req.meta);
    return reply.code(202).send({ status: 'check_your_email' });
  });
  r.post('/api/portal/verify', { config: pub, schema: { tags, summary: 'Confirm the e-mail of a new portal account', body: PortalVerifyRequest, response: { 200: PortalLoginResponse } } }, async (req, reply) =>
    answer(reply, await portal.verify(req.body.token, req.meta)),
  );
  r.post('/api/portal/login', { config: pub, schema: { tags, summary: 'Portal sign-in', body: LoginRequest, response: { 200: PortalLoginResponse } } }, async (req, reply) =>
    answer(reply, await portal.login(req.body.email, req.body.password, req.meta)),
  );
  r.post(
    '/api/portal/mfa',
    { config: { portal: true, allowPendingMfa: true }, schema: { tags, summary: 'Portal sign-in, second step', body: MfaRequest, response: { 200: PortalLoginResponse } } },
    async (req, reply) => answer(reply, await portal.completeMfa(portalSessionOf(req), req.body.code, req.meta)),
  );
  r.post('/api/portal/logout', { config: pub, schema: { tags, summary: 'End the portal session', body: Empty.optional() } }, async (req, reply) => {
    if (req.portal) await portal.logout(req.portal, req.meta);
    clearSessionCookie(reply, ctx.config, 'portal');
    return reply.code(204).send();
  });

  r.get('/api/portal/me', { config: { portal: true }, schema: { tags, summary: 'The signed-in client: account and linked practices', response: { 200: PortalMe } } }, async (req) =>
    portal.me(portalSessionOf(req)),
  );
  r.get(
    '/api/portal/clients/:id',
    { config: { portal: true }, schema: { tags, summary: "The client's own record", params: IdParams, response: { 200: PortalClient } } },
    async (req) => portal.ownRecord(portalSessionOf(req), req.params.id, req.meta),
  );
  r.post('/api/portal/mfa/totp', { config: { portal: true }, schema: { tags, summary: 'Start authenticator-app setup', body: Empty.optional(), response: { 200: TotpEnrolResponse } } }, async (req) =>
    portal.startTotp(portalSessionOf(req)),
  );
  r.post(
    '/api/portal/mfa/totp/verify',
    { config: { portal: true }, schema: { tags, summary: 'Confirm authenticator-app setup; returns recovery codes once (other sessions end)', body: TotpVerifyRequest, response: { 200: RecoveryCodesResponse } } },
    async (req) => ({ recoveryCodes: await portal.confirmTotp(portalSessionOf(req), req.body.code, req.meta) }),
  );
  r.delete(
    '/api/portal/mfa/totp',
    { config: { portal: true }, schema: { tags, summary: 'Remove the authenticator app: password and a current code (other sessions end)', body: PortalRemoveTotpRequest } },
    async (req, reply) => {
      await portal.removeTotp(portalSessionOf(req), req.body.password, req.body.code, req.meta);
      return reply.code(204).send();
    },
  );
  r.post(
    '/api/portal/mfa/recovery-codes',
    { config: { portal: true }, schema: { tags, summary: 'Replace the recovery codes (password required)', body: PasswordConfirmRequest, response: { 200: RecoveryCodesResponse } } },
    async (req) => ({ recoveryCodes: await portal.regenerateRecoveryCodes(portalSessionOf(req), req.body.password, req.meta) }),
  );

  // Password: reset by a mailed link (public), or changed from inside the portal.
  r.post('/api/portal/password-reset', { config: pub, schema: { tags, summary: 'Mail a single-use reset link (always 202)', body: PasswordResetRequest } }, async (req, reply) => {
    await portal.requestReset(req.body.email, req.meta);
    return reply.code(202).send({ status: 'sent_if_account_exists' });
  });
  r.post(
    '/api/portal/password-reset/complete',
    { config: pub, schema: { tags, summary: 'Set a new password from a reset link (ends every session; sign in afresh)', body: PasswordResetComplete } },
    async (req, reply) => {
      await portal.completeReset(req.body.token, req.body.password, req.meta);
      return reply.code(204).send();
    },
  );
  r.post('/api/portal/password', { config: { portal: true }, schema: { tags, summary: 'Change the password (ends the other sessions)', body: ChangePasswordRequest } }, async (req, reply) => {
    await portal.changePassword(portalSessionOf(req), req.body.currentPassword, req.body.newPassword, req.meta);
    return reply.code(204).send();
  });

  // Sessions of the signed-in account.
  r.get(
    '/api/portal/session',
    { config: { portal: true }, schema: { tags, summary: 'Is this session still live? (send X-Hearth-Background: 1 so the check is not activity)', response: { 200: PortalSessionStatus } } },
    async (req) => portal.sessionStatus(portalSessionOf(req)),
  );
  r.get('/api/portal/sessions', { config: { portal: true }, schema: { tags, summary: "The account's live sessions", response: { 200: PortalSessions } } }, async (req) => ({
    sessions: await portal.listSessions(portalSessionOf(req)),
  }));
  r.delete('/api/portal/sessions', { config: { portal: true }, schema: { tags, summary: 'Sign out every other session', body: Empty.optional() } }, async (req, reply) => {
    await portal.revokeOtherSessions(portalSessionOf(req), req.meta);
    return reply.code(204).send();
  });
  r.delete(
    '/api/portal/sessions/:id',
    { config: { portal: true }, schema: { tags, summary: 'Sign out one session of this account', params: IdParams, body: Empty.optional() } },
    async (req, reply) => {
      const s = portalSessionOf(req);
      await portal.revokeSession(s, req.params.id, req.meta);
      if (req.params.id === s.session.id) clearSessionCookie(reply, ctx.config, 'portal');
      return reply.code(204).send();
    },
  );
}
