// The call's signaling socket: reconnects with backoff (0.5 s doubling to 8 s) until stopped, or
// until the engine says there is nothing to reconnect to (the session ended). What to send on
// (re)opening and what a message or a close means is the engine's (./engine.ts).
import type { CallServerMessage } from '../../../../shared/calls.js';

const MAX_BACKOFF_MS = 8000;

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
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly path: '/ws' | '/portal/ws',
    private readonly on: SignalingHandlers,
  ) {}

  start(): void {
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.reconnectTimer);
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
      this.attempts = 0;
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
      if (!this.on.onClose(ev.code)) {
        this.running = false;
        return;
      }
      this.scheduleReconnect();
    };
    ws.onerror = () => undefined;
  }

  private scheduleReconnect() {
    if (!this.running) return;
    clearTimeout(this.reconnectTimer);
    const delay = Math.min(500 * 2 ** this.attempts, MAX_BACKOFF_MS);
    this.attempts++;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }
}
