import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { iso } from '../../lib/clock.js';
import {
  ActiveRoleRequest,
  ChangePasswordRequest,
  IdParams,
  LoginRequest,
  LoginResponse,
  MeResponse,
  MfaRequest,
  PasswordConfirmRequest,
  PasswordResetComplete,
  PasswordResetRequest,
  RecoveryCodesResponse,
  SessionInfo,
  TotpEnrolResponse,
  TotpVerifyRequest,
  WebauthnAuthRequest,
  WebauthnRegisterRequest,
} from '../../../shared/api.js';
import { ROLE_PERMISSIONS, type StaffRole } from '../../../shared/roles.js';
import { clearSessionCookie, mfaEnrollmentRequired, sessionOf, setSessionCookie } from '../../plugins/auth.js';
import type { AuthService, LoginOutcome } from './service.js';

const tags = ['auth'];
const Empty = z.strictObject({});

/** What the identity routes ask of the practices module: the practice part of GET /api/me. */
export type PracticeSummary = (practiceId: string) => Promise<z.infer<typeof MeResponse>['practice']>;

/** The staff principal's routes: sign-in and its second step, the signed-in user, second factors. */
export function authRoutes(app: FastifyInstance, ctx: AppContext, auth: AuthService, practiceSummary: PracticeSummary) {
  signInRoutes(app, ctx, auth);
  meRoutes(app, ctx, auth, practiceSummary);
  factorRoutes(app, auth);
}

function signInRoutes(app: FastifyInstance, ctx: AppContext, auth: AuthService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const answer = (reply: FastifyReply, out: LoginOutcome) => {
    setSessionCookie(reply, ctx.config, out.token);
    return out.kind === 'mfa'
      ? { mfaRequired: true as const, methods: out.methods, csrfToken: out.csrfToken }
      : { mfaRequired: false as const, csrfToken: out.csrfToken, mfaEnrollmentRequired: out.mfaEnrollmentRequired };
  };

  r.post(
    '/api/auth/login',
    { config: { public: true }, schema: { tags, summary: 'Sign in with email and password', body: LoginRequest, response: { 200: LoginResponse } } },
    async (req, reply) => answer(reply, await auth.login(req.body.email, req.body.password, req.meta)),
  );

  r.post(
    '/api/auth/mfa',
    { config: { allowPendingMfa: true }, schema: { tags, summary: 'Second sign-in step: TOTP or recovery code', body: MfaRequest, response: { 200: LoginResponse } } },
    async (req, reply) => answer(reply, await auth.completeMfa(sessionOf(req), req.body.code, req.meta)),
  );

  r.post(
    '/api/auth/mfa/webauthn/options',
    { config: { allowPendingMfa: true }, schema: { tags, summary: 'Challenge for signing in with a security key', body: Empty } },
    async (req) => auth.webauthnLoginOptions(sessionOf(req)),
  );

  r.post(
    '/api/auth/mfa/webauthn',
    { config: { allowPendingMfa: true }, schema: { tags, summary: 'Second sign-in step with a security key', body: WebauthnAuthRequest, response: { 200: LoginResponse } } },
    async (req, reply) => answer(reply, await auth.completeWebauthn(sessionOf(req), req.body.response, req.meta)),
  );

  r.post(
    '/api/auth/logout',
    { config: { allowPendingMfa: true, allowDuringEnrollment: true }, schema: { tags, summary: 'End this session', body: Empty.optional() } },
    async (req, reply) => {
      await auth.logout(sessionOf(req), req.meta);
      clearSessionCookie(reply, ctx.config);
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/auth/password-reset/request',
    { config: { public: true }, schema: { tags, summary: 'Email a single-use reset link (always 202)', body: PasswordResetRequest } },
    async (req, reply) => {
      await auth.requestReset(req.body.email, req.meta);
      return reply.code(202).send({ status: 'sent_if_account_exists' });
    },
  );

  r.post(
    '/api/auth/password-reset/complete',
    { config: { public: true }, schema: { tags, summary: 'Set a new password from a reset link', body: PasswordResetComplete } },
    async (req, reply) => {
      await auth.completeReset(req.body.token, req.body.password, req.meta);
      return reply.code(204).send();
    },
  );

}

function meRoutes(app: FastifyInstance, ctx: AppContext, auth: AuthService, practiceSummary: PracticeSummary) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/me',
    { config: { allowDuringEnrollment: true }, schema: { tags, summary: 'The signed-in user, roles, practice and session', response: { 200: MeResponse } } },
    async (req) => {
      const s = sessionOf(req);
      const me = await auth.me(s);
      const practice = await practiceSummary(s.user.practiceId);
      const activeRole = (s.roles.includes(s.session.active_role as StaffRole) ? s.session.active_role : s.roles[0]) as StaffRole;
      return {
        user: { id: s.user.id, name: me.name, email: me.email, roles: s.roles, mfa: me.mfa },
        activeRole,
        permissions: [...(ROLE_PERMISSIONS[activeRole] ?? [])],
        practice,
        session: {
          id: s.session.id,
          idleSeconds: s.idleSeconds,
          idleExpiresAt: iso(s.idleExpiresAt),
          absoluteExpiresAt: iso(s.session.absolute_expires_at),
          mfaEnrollmentRequired: mfaEnrollmentRequired(s),
        },
        csrfToken: s.session.csrf_token,
      };
    },
  );

  r.post(
    '/api/me/active-role',
    { schema: { tags, summary: 'Switch the active role', body: ActiveRoleRequest } },
    async (req, reply) => {
      await auth.setActiveRole(sessionOf(req), req.body.role, req.meta);
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/session/keepalive',
    { config: { allowDuringEnrollment: true }, schema: { tags, summary: '"Stay signed in": a user action that resets the idle timer', body: Empty.optional() } },
    async (_req, reply) => reply.code(204).send(),
  );

  r.get(
    '/api/me/sessions',
    { config: { allowDuringEnrollment: true }, schema: { tags, summary: 'My live sessions', response: { 200: z.object({ sessions: z.array(SessionInfo) }) } } },
    async (req) => {
      const s = sessionOf(req);
      return { sessions: await auth.listSessions(s.user.id, s.session.id) };
    },
  );

  r.delete(
    '/api/me/sessions/:id',
    { config: { allowDuringEnrollment: true }, schema: { tags, summary: 'Revoke one of my sessions', params: IdParams } },
    async (req, reply) => {
      const s = sessionOf(req);
      await auth.revokeSession(s, s.user.id, req.params.id, req.meta);
      if (req.params.id === s.session.id) clearSessionCookie(reply, ctx.config);
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/me/password',
    { config: { allowDuringEnrollment: true }, schema: { tags, summary: 'Change my password (ends my other sessions)', body: ChangePasswordRequest } },
    async (req, reply) => {
      await auth.changePassword(sessionOf(req), req.body.currentPassword, req.body.newPassword, req.meta);
      return reply.code(204).send();
    },
  );

}

function factorRoutes(app: FastifyInstance, auth: AuthService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/auth/mfa/totp',
    { config: { allowDuringEnrollment: true }, schema: { tags, summary: 'Start authenticator-app enrolment', body: Empty.optional(), response: { 200: TotpEnrolResponse } } },
    async (req) => auth.startTotp(sessionOf(req)),
  );

  r.post(
    '/api/auth/mfa/totp/verify',
    { config: { allowDuringEnrollment: true }, schema: { tags, summary: 'Confirm enrolment with a code; returns recovery codes once', body: TotpVerifyRequest, response: { 200: RecoveryCodesResponse } } },
    async (req) => ({ recoveryCodes: await auth.confirmTotp(sessionOf(req), req.body.code, req.meta) }),
  );

  r.delete(
    '/api/auth/mfa/totp',
    { schema: { tags, summary: 'Remove the authenticator app', body: PasswordConfirmRequest } },
    async (req, reply) => {
      await auth.removeTotp(sessionOf(req), req.body.password, req.meta);
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/auth/mfa/recovery-codes',
    { schema: { tags, summary: 'Replace my recovery codes', body: PasswordConfirmRequest, response: { 200: RecoveryCodesResponse } } },
    async (req) => ({ recoveryCodes: await auth.regenerateRecoveryCodes(sessionOf(req), req.body.password, req.meta) }),
  );

  r.post(
    '/api/auth/mfa/webauthn/register/options',
    { config: { allowDuringEnrollment: true }, schema: { tags, summary: 'Options to register a security key', body: Empty.optional() } },
    async (req) => auth.webauthnRegisterOptions(sessionOf(req)),
  );

  r.post(
    '/api/auth/mfa/webauthn/register',
    { config: { allowDuringEnrollment: true }, schema: { tags, summary: 'Register a security key', body: WebauthnRegisterRequest } },
    async (req, reply) => reply.code(201).send(await auth.webauthnRegister(sessionOf(req), req.body.name, req.body.response, req.meta)),
  );

  r.delete(
    '/api/auth/mfa/webauthn/credentials/:id',
    { schema: { tags, summary: 'Remove a security key', params: IdParams } },
    async (req, reply) => {
      await auth.removeWebauthn(sessionOf(req), req.params.id, req.meta);
      return reply.code(204).send();
    },
  );
}
