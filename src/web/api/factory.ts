// One API client, instantiated once per principal: staff (./client.ts) and portal client
// (../features/portal/client.ts). Each instance keeps its own CSRF token, idle expiry and
// "session active" flag in memory, so a browser holding both cookies keeps the two sessions
// apart: a 401 on one instance ends that principal's session only. Nothing here is ever
// written to localStorage/sessionStorage; the CSRF token is re-read from the principal's
// "me" endpoint after a reload.
import type { z } from 'zod';
import type { ErrorBody } from '../../shared/api.js';
import { BACKGROUND_HEADER, CSRF_HEADER, IDLE_EXPIRES_HEADER } from '../../shared/headers.js';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly issues: { field: string; message: string }[];
  /** A form answer's refusal as data (shared/fields.ts AnswerProblem; check it with isAnswerProblem). */
  readonly problem: unknown;
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
    this.problem = body.problem;
    this.retryAfterSeconds = retryAfterSeconds;
    this.data = data;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/**
 * A refusal's words about its field, without the field's name the API puts in front
 * (`filename: is too long` → `is too long`), to sit beside the field or in a sentence about it;
 * null when the refusal names no field or its message does not start with the name.
 */
export function fieldReason(e: { field?: string | undefined; message: string }): string | null {
  return e.field && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : null;
}

const isText = (v: unknown): v is string => typeof v === 'string';

/**
 * The shared ErrorBody's shape, checked by hand: this module is on the client entry's first screen,
 * which must not download zod (issue 19's budget). Field errors keep their names.
 */
function errorBody(data: unknown): ErrorBody['error'] | undefined {
  const e = (data as { error?: Record<string, unknown> } | null | undefined)?.error;
  if (!e || typeof e !== 'object' || !isText(e.code) || !isText(e.message)) return undefined;
  if (e.field !== undefined && !isText(e.field)) return undefined;
  const issues = e.issues;
  if (issues !== undefined && !(Array.isArray(issues) && issues.every((i: { field?: unknown; message?: unknown }) => i && isText(i.field) && isText(i.message)))) return undefined;
  const problem = e.problem && typeof e.problem === 'object' ? (e.problem as ErrorBody['error']['problem']) : undefined;
  return { code: e.code, message: e.message, field: e.field, issues: issues as ErrorBody['error']['issues'], problem };
}

/**
 * Turns a failed answer's body into the ApiError the forms and query states understand. An answer
 * without Hearth's error body gets the code http_<status>; its English message is for logs, and a
 * page words it by that code (../components/problemText.ts apiProblemText).
 */
export function errorFromResponse(status: number, data: unknown, retryAfter: string | null): ApiError {
  const body = errorBody(data) ?? { code: `http_${status}`, message: `The server answered ${status}.` };
  return new ApiError(status, body, retryAfter ? Number(retryAfter) : undefined, data);
}

/**
 * No answer at all (status 0, code network_error). The English is for logs and developers; what a
 * person reads is worded by the code in the page's language (../components/problemText.ts
 * apiProblemText), which also tells an offline device from a server out of reach.
 */
export const networkError = () =>
  new ApiError(0, { code: 'network_error', message: "Couldn't reach Hearth. Check your connection." });

export interface IdleState {
  /** When the server will end the session if nothing else happens (epoch ms), or null. */
  expiresAt: number | null;
  /** Length of the idle window as last observed after a user-initiated request (ms). */
  windowMs: number | null;
}

export interface RequestOptions {
  /** Polling/heartbeat/retries: tells the server this is not user activity. */
  background?: boolean;
  /** Auth endpoints answer 401 for bad credentials; that is not a lost session. */
  expectAuthFailure?: boolean;
  /** Send this text as the body with this content type instead of JSON (e.g. a CSV import). */
  raw?: { contentType: string; text: string };
  signal?: AbortSignal;
}

export interface ApiClientConfig {
  /**
   * Where a fresh CSRF token can be read (a `{ csrfToken }` answer). When set, a state-changing
   * request refused with `csrf_failed` (a session this tab did not know about, e.g. after a
   * reload on a sign-in page) re-reads the token once and retries.
   */
  csrfRefreshPath?: string;
}

type Listener = () => void;

/**
 * The page's language (its lang, set by the i18n provider), for Accept-Language: the server writes
 * a client's errors in it. Every request a page sends carries it (uploads too: ../features/documents/api/upload.ts).
 */
export const pageLanguage = () => (typeof document !== 'undefined' && document.documentElement.lang) || 'en';

const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** The fetch options of one request: JSON (or raw text) with the CSRF header when it changes state. */
function requestInit(method: string, body: unknown, opts: RequestOptions, csrfToken: string | null): RequestInit {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': pageLanguage() };
  const changing = STATE_CHANGING.has(method);
  if (changing) {
    headers['Content-Type'] = opts.raw ? opts.raw.contentType : 'application/json';
    if (csrfToken) headers[CSRF_HEADER] = csrfToken;
  }
  if (opts.background) headers[BACKGROUND_HEADER] = '1';
  return {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    body: changing ? (opts.raw ? opts.raw.text : JSON.stringify(body ?? {})) : undefined,
    signal: opts.signal,
  };
}

/** The answer's body as JSON, or undefined when it is empty or not JSON. */
async function jsonBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The body checked against the shared contract. The server is the authority: a drift is logged, not fatal. */
function checked<T>(data: unknown, schema: z.ZodType<T> | undefined, what: string): T {
  if (!schema) return data as T;
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  console.warn(`Response of ${what} does not match the shared contract`, parsed.error.issues);
  return data as T;
}

export function createApiClient(config: ApiClientConfig = {}) {
  const state = {
    csrfToken: null as string | null,
    /** True while we believe a session exists; a 401 then means the session ended. */
    active: false,
    idle: { expiresAt: null, windowMs: null } as IdleState,
  };
  const idleListeners = new Set<Listener>();
  let onLost: ((code: string | undefined) => void) | null = null;
  let onEnrolmentRequired: (() => void) | null = null;

  function recordIdle(iso: string, userActivity: boolean) {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return;
    const windowMs = userActivity ? Math.max(0, t - Date.now()) : state.idle.windowMs;
    if (t === state.idle.expiresAt && windowMs === state.idle.windowMs) return;
    state.idle = { expiresAt: t, windowMs: windowMs ?? Math.max(0, t - Date.now()) };
    idleListeners.forEach((l) => l());
  }

  const session = {
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
    getIdle(): IdleState {
      return state.idle;
    },
    subscribeIdle(l: Listener) {
      idleListeners.add(l);
      return () => {
        idleListeners.delete(l);
      };
    },
    /** Record an expiry known from elsewhere (e.g. a "me" body or an upload's answer). */
    noteIdleExpiry(iso: string, userActivity: boolean) {
      recordIdle(iso, userActivity);
    },
    /** A response told us the session is gone (401 while we believed it active), with its error code. */
    lost(code?: string) {
      if (state.active) onLost?.(code);
    },
    onSessionLost(fn: (code: string | undefined) => void) {
      onLost = fn;
    },
    onEnrolmentRequired(fn: () => void) {
      onEnrolmentRequired = fn;
    },
  };

  function once<T>(method: string, path: string, body: unknown, schema: z.ZodType<T> | undefined, opts: RequestOptions): Promise<T> {
    return settle(fetch(path, requestInit(method, body, opts, state.csrfToken)), `${method} ${path}`, schema, opts);
  }

  /** A request's answer (`what` names it) as its data, or the ApiError a failed one means. */
  async function settle<T>(pending: Promise<Response>, what: string, schema: z.ZodType<T> | undefined, opts: RequestOptions): Promise<T> {
    let res: Response;
    try {
      res = await pending;
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      throw networkError();
    }
    const idleHeader = res.headers.get(IDLE_EXPIRES_HEADER);
    if (idleHeader && res.ok) recordIdle(idleHeader, !opts.background);
    if (res.status === 204 || res.status === 202) return undefined as T;
    const data = await jsonBody(res);
    if (!res.ok) {
      const err = errorFromResponse(res.status, data, res.headers.get('Retry-After'));
      if (res.status === 401 && !opts.expectAuthFailure) session.lost(err.code);
      if (res.status === 403 && err.code === 'mfa_enrollment_required') onEnrolmentRequired?.();
      throw err;
    }
    return checked(data, schema, what);
  }

  async function request<T>(method: string, path: string, body?: unknown, schema?: z.ZodType<T>, opts: RequestOptions = {}): Promise<T> {
    const refresh = config.csrfRefreshPath;
    if (!refresh) return once(method, path, body, schema, opts);
    try {
      return await once(method, path, body, schema, opts);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'csrf_failed' || !STATE_CHANGING.has(method)) throw e;
      const me = await once<{ csrfToken?: string }>('GET', refresh, undefined, undefined, { background: true, expectAuthFailure: true }).catch(() => null);
      if (!me?.csrfToken) throw e;
      state.csrfToken = me.csrfToken;
      return once(method, path, body, schema, opts);
    }
  }

  const api = {
    get: <T>(path: string, schema?: z.ZodType<T>, opts?: RequestOptions) => request<T>('GET', path, undefined, schema, opts),
    post: <T>(path: string, body?: unknown, schema?: z.ZodType<T>, opts?: RequestOptions) => request<T>('POST', path, body, schema, opts),
    patch: <T>(path: string, body?: unknown, schema?: z.ZodType<T>, opts?: RequestOptions) => request<T>('PATCH', path, body, schema, opts),
    put: <T>(path: string, body?: unknown, schema?: z.ZodType<T>, opts?: RequestOptions) => request<T>('PUT', path, body, schema, opts),
    /** POST a text body (CSV and the like) with the CSRF header. */
    postText: <T>(path: string, text: string, contentType: string, schema?: z.ZodType<T>) =>
      request<T>('POST', path, undefined, schema, { raw: { contentType, text } }),
    del: <T>(path: string, body?: unknown, schema?: z.ZodType<T>, opts?: RequestOptions) => request<T>('DELETE', path, body, schema, opts),
    /** The answer of a request made outside this client (../early-join.ts's), read as this client reads its own. */
    settle: <T>(pending: Promise<Response>, what: string, schema?: z.ZodType<T>, opts: RequestOptions = {}) => settle<T>(pending, what, schema, opts),
  };

  return { api, session, request };
}

export type ApiClient = ReturnType<typeof createApiClient>;
export type ClientSession = ApiClient['session'];
