// The call's signaling socket: reconnects with full-jitter backoff (../../../lib/backoff.ts: caps
// from 250 ms up to 8 s, starting over after a connection that held; at once when the browser is
// back online or the page visible again) until stopped, or until the engine says there is nothing
// to reconnect to (the session ended). What to send on (re)opening and what a message or a close
// means is the engine's (./engine.ts).
import type { CallServerMessage } from '../../../../shared/calls.js';
import { Backoff, onChanceToReconnect } from '../../../lib/backoff.js';

export interface SignalingHandlers {
  /** The socket opened, the first time or after a reconnect. */
  onOpen: () => void;
  onMessage: (msg: CallServerMessage) => void;
  /** The socket closed with `code`; false when there is nothing to reconnect to. */
  onClose: (code: number) => boolean;
}

export class SignalingSocket {
  private ws: WebSocket | null = null;
  private running = false;
  private readonly backoff = new Backoff();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private unwatch: (() => void) | null = null;

  constructor(
    private readonly path: '/ws' | '/portal/ws',
    private readonly on: SignalingHandlers,
  ) {}

  start(): void {
    this.running = true;
    this.unwatch ??= onChanceToReconnect(() => this.retryNow());
    this.connect();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    this.unwatch?.();
    this.unwatch = null;
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'left');
  }

  /** Sends if the socket is open; false when it is not. */
  send(m: unknown): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(m));
    return true;
  }

  private connect() {
    if (!this.running) return;
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${this.path}`;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      return this.scheduleReconnect();
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.backoff.opened();
      this.on.onOpen();
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      let msg: CallServerMessage | { type: 'session_ended' | 'pong' | 'error' };
      try {
        msg = JSON.parse(String(ev.data)) as CallServerMessage;
      } catch {
        return;
      }
      this.on.onMessage(msg as CallServerMessage);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.backoff.closed();
      if (!this.on.onClose(ev.code)) {
        this.running = false;
        return;
      }
      this.scheduleReconnect();
    };
    ws.onerror = () => undefined;
  }

  /** A chance the network is back: a socket that is down tries at once (one that is up is left alone). */
  private retryNow() {
    if (!this.running || this.ws) return;
    clearTimeout(this.reconnectTimer);
    this.connect();
  }

  private scheduleReconnect() {
    if (!this.running) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), this.backoff.next());
  }
}
