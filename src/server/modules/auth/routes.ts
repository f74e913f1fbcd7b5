import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { routesOf } from '../../http/route.js';
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
  const route = routesOf(app, tags);

  const answer = (reply: FastifyReply, out: LoginOutcome) => {
    setSessionCookie(reply, ctx.config, out.token);
    return out.kind === 'mfa'
      ? { mfaRequired: true as const, methods: out.methods, csrfToken: out.csrfToken }
      : { mfaRequired: false as const, csrfToken: out.csrfToken, mfaEnrollmentRequired: out.mfaEnrollmentRequired };
  };

  route.post('/api/auth/login', { access: { public: true }, summary: 'Sign in with email and password', body: LoginRequest, response: LoginResponse }, async (req, reply) =>
    answer(reply, await auth.login(req.body.email, req.body.password, req.meta)),
  );

  route.post('/api/auth/mfa', { access: { allowPendingMfa: true }, summary: 'Second sign-in step: TOTP or recovery code', body: MfaRequest, response: LoginResponse }, async (req, reply) =>
    answer(reply, await auth.completeMfa(sessionOf(req), req.body.code, req.meta)),
  );

  route.post('/api/auth/mfa/webauthn/options', { access: { allowPendingMfa: true }, summary: 'Challenge for signing in with a security key', body: Empty }, async (req) =>
    auth.webauthnLoginOptions(sessionOf(req)),
  );

  route.post('/api/auth/mfa/webauthn', { access: { allowPendingMfa: true }, summary: 'Second sign-in step with a security key', body: WebauthnAuthRequest, response: LoginResponse }, async (req, reply) =>
    answer(reply, await auth.completeWebauthn(sessionOf(req), req.body.response, req.meta)),
  );

  route.post('/api/auth/logout', { access: { allowPendingMfa: true, allowDuringEnrollment: true }, summary: 'End this session', body: Empty.optional(), status: 204 }, async (req, reply) => {
    await auth.logout(sessionOf(req), req.meta);
    clearSessionCookie(reply, ctx.config);
  });

  route.post('/api/auth/password-reset/request', { access: { public: true }, summary: 'Email a single-use reset link (always 202)', body: PasswordResetRequest, status: 202 }, async (req) => {
    await auth.requestReset(req.body.email, req.meta);
    return { status: 'sent_if_account_exists' };
  });

  route.post('/api/auth/password-reset/complete', { access: { public: true }, summary: 'Set a new password from a reset link', body: PasswordResetComplete, status: 204 }, async (req) =>
    auth.completeReset(req.body.token, req.body.password, req.meta),
  );

}

function meRoutes(app: FastifyInstance, ctx: AppContext, auth: AuthService, practiceSummary: PracticeSummary) {
  const route = routesOf(app, tags);
  route.get('/api/me', { access: { allowDuringEnrollment: true }, summary: 'The signed-in user, roles, practice and session', response: MeResponse }, async (req) => {
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
  });

  route.post('/api/me/active-role', { summary: 'Switch the active role', body: ActiveRoleRequest, status: 204 }, async (req) =>
    auth.setActiveRole(sessionOf(req), req.body.role, req.meta),
  );

  route.post('/api/session/keepalive', { access: { allowDuringEnrollment: true }, summary: '"Stay signed in": a user action that resets the idle timer', body: Empty.optional(), status: 204 }, async () => undefined);

  route.get('/api/me/sessions', { access: { allowDuringEnrollment: true }, summary: 'My live sessions', response: z.object({ sessions: z.array(SessionInfo) }) }, async (req) => {
    const s = sessionOf(req);
    return { sessions: await auth.listSessions(s.user.id, s.session.id) };
  });

  route.delete('/api/me/sessions/:id', { access: { allowDuringEnrollment: true }, summary: 'Revoke one of my sessions', params: IdParams, status: 204 }, async (req, reply) => {
    const s = sessionOf(req);
    await auth.revokeSession(s, s.user.id, req.params.id, req.meta);
    if (req.params.id === s.session.id) clearSessionCookie(reply, ctx.config);
  });

  route.post('/api/me/password', { access: { allowDuringEnrollment: true }, summary: 'Change my password (ends my other sessions)', body: ChangePasswordRequest, status: 204 }, async (req) =>
    auth.changePassword(sessionOf(req), req.body.currentPassword, req.body.newPassword, req.meta),
  );

}

function factorRoutes(app: FastifyInstance, auth: AuthService) {
  const route = routesOf(app, tags);
  route.post('/api/auth/mfa/totp', { access: { allowDuringEnrollment: true }, summary: 'Start authenticator-app enrolment', body: Empty.optional(), response: TotpEnrolResponse }, async (req) =>
    auth.startTotp(sessionOf(req)),
  );

  route.post('/api/auth/mfa/totp/verify', { access: { allowDuringEnrollment: true }, summary: 'Confirm enrolment with a code; returns recovery codes once', body: TotpVerifyRequest, response: RecoveryCodesResponse }, async (req) => ({
    recoveryCodes: await auth.confirmTotp(sessionOf(req), req.body.code, req.meta),
  }));

  route.delete('/api/auth/mfa/totp', { summary: 'Remove the authenticator app', body: PasswordConfirmRequest, status: 204 }, async (req) =>
    auth.removeTotp(sessionOf(req), req.body.password, req.meta),
  );

  route.post('/api/auth/mfa/recovery-codes', { summary: 'Replace my recovery codes', body: PasswordConfirmRequest, response: RecoveryCodesResponse }, async (req) => ({
    recoveryCodes: await auth.regenerateRecoveryCodes(sessionOf(req), req.body.password, req.meta),
  }));

  route.post('/api/auth/mfa/webauthn/register/options', { access: { allowDuringEnrollment: true }, summary: 'Options to register a security key', body: Empty.optional() }, async (req) =>
    auth.webauthnRegisterOptions(sessionOf(req)),
  );

  route.post('/api/auth/mfa/webauthn/register', { access: { allowDuringEnrollment: true }, summary: 'Register a security key', body: WebauthnRegisterRequest, status: 201 }, async (req) =>
    auth.webauthnRegister(sessionOf(req), req.body.name, req.body.response, req.meta),
  );

  route.delete('/api/auth/mfa/webauthn/credentials/:id', { summary: 'Remove a security key', params: IdParams, status: 204 }, async (req) =>
    auth.removeWebauthn(sessionOf(req), req.params.id, req.meta),
  );
}
