// The one way the SPA talks to the API: same origin, JSON, CSRF header on state-changing
// requests, and every response's idle-expiry header recorded so the idle warning is exact.
// Nothing here is ever written to localStorage/sessionStorage: the CSRF token lives in memory
// and is re-read from GET /api/me after a reload.
import type { z } from 'zod';
import { BACKGROUND_HEADER, CSRF_HEADER, ErrorBody, IDLE_EXPIRES_HEADER } from '../../shared/api.js';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly issues: { field: string; message: string }[];
  readonly retryAfterSeconds: number | undefined;
  /** The whole parsed response body, for errors that carry more than `error` (e.g. an import report). */
  readonly data: unknown;
  constructor(
    status: number,
    body: ErrorBody['error'],
    retryAfterSeconds?: number,
    data?: unknown,
  ) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.field = body.field;
    this.issues = body.issues ?? [];
    this.retryAfterSeconds = retryAfterSeconds;
    this.data = data;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

type Listener = () => void;

interface IdleState {
  /** When the server will end the session if nothing else happens (epoch ms), or null. */
  expiresAt: number | null;
  /** Length of the idle window as last observed after a user-initiated request (ms). */
  windowMs: number | null;
}

const state = {
  csrfToken: null as string | null,
  /** True while we believe a session exists; a 401 then means the session ended. */
  sessionActive: false,
  idle: { expiresAt: null, windowMs: null } as IdleState,
};
const idleListeners = new Set<Listener>();
let onSessionLost: (() => void) | null = null;
let onEnrolmentRequired: (() => void) | null = null;

export const session = {
  setCsrf(token: string | null) {
    state.csrfToken = token;
  },
  get active() {
    return state.sessionActive;
  },
  setActive(active: boolean) {
    state.sessionActive = active;
    if (!active) {
      state.csrfToken = null;
      state.idle = { expiresAt: null, windowMs: null };
      idleListeners.forEach((l) => l());
    }
  },
  getIdle(): IdleState {
    return state.idle;
  },
  subscribeIdle(l: Listener) {
    idleListeners.add(l);
    return () => idleListeners.delete(l);
  },
  /** Record an expiry known from elsewhere (e.g. GET /api/me body) */
  noteIdleExpiry(iso: string, userActivity: boolean) {
    recordIdle(iso, userActivity);
  },
  onSessionLost(fn: () => void) {
    onSessionLost = fn;
  },
  onEnrolmentRequired(fn: () => void) {
    onEnrolmentRequired = fn;
  },
};

function recordIdle(iso: string, userActivity: boolean) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return;
  const windowMs = userActivity ? Math.max(0, t - Date.now()) : state.idle.windowMs;
  if (t === state.idle.expiresAt && windowMs === state.idle.windowMs) return;
  state.idle = { expiresAt: t, windowMs: windowMs ?? Math.max(0, t - Date.now()) };
  idleListeners.forEach((l) => l());
}

export interface RequestOptions {
  /** Polling/heartbeat: tells the server this is not user activity. */
  background?: boolean;
  /** Auth endpoints answer 401 for bad credentials; that is not a lost session. */
  expectAuthFailure?: boolean;
  /** Send this text as the body with this content type instead of JSON (e.g. a CSV import). */
  raw?: { contentType: string; text: string };
  signal?: AbortSignal;
}

const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  schema?: z.ZodType<T>,
  opts: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const changing = STATE_CHANGING.has(method);
  if (changing) {
    headers['Content-Type'] = opts.raw ? opts.raw.contentType : 'application/json';
    if (state.csrfToken) headers[CSRF_HEADER] = state.csrfToken;
  }
  if (opts.background) headers[BACKGROUND_HEADER] = '1';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: changing ? (opts.raw ? opts.raw.text : JSON.stringify(body ?? {})) : undefined,
      signal: opts.signal,
    });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new ApiError(0, { code: 'network_error', message: "Couldn't reach Hearth. Check your connection." });
  }
  const idleHeader = res.headers.get(IDLE_EXPIRES_HEADER);
  if (idleHeader && res.ok) recordIdle(idleHeader, !opts.background);

  if (res.status === 204 || res.status === 202) {
    return undefined as T;
  }
  let data: unknown = undefined;
  const text = await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const parsed = ErrorBody.safeParse(data);
    const errBody = parsed.success
      ? parsed.data.error
      : { code: `http_${res.status}`, message: `The server answered ${res.status}.` };
    const retryAfter = res.headers.get('Retry-After');
    const err = new ApiError(res.status, errBody, retryAfter ? Number(retryAfter) : undefined, data);
    if (res.status === 401 && state.sessionActive && !opts.expectAuthFailure) {
      onSessionLost?.();
    }
    if (res.status === 403 && err.code === 'mfa_enrollment_required') {
      onEnrolmentRequired?.();
    }
    throw err;
  }
  if (schema) {
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      // The server is the authority; a drift from the shared contract is logged, not fatal.
      console.warn(`Response of ${method} ${path} does not match the shared contract`, parsed.error.issues);
      return data as T;
    }
    return parsed.data;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, schema?: z.ZodType<T>, opts?: RequestOptions) =>
    request<T>('GET', path, undefined, schema, opts),
  post: <T>(path: string, body?: unknown, schema?: z.ZodType<T>, opts?: RequestOptions) =>
    request<T>('POST', path, body, schema, opts),
  patch: <T>(path: string, body?: unknown, schema?: z.ZodType<T>) => request<T>('PATCH', path, body, schema),
  /** POST a text body (CSV and the like) with the CSRF header. */
  postText: <T>(path: string, text: string, contentType: string, schema?: z.ZodType<T>) =>
    request<T>('POST', path, undefined, schema, { raw: { contentType, text } }),
  del: <T>(path: string, body?: unknown, schema?: z.ZodType<T>) => request<T>('DELETE', path, body, schema),
};
