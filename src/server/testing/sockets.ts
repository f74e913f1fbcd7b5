// A test's WebSocket peer: opens /ws or /portal/ws with a cookie and the app's Origin, keeps every
// message, and waits for the next one matching a predicate (never for a fixed time).
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';

export type Msg = { type: string; [k: string]: unknown };

export class TestSocket {
  readonly received: Msg[] = [];
  private waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as Msg;
      const i = this.waiters.findIndex((w) => w.pred(m));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
      else this.received.push(m);
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
    ws.on('error', () => undefined);
  }

  /** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
  static async open(url: string, opts: { cookie?: string; origin: string }): Promise<TestSocket> {
    const ws = new WebSocket(url, { headers: { origin: opts.origin, ...(opts.cookie ? { cookie: opts.cookie } : {}) } });
    const s = new TestSocket(ws);
    const result = await Promise.race([
      once(ws, 'open').then(() => 'open' as const),
      once(ws, 'unexpected-response').then(([, res]) => (res as IncomingMessage).statusCode ?? 0),
    ]);
    if (result !== 'open') {
      ws.terminate();
      throw Object.assign(new Error(`upgrade refused: ${result}`), { status: result });
    }
    return s;
  }

  send(m: unknown): void {
    this.ws.send(typeof m === 'string' ? m : JSON.stringify(m));
  }

  /** The first message (already received or still to come) matching `pred`; removed from the buffer. */
  next(pred: (m: Msg) => boolean = () => true, timeoutMs = 5000): Promise<Msg> {
    const i = this.received.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.received.splice(i, 1)[0]!);
    // Where the wait was made, for the timeout's message (the timer's own stack says nothing).
    const where = (new Error().stack ?? '').split('\n').find((l) => l.includes('.test.ts')) ?? '';
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (m: Msg) => (clearTimeout(t), resolve(m)) };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`no matching message within ${timeoutMs} ms (${where.trim()}); received: ${JSON.stringify(this.received.slice(-5))}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  type(type: string, extra: (m: Msg) => boolean = () => true, timeoutMs?: number): Promise<Msg> {
    return this.next((m) => m.type === type && extra(m), timeoutMs);
  }

  /** Whether a message matching `pred` is already buffered (no wait). */
  has(pred: (m: Msg) => boolean): boolean {
    return this.received.some(pred);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const done = once(this.ws, 'close');
    this.ws.close();
    await done;
  }

  terminate(): void {
    this.ws.terminate();
  }
}
