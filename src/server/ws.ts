// The one WebSocket entry (/ws). Authenticated from the session cookie by the auth guard (Origin
// checked there too); messages are a typed union validated on arrival; sockets close on logout,
// revocation, idle timeout and shutdown. Heartbeats never count as user activity.
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { ClientSocketMessage, type ServerSocketMessage } from '../shared/api.js';
import type { AppContext } from './context.js';
import type { AuthService } from './modules/auth/service.js';

const MAX_MESSAGE_BYTES = 16 * 1024;
const SWEEP_MS = 15_000;

export class SocketRegistry {
  private readonly bySession = new Map<string, Set<WebSocket>>();

  add(sessionId: string, ws: WebSocket) {
    const set = this.bySession.get(sessionId) ?? new Set();
    set.add(ws);
    this.bySession.set(sessionId, set);
    ws.on('close', () => {
      set.delete(ws);
      if (!set.size) this.bySession.delete(sessionId);
    });
  }

  end(sessionIds: string[], reason: Extract<ServerSocketMessage, { type: 'session_ended' }>['reason']) {
    for (const id of sessionIds) {
      for (const ws of this.bySession.get(id) ?? []) {
        send(ws, { type: 'session_ended', reason });
        ws.close(4001, reason);
      }
    }
  }

  sessionIds(): string[] {
    return [...this.bySession.keys()];
  }

  get size(): number {
    let n = 0;
    for (const s of this.bySession.values()) n += s.size;
    return n;
  }

  closeAll() {
    for (const set of this.bySession.values()) for (const ws of set) ws.close(1001, 'server shutting down');
  }
}

function send(ws: WebSocket, msg: ServerSocketMessage) {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

export async function registerWebSocket(app: FastifyInstance, ctx: AppContext, auth: AuthService, sockets: SocketRegistry) {
  await app.register(websocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });

  // An upgrade that was refused (no session, wrong Origin, rate limit) leaves a raw socket the HTTP
  // server no longer tracks: close it once the refusal is written, or it lingers until shutdown.
  app.addHook('onResponse', async (req, reply) => {
    if (req.headers.upgrade && reply.statusCode !== 101 && !req.raw.socket.destroyed) req.raw.socket.end();
  });

  app.get('/ws', { websocket: true, config: { allowDuringEnrollment: true } }, (socket, req) => {
    const s = req.auth!;
    sockets.add(s.session.id, socket);
    socket.on('error', (err) => req.log.warn({ err: { type: err.name } }, 'socket error'));
    socket.on('message', (raw) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString());
      } catch {
        return send(socket, { type: 'error', code: 'invalid_json' });
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
  });

  // Sessions can end without a request (idle, absolute limit, revoked on another instance):
  // a sweep re-checks every session that holds a socket and closes the ones that ended.
  const timer = setInterval(() => {
    void (async () => {
      for (const id of sockets.sessionIds()) {
        const row = await ctx.db.selectFrom('sessions').select('token_hash').where('id', '=', id).executeTakeFirst();
        if (!row) {
          sockets.end([id], 'revoked');
          continue;
        }
        const st = await auth.sessions.resolveByHash(row.token_hash);
        if (!st.ok) sockets.end([id], st.reason === 'idle' ? 'idle' : st.reason === 'expired' ? 'expired' : 'revoked');
      }
    })().catch((err: Error) => ctx.log.warn({ err: { type: err.name } }, 'socket sweep failed'));
  }, SWEEP_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    sockets.closeAll();
  });
}
