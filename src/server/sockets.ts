// The open sockets of this process, by session, so that a session that ends (logout, revocation,
// idle timeout) closes its sockets at once. Apart from ws.ts (the HTTP upgrade), so that
// buildServices can hand `ctx.onSessionsEnded` to the modules without building anything HTTP.
import type { WebSocket } from 'ws';
import type { ServerSocketMessage } from '../shared/api.js';

export function send(ws: WebSocket, msg: ServerSocketMessage) {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

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
