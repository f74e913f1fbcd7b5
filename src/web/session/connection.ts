// The connection indicator's source of truth: the real /ws heartbeat. A pong must come back
// within PONG_DEADLINE_MS; a closed or silent socket is retried with full-jitter backoff
// (../lib/backoff.ts: caps from 250 ms, 1 s through the first ~15 s, up to 8 s, starting over after a pong); the browser's own
// online/offline events short-cut both directions, and the page becoming visible again tries at once.
//
// The same socket carries the server's other messages (a call ringing, a ring stopping): other
// parts of the app listen with onServerMessage and learn of each (re)connection with onConnected,
// rather than opening sockets of their own. Each principal runs its own instance (./staff.ts on /ws,
// ./portal.ts on /portal/ws).
import type { ServerSocketMessage } from '../../shared/api.js';
import type { CallServerMessage } from '../../shared/calls.js';
import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import { ApiError, fieldReason, isApiError } from '../api/factory.js';
import { apiProblemText } from '../components/problemText.js';
import { Backoff } from '../lib/backoff.js';

/** Anything the server may send on the socket. */
export type SocketMessage = ServerSocketMessage | CallServerMessage;

export type ConnectionState = 'online' | 'reconnecting' | 'offline';

const PING_INTERVAL_MS = 10_000;
const PONG_DEADLINE_MS = 5_000;
/**
 * After this many failed attempts in a row the indicator says offline rather than reconnecting:
 * with the caps of ../lib/backoff.ts (250 ms, 500 ms, then 1 s) about 3.4 s on average.
 */
const OFFLINE_AFTER_ATTEMPTS = 8;
/** The session probe after failed attempts runs at most this often (it is an HTTP request each time). */
export const PROBE_EVERY_MS = 5_000;

type Listener = () => void;

export interface HeartbeatOptions {
  /** Where the socket connects (same origin). */
  path: string;
  /**
   * After repeated failures: ask the API (in the background, so it is not activity) whether the
   * session still exists; a 401 there ends it in the client.
   */
  probe: () => Promise<unknown>;
}

export class Heartbeat {
  private state: ConnectionState = typeof navigator !== 'undefined' && !navigator.onLine ? 'offline' : 'online';
  private listeners = new Set<Listener>();
  private ws: WebSocket | null = null;
  private running = false;
  private readonly backoff = new Backoff();
  private nextId = 0;
  private pendingId: number | null = null;
  private pingTimer: ReturnType<typeof setTimeout> | undefined;
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private probedAt = -Infinity;
  private sessionEndedHandler: ((reason: string) => void) | null = null;
  private messageListeners = new Set<(msg: SocketMessage) => void>();
  private connectedListeners = new Set<Listener>();

  constructor(private readonly opts: HeartbeatOptions) {
    // The browser's network events are followed while no one is signed in too (a sign-in page's
    // indicator); each instance lives as long as the page.
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.handleOnline);
      window.addEventListener('offline', this.handleOffline);
      document.addEventListener('visibilitychange', this.handleVisible);
    }
  }

  getState = (): ConnectionState => this.state;
  subscribe = (l: Listener) => {
    this.listeners.add(l);
    return () => {
      this.listeners.delete(l);
    };
  };
  onSessionEnded(fn: (reason: string) => void) {
    this.sessionEndedHandler = fn;
  }
  /** Every message the server sends (pongs included); returns the unsubscribe. */
  onServerMessage(fn: (msg: SocketMessage) => void) {
    this.messageListeners.add(fn);
    return () => {
      this.messageListeners.delete(fn);
    };
  }
  /** Each time the socket opens (the first time and after every reconnect); returns the unsubscribe. */
  onConnected(fn: Listener) {
    this.connectedListeners.add(fn);
    return () => {
      this.connectedListeners.delete(fn);
    };
  }
  /** Sends a message if the socket is open; false when it is not (the caller decides what to do). */
  send(msg: unknown): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    try {
      ws.send(JSON.stringify(msg));
      return true;
    } catch {
      return false;
    }
  }
  /** True while started (a session is signed in here). */
  get started() {
    return this.running;
  }

  private setState(s: ConnectionState) {
    if (s === this.state) return;
    this.state = s;
    this.listeners.forEach((l) => l());
  }

  private handleOnline = () => {
    if (!this.running) return this.setState('online');
    clearTimeout(this.reconnectTimer);
    this.backoff.reset();
    if (this.ws) this.ping();
    else this.connect();
  };
  /** Back in view (a phone unlocked): a socket that is down tries at once; one that is up is checked. */
  private handleVisible = () => {
    if (document.visibilityState !== 'visible' || !this.running) return;
    if (this.ws) return this.ping();
    clearTimeout(this.reconnectTimer);
    this.connect();
  };
  private handleOffline = () => {
    this.setState('offline');
  };

  start() {
    if (this.running) return;
    this.running = true;
    this.backoff.reset();
    this.connect();
  }

  stop() {
    this.running = false;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'client stop');
    this.setState(navigator.onLine ? 'online' : 'offline');
  }

  private clearTimers() {
    clearTimeout(this.pingTimer);
    clearTimeout(this.deadlineTimer);
    clearTimeout(this.reconnectTimer);
    this.pendingId = null;
  }

  private connect() {
    if (!this.running) return;
    // The browser's offline flag is a hint, not a verdict (a machine with no default route can
    // still reach its own server): say offline, but try anyway, with the usual backoff.
    if (!navigator.onLine) this.setState('offline');
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${this.opts.path}`;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.ping();
      this.connectedListeners.forEach((l) => l());
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      let msg: SocketMessage;
      try {
        msg = JSON.parse(String(ev.data)) as SocketMessage;
      } catch {
        return;
      }
      if (msg.type === 'pong' && msg.id === this.pendingId) {
        clearTimeout(this.deadlineTimer);
        this.pendingId = null;
        this.backoff.reset();
        this.setState('online');
        this.pingTimer = setTimeout(() => this.ping(), PING_INTERVAL_MS);
      } else if (msg.type === 'session_ended') {
        this.sessionEndedHandler?.(msg.reason);
      }
      for (const l of this.messageListeners) {
        try {
          l(msg);
        } catch (e) {
          console.error('socket message listener failed', e);
        }
      }
    };
    ws.onerror = () => {
      /* a close event follows */
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearTimeout(this.pingTimer);
      clearTimeout(this.deadlineTimer);
      this.pendingId = null;
      if (this.running) this.scheduleReconnect();
    };
  }

  private ping() {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    clearTimeout(this.pingTimer);
    clearTimeout(this.deadlineTimer);
    const id = ++this.nextId;
    this.pendingId = id;
    try {
      ws.send(JSON.stringify({ type: 'ping', id }));
    } catch {
      /* deadline below handles it */
    }
    this.deadlineTimer = setTimeout(() => {
      if (this.ws !== ws) return;
      // No pong in time: treat the socket as dead even if TCP has not noticed yet.
      this.setState(navigator.onLine ? 'reconnecting' : 'offline');
      this.ws = null;
      ws.close();
      this.scheduleReconnect();
    }, PONG_DEADLINE_MS);
  }

  private scheduleReconnect() {
    if (!this.running) return;
    const delay = this.backoff.next();
    const attempts = this.backoff.attempts;
    this.setState(!navigator.onLine || attempts >= OFFLINE_AFTER_ATTEMPTS ? 'offline' : 'reconnecting');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (attempts >= 3 && Date.now() - this.probedAt >= PROBE_EVERY_MS) {
        // A socket refused for a lost session looks like any failed upgrade; ask the API
        // (in the background, so it is not activity): a 401 ends the session in the client.
        // Not on every try: the tries come up to twice a second while the caps are 1 s.
        this.probedAt = Date.now();
        this.opts.probe().catch(() => undefined);
      }
      this.connect();
    }, delay);
  }
}

const failure: Record<'offline' | 'unreachable' | 'unavailable' | 'tooMany' | 'refused', MessageDescriptor> = defineMessages({
  offline: { id: 'session.failure.offline', defaultMessage: '{what}: this device is offline. It is kept here; send it again when you are back online.' },
  unreachable: { id: 'session.failure.unreachable', defaultMessage: "{what}: Hearth's server can't be reached right now. It is kept here; try again in a moment." },
  unavailable: {
    id: 'session.failure.unavailable',
    defaultMessage:
      '{what}: Hearth is unavailable for a moment (the server answered {status}). It is kept here. {seconds, plural, =0 {Try again in a moment.} one {Try again in # second.} other {Try again in # seconds.}}',
  },
  tooMany: { id: 'session.failure.too-many', defaultMessage: '{what}: too many requests. {seconds, plural, =0 {Try again in a moment.} one {Try again in # second.} other {Try again in # seconds.}}' },
  refused: { id: 'session.failure.refused', defaultMessage: '{what}: {reason}' },
});

/**
 * What to tell someone whose request failed, truthfully and in the page's language: this device
 * is offline, or Hearth's server cannot be reached (no answer while the browser has a network), or
 * the server is unavailable for a moment (5xx), or the request was refused and why (4xx, the
 * server's reason, which it words in the page's language). Returns an ApiError with that sentence
 * as the form summary; a refused field keeps the server's own words beside it. `what` names the
 * thing not done, already in the page's language ("Your message was not sent").
 *
 * The result's code is `explained`: the form shows its message as it is, rather than wording the
 * original code again (../components/problemText.ts apiProblemText words network_error and
 * overloaded on their own). The original code stays in the answer's body (`data`).
 */
export function explainFailure(intl: IntlShape, e: unknown, what: string): unknown {
  if (!isApiError(e)) return e;
  const online = typeof navigator === 'undefined' || navigator.onLine !== false;
  const seconds = e.retryAfterSeconds ?? 0;
  let message: string;
  if (e.status === 0) message = intl.formatMessage(online ? failure.unreachable : failure.offline, { what });
  else if (e.status >= 500) message = intl.formatMessage(failure.unavailable, { what, status: String(e.status), seconds });
  else if (e.status === 429) message = intl.formatMessage(failure.tooMany, { what, seconds });
  else message = intl.formatMessage(failure.refused, { what, reason: apiProblemText(intl, e) });
  const issues = e.field && !e.issues.some((i) => i.field === e.field) ? [...e.issues, { field: e.field, message: fieldReason(e) ?? e.message }] : e.issues;
  return new ApiError(e.status, { code: EXPLAINED, message, ...(e.field ? { field: e.field } : {}), issues }, undefined, e.data);
}

/** The code of explainFailure's result: its message is the whole sentence to show. */
export const EXPLAINED = 'explained';
