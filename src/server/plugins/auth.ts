// Default-deny: every route needs a live session unless it declares `config: { public: true }`.
// Resolves the session cookie, enforces idle/absolute limits, MFA state, CSRF and role permissions,
// and marks user activity (never for background requests or sockets).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { AppContext, RequestMeta } from '../context.js';
import { AppError } from '../errors.js';
import { clientConflict } from '../i18n/errors.js';
import { safeEqual } from '../lib/tokens.js';
import type { AuthService, ResolvedPortalSession, ResolvedSession } from '../modules/auth/index.js';
import { BACKGROUND_HEADER, CSRF_HEADER, IDLE_EXPIRES_HEADER } from '../../shared/api.js';
import { roleCan, type Permission } from '../../shared/roles.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (listed in the public allow-list test). */
    public?: boolean;
    /** Reachable by a session that has passed the password but not yet the second factor. */
    allowPendingMfa?: boolean;
    /** Reachable while the practice requires MFA and the user has not enrolled yet. */
    allowDuringEnrollment?: boolean;
    /** The active role must grant this. */
    permission?: Permission;
    /** A client-portal route: authenticated by the portal cookie, never by a staff session. */
    portal?: boolean;
  }
  interface FastifyRequest {
    auth: ResolvedSession | null;
    portal: ResolvedPortalSession | null;
    meta: RequestMeta;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 'call': a guest of one call, from a redeemed join link. */
export type Principal = 'staff' | 'portal' | 'call';

export function cookieName(config: Readonly<Config>, principal: Principal = 'staff'): string {
  const base = principal === 'staff' ? 'hearth_sid' : principal === 'portal' ? 'hearth_portal_sid' : 'hearth_call_sid';
  return config.cookieSecure ? `__Host-${base}` : base;
}

export function setSessionCookie(reply: FastifyReply, config: Readonly<Config>, token: string, principal: Principal = 'staff') {
  reply.setCookie(cookieName(config, principal), token, {
    path: '/',
    httpOnly: true,
    secure: config.cookieSecure,
    sameSite: 'strict',
    // No Max-Age: the cookie ends with the browser; the server enforces idle and absolute limits.
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Readonly<Config>, principal: Principal = 'staff') {
  reply.clearCookie(cookieName(config, principal), { path: '/', httpOnly: true, secure: config.cookieSecure, sameSite: 'strict' });
}

export function mfaEnrollmentRequired(s: ResolvedSession): boolean {
  return s.session.state === 'active' && s.practice.requireMfa && !s.user.hasTotp && !s.user.hasWebauthn;
}

/** The session of a route that requires one (the guard has already run). */
export function sessionOf(req: FastifyRequest): ResolvedSession {
  if (!req.auth) throw new AppError('unauthenticated', 401, 'Sign in to continue');
  return req.auth;
}

/** The portal session of a portal route that requires one (the guard has already run). */
export function portalSessionOf(req: FastifyRequest): ResolvedPortalSession {
  if (!req.portal) throw new AppError('unauthenticated', 401, 'Sign in to continue');
  return req.portal;
}

/**
 * The checks both principals' sessions pass on every request: CSRF on state changes, no session
 * (or one that ended) refused with why, a session still waiting for its second factor kept to the
 * second-factor routes and kept out of them once signed in. Answers whether to go on (false on a
 * public route, which acts on no session).
 */
function checkSession(
  req: FastifyRequest,
  s: { session: { state: string; csrf_token: string } } | null,
  ended: string | null,
  route: { isPublic: boolean; allowPendingMfa: boolean; pendingMessage: string; pendingAllowedWhenActive: boolean },
): boolean {
  // Public routes (sign-in, sign-up, links from mail) act on no session, so an existing cookie
  // must not make them demand its token; the Origin checks still guard them.
  if (s && !route.isPublic && !SAFE_METHODS.has(req.method)) {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, s.session.csrf_token)) {
      throw new AppError('csrf_failed', 403, `Missing or wrong ${CSRF_HEADER} header`, CSRF_HEADER);
    }
  }
  if (route.isPublic) return false;
  if (!s) {
    if (ended === 'idle' || ended === 'expired') throw new AppError('session_expired', 401, 'Your session ended; sign in again');
    throw new AppError('unauthenticated', 401, 'Sign in to continue');
  }
  if (s.session.state === 'mfa_pending' && !route.allowPendingMfa) throw new AppError('mfa_required', 401, route.pendingMessage);
  // Second-factor endpoints of sign-in are for pending sessions only.
  if (s.session.state === 'active' && route.allowPendingMfa && !route.pendingAllowedWhenActive) throw clientConflict('errors.session.signedIn');
  return true;
}

export function registerAuthGuard(app: FastifyInstance, ctx: AppContext, identity: AuthService) {
  const origin = new URL(ctx.config.publicUrl).origin;
  app.decorateRequest('auth', null);
  app.decorateRequest('portal', null);
  app.decorateRequest('meta', null as unknown as RequestMeta);

  /**
   * Resolves the principal's cookie; a cookie whose session is over is cleared, and why is answered.
   * Not a superseded one: the browser holds its successor's cookie by now, or will when the second
   * step's answer lands, and clearing "the" cookie would sign that new session out. A poll sent with
   * the half-signed-in cookie and answered after the second step did exactly that (CI, onboarding).
   */
  async function resolveCookie<T>(
    req: FastifyRequest,
    reply: FastifyReply,
    principal: 'staff' | 'portal',
    resolve: (token: string) => Promise<{ ok: true; value: T } | { ok: false; reason: string }>,
  ): Promise<{ value: T | null; ended: string | null }> {
    const token = req.cookies[cookieName(ctx.config, principal)];
    if (!token) return { value: null, ended: null };
    const r = await resolve(token);
    if (r.ok) return { value: r.value, ended: null };
    if (r.reason !== 'superseded') clearSessionCookie(reply, ctx.config, principal);
    return { value: null, ended: r.reason };
  }

  app.addHook('onRequest', async (req, reply) => {
    req.meta = { ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '').slice(0, 256) };
    const cfg = req.routeOptions.config ?? {};
    const isPublic = cfg.public === true || !req.routeOptions.url;
    const isSocket = req.headers.upgrade?.toLowerCase() === 'websocket';

    // Cross-site requests never change state or open sockets, with or without a session.
    const reqOrigin = req.headers.origin;
    if ((!SAFE_METHODS.has(req.method) || isSocket) && reqOrigin && reqOrigin !== origin) {
      throw new AppError('csrf_failed', 403, 'Cross-origin request refused');
    }
    if (!SAFE_METHODS.has(req.method) && req.headers['sec-fetch-site'] === 'cross-site') {
      throw new AppError('csrf_failed', 403, 'Cross-site request refused');
    }

    if (cfg.portal) return guardPortal(req, reply, isPublic, cfg.allowPendingMfa === true);

    const { value, ended } = await resolveCookie(req, reply, 'staff', (t) => identity.sessions.resolve(t));
    req.auth = value;
    const route = { isPublic, allowPendingMfa: cfg.allowPendingMfa === true, pendingMessage: 'Finish signing in with your second factor', pendingAllowedWhenActive: cfg.allowDuringEnrollment === true };
    if (!checkSession(req, value, ended, route)) return;
    const s = value!;
    if (mfaEnrollmentRequired(s) && !cfg.allowDuringEnrollment) {
      throw new AppError('mfa_enrollment_required', 403, 'Your practice requires two-factor sign-in; set it up to continue');
    }
    if (cfg.permission) {
      const role = s.session.active_role as Parameters<typeof roleCan>[0];
      if (!s.roles.includes(role) || !roleCan(role, cfg.permission)) {
        await ctx.audit.record({
          actor: { type: 'user', id: s.user.id },
          practiceId: s.user.practiceId,
          action: 'access_denied',
          resource: { type: 'route', id: `${req.method} ${req.routeOptions.url}` },
          outcome: 'denied',
          ip: req.meta.ip,
          userAgent: req.meta.userAgent,
          details: { permission: cfg.permission, role },
        });
        throw new AppError('forbidden', 403, 'Your active role does not allow this');
      }
    }
    if (!isSocket && req.headers[BACKGROUND_HEADER] !== '1' && s.session.state === 'active') await identity.sessions.touch('staff', s);
    reply.header(IDLE_EXPIRES_HEADER, new Date(s.idleExpiresAt).toISOString());
  });

  async function guardPortal(req: FastifyRequest, reply: FastifyReply, isPublic: boolean, allowPendingMfa: boolean) {
    const { value, ended } = await resolveCookie(req, reply, 'portal', (t) => identity.sessions.resolveClient(t));
    req.portal = value;
    if (!checkSession(req, value, ended, { isPublic, allowPendingMfa, pendingMessage: 'Finish signing in with your code', pendingAllowedWhenActive: false })) return;
    const s = value!;
    if (req.headers[BACKGROUND_HEADER] !== '1' && s.session.state === 'active') await identity.sessions.touch('client', s);
    reply.header(IDLE_EXPIRES_HEADER, new Date(s.idleExpiresAt).toISOString());
  }
}
