// The one WebSocket entry: /ws for staff, /portal/ws for clients (a portal session, or the guest
// session of a redeemed join link). Authenticated from the session cookie by the auth guard (Origin
// checked there too; a socket without a session is refused with 401 before the upgrade); messages
// are a typed union validated on arrival and dispatched by type (ping here, call.* to the call
// signaling hub); sockets close on logout, revocation, idle timeout and shutdown. Heartbeats never
// count as user activity. An upgrade on any other path is refused before it happens; what a client
// can provoke at will (oversize messages, malformed frames) is logged by type and code at info
// level, a few lines a minute at most.
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { ClientSocketMessage } from '../shared/api.js';
import type { AppContext, RequestMeta } from './context.js';
import type { Clock } from './lib/clock.js';
import { AppError } from './errors.js';
import { cookieName } from './plugins/auth.js';
import type { AuthService } from './modules/auth/service.js';
import type { CallIdentity, CallService, CallSignaling } from './modules/calls/index.js';
import { portalSocketKey, type PortalService } from './modules/portal/service.js';
import { send, type SocketRegistry } from './sockets.js';

export { SocketRegistry } from './sockets.js';

const MAX_MESSAGE_BYTES = 16 * 1024;
/** The only paths that upgrade; an upgrade request anywhere else gets its 401/404, never a 101. */
const SOCKET_PATHS = new Set(['/ws', '/portal/ws']);
/** Per process: a flood of bad frames must not flood the log (nor the disk behind it). */
export const SOCKET_ERROR_LOG_LINES_PER_MINUTE = 10;

/**
 * At most `perMinute` lines in each minute; the first line of a later minute is preceded by how
 * many were left out before it.
 */
export class LogBudget {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;
  private dropped = 0;

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Whether this line may be written, and how many earlier ones were not (reported once). */
  take(): { allowed: boolean; notLogged: number } {
    const now = this.clock.now();
    let notLogged = 0;
    if (now - this.windowStart >= 60_000) {
      notLogged = this.dropped;
      this.windowStart = now;
      this.used = 0;
      this.dropped = 0;
    }
    if (this.used >= this.perMinute) {
      this.dropped++;
      return { allowed: false, notLogged };
    }
    this.used++;
    return { allowed: true, notLogged };
  }
}

/** Errors a peer causes: protocol violations ws detects (WS_ERR_*) and connections cut short. */
function clientCaused(err: Error & { code?: unknown }): boolean {
  const code = typeof err.code === 'string' ? err.code : '';
  return code.startsWith('WS_ERR_') || code === 'ECONNRESET' || code === 'EPIPE';
}

const guestSocketKey = (id: string) => `call:${id}`;


export interface SocketDeps {
  auth: AuthService;
  portal: PortalService;
  calls: CallService;
  signaling: CallSignaling;
}

/** Reads, validates and dispatches one socket's messages. */
function serve(socket: WebSocket, ctx: AppContext, deps: SocketDeps, who: CallIdentity, meta: RequestMeta) {
  deps.signaling.attach(socket, who, meta);
  socket.on('message', (raw) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString());
    } catch {
      return send(socket, { type: 'error', code: 'invalid_json' });
    }
    const type = typeof parsed === 'object' && parsed !== null && 'type' in parsed ? (parsed as { type: unknown }).type : undefined;
    if (typeof type === 'string' && type.startsWith('call.')) {
      void deps.signaling.handle(socket, parsed);
      return;
    }
    const msg = ClientSocketMessage.safeParse(parsed);
    if (!msg.success) return send(socket, { type: 'error', code: 'invalid_message' });
    switch (msg.data.type) {
      case 'ping':
        return send(socket, { type: 'pong', id: msg.data.id, serverTime: new Date(ctx.clock.now()).toISOString() });
      default: {
        const never: never = msg.data.type;
        return never;
      }
    }
  });
}

export async function registerWebSocket(app: FastifyInstance, ctx: AppContext, deps: SocketDeps, sockets: SocketRegistry) {
  const { auth, portal, calls } = deps;
  // Every error on an open socket comes here (the plugin's default logs the error's message and
  // stack at error level, which any signed-in user could trigger at will). By type and code only;
  // client-caused ones at info. ws has already closed the socket with its code (1002, 1009, …).
  const budget = new LogBudget(SOCKET_ERROR_LOG_LINES_PER_MINUTE, ctx.clock);
  const errorHandler = (err: Error & { code?: unknown }, socket: WebSocket) => {
    const { allowed, notLogged } = budget.take();
    if (notLogged) ctx.log.info({ notLogged }, 'socket protocol errors not logged');
    if (allowed) {
      // Top-level fields: a nested `code` is redacted by the logger (it may be a sign-in code).
      const fields = { errType: err.name, errCode: typeof err.code === 'string' ? err.code : undefined };
      if (clientCaused(err)) ctx.log.info(fields, 'socket protocol error');
      else ctx.log.error(fields, 'socket handler failed');
    }
    socket.terminate();
  };
  await app.register(websocket, { options: { maxPayload: MAX_MESSAGE_BYTES }, errorHandler });

  // Only the two socket routes upgrade. Any other path (a public page, the SPA's catch-all, an API
  // route, an unknown one) would otherwise be upgraded by the plugin and then closed: refuse it as
  // an HTTP answer instead (routes that need a session have already answered 401).
  app.addHook('onRequest', async (req) => {
    if (req.ws && !SOCKET_PATHS.has(req.routeOptions.url ?? '')) throw new AppError('not_found', 404, 'No socket at this address');
  });

  // An upgrade that was refused (no session, wrong Origin, rate limit) leaves a raw socket the HTTP
  // server no longer tracks: close it once the refusal is written, or it lingers until shutdown.
  app.addHook('onResponse', async (req, reply) => {
    if (req.headers.upgrade && reply.statusCode !== 101 && !req.raw.socket.destroyed) req.raw.socket.end();
  });

  app.get('/ws', { websocket: true, config: { allowDuringEnrollment: true } }, (socket, req) => {
    const s = req.auth!;
    sockets.add(s.session.id, socket);
    serve(socket, ctx, deps, { kind: 'staff', userId: s.user.id, practiceId: s.user.practiceId, role: s.session.active_role as Extract<CallIdentity, { kind: 'staff' }>['role'], sessionId: s.session.id }, req.meta);
  });

  // Clients: a portal session, or the guest session of a join link (good for one call). The
  // identity is resolved before the upgrade: the message handler must be attached as soon as the
  // socket opens, or a message sent at once (a join) would be lost while a lookup ran.
  const identities = new WeakMap<object, CallIdentity>();
  app.get(
    '/portal/ws',
    {
      websocket: true,
      config: { portal: true, public: true },
      preValidation: async (req) => {
        if (req.portal) {
          if (req.portal.session.state !== 'active') throw new AppError('mfa_required', 401, 'Finish signing in with your code');
          identities.set(req, await calls.portalIdentity(req.portal.accountId, req.portal.session.id));
          return;
        }
        const token = req.cookies[cookieName(ctx.config, 'call')];
        const g = token ? await calls.resolveGuest(token) : null;
        if (!g) throw new AppError('unauthenticated', 401, 'Sign in to your portal, or open your join link again');
        identities.set(req, g);
      },
    },
    (socket, req) => {
      const who = identities.get(req)!;
      if (req.portal) sockets.add(portalSocketKey(req.portal.session.id), socket);
      else sockets.add(guestSocketKey(who.kind === 'guest' ? who.guestSessionId : ''), socket);
      serve(socket, ctx, deps, who, req.meta);
    },
  );

  // Sessions can end without a request (idle, absolute limit, revoked on another instance):
  // a sweep re-checks every session that holds a socket and closes the ones that ended.
  const timer = setInterval(() => {
    void (async () => {
      for (const id of sockets.sessionIds()) {
        if (id.startsWith('portal:')) {
          const row = await ctx.db.selectFrom('client_sessions').select('token_hash').where('id', '=', id.slice(7)).executeTakeFirst();
          const st = row ? await portal.resolveByHash(row.token_hash) : ({ ok: false, reason: 'revoked' } as const);
          if (!st.ok) sockets.end([id], st.reason === 'idle' ? 'idle' : st.reason === 'expired' ? 'expired' : 'revoked');
          continue;
        }
        if (id.startsWith('call:')) {
          if (!(await calls.guestAlive(id.slice(5)))) sockets.end([id], 'expired');
          continue;
        }
        const row = await ctx.db.selectFrom('sessions').select('token_hash').where('id', '=', id).executeTakeFirst();
        if (!row) {
          sockets.end([id], 'revoked');
          continue;
        }
        const st = await auth.sessions.resolveByHash(row.token_hash);
        if (!st.ok) sockets.end([id], st.reason === 'idle' ? 'idle' : st.reason === 'expired' ? 'expired' : 'revoked');
      }
    })().catch((err: Error) => ctx.log.warn({ err: { type: err.name } }, 'socket sweep failed'));
  }, ctx.config.socketSweepMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    sockets.closeAll();
  });
}
