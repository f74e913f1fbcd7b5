// The portal's own way of talking to the API: same origin, JSON, its own CSRF token (from the
// portal's login/accept/verify answers and GET /api/portal/me) and its own idle expiry. It shares
// nothing with the staff client in ../../api/client.ts: a browser may hold both cookies, and a
// 401 here ends the portal session only. Nothing is written to localStorage/sessionStorage.
import type { z } from 'zod';
import { BACKGROUND_HEADER, CSRF_HEADER, ErrorBody, IDLE_EXPIRES_HEADER } from '../../../shared/api.js';
import { ApiError } from '../../api/client.js';

type Listener = () => void;

export interface PortalIdleState {
  expiresAt: number | null;
  windowMs: number | null;
}

const state = {
  csrfToken: null as string | null,
  active: false,
  idle: { expiresAt: null, windowMs: null } as PortalIdleState,
};
const idleListeners = new Set<Listener>();
let onLost: ((code: string | undefined) => void) | null = null;

function recordIdle(iso: string, userActivity: boolean) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return;
  const windowMs = userActivity ? Math.max(0, t - Date.now()) : state.idle.windowMs;
  if (t === state.idle.expiresAt && windowMs === state.idle.windowMs) return;
  state.idle = { expiresAt: t, windowMs: windowMs ?? Math.max(0, t - Date.now()) };
  idleListeners.forEach((l) => l());
}

export const portalSession = {
  setCsrf(token: string | null) {
    state.csrfToken = token;
  },
  get csrfToken() {
    return state.csrfToken;
  },
  get active() {
    return state.active;
  },
  setActive(active: boolean) {
    state.active = active;
    if (!active) {
      state.csrfToken = null;
      state.idle = { expiresAt: null, windowMs: null };
      idleListeners.forEach((l) => l());
    }
  },
  getIdle(): PortalIdleState {
    return state.idle;
  },
  subscribeIdle(l: Listener) {
    idleListeners.add(l);
    return () => {
      idleListeners.delete(l);
    };
  },
  noteIdleExpiry(iso: string, userActivity: boolean) {
    recordIdle(iso, userActivity);
  },
  /** A response told us the portal session is gone (401 while we believed it active), with its error code. */
  lost(code?: string) {
    if (state.active) onLost?.(code);
  },
  onLost(fn: (code: string | undefined) => void) {
    onLost = fn;
  },
};

export interface PortalRequestOptions {
  /** Polling/retries: not the person's activity. */
  background?: boolean;
  /** Sign-in endpoints answer 401 for bad credentials: not a lost session. */
  expectAuthFailure?: boolean;
  signal?: AbortSignal;
}

const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** Turns a failed answer's body into the ApiError the forms and query states understand. */
export function errorFromResponse(status: number, data: unknown, retryAfter: string | null): ApiError {
  const parsed = ErrorBody.safeParse(data);
  const body = parsed.success ? parsed.data.error : { code: `http_${status}`, message: `The server answered ${status}.` };
  return new ApiError(status, body, retryAfter ? Number(retryAfter) : undefined, data);
}

async function once<T>(method: string, path: string, body: unknown, schema: z.ZodType<T> | undefined, opts: PortalRequestOptions): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const changing = STATE_CHANGING.has(method);
  if (changing) {
    headers['Content-Type'] = 'application/json';
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
      body: changing ? JSON.stringify(body ?? {}) : undefined,
      signal: opts.signal,
    });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new ApiError(0, { code: 'network_error', message: "Couldn't reach Hearth. Check your connection." });
  }
  const idleHeader = res.headers.get(IDLE_EXPIRES_HEADER);
  if (idleHeader && res.ok) recordIdle(idleHeader, !opts.background);
  if (res.status === 204 || res.status === 202) return undefined as T;
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
    const err = errorFromResponse(res.status, data, res.headers.get('Retry-After'));
    if (res.status === 401 && !opts.expectAuthFailure) portalSession.lost(err.code);
    throw err;
  }
  if (schema) {
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      console.warn(`Response of ${method} ${path} does not match the shared contract`, parsed.error.issues);
      return data as T;
    }
    return parsed.data;
  }
  return data as T;
}

/**
 * One portal request. A state-changing request refused for its CSRF token (a portal session this
 * tab did not know about, e.g. after a reload on a sign-in page) re-reads the token once and retries.
 */
export async function portalRequest<T>(method: string, path: string, body?: unknown, schema?: z.ZodType<T>, opts: PortalRequestOptions = {}): Promise<T> {
  try {
    return await once(method, path, body, schema, opts);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'csrf_failed' || !STATE_CHANGING.has(method)) throw e;
    const me = await once<{ csrfToken?: string }>('GET', '/api/portal/me', undefined, undefined, { background: true, expectAuthFailure: true }).catch(() => null);
    if (!me?.csrfToken) throw e;
    state.csrfToken = me.csrfToken;
    return once(method, path, body, schema, opts);
  }
}

export const portalApi = {
  get: <T>(path: string, schema?: z.ZodType<T>, opts?: PortalRequestOptions) => portalRequest<T>('GET', path, undefined, schema, opts),
  post: <T>(path: string, body?: unknown, schema?: z.ZodType<T>, opts?: PortalRequestOptions) => portalRequest<T>('POST', path, body, schema, opts),
  del: <T>(path: string, body?: unknown, schema?: z.ZodType<T>, opts?: PortalRequestOptions) => portalRequest<T>('DELETE', path, body, schema, opts),
};
