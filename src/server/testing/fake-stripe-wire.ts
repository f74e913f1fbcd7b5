// The wire format of the local Stripe server (fake-stripe.ts): form bodies with bracketed keys as
// the SDK encodes them (`metadata[invoiceId]=…`, `line_items[0][price_data][currency]=usd`),
// Stripe's error bodies, and its list envelope with cursor paging.
import { randomBytes } from 'node:crypto';

export type Form = { [key: string]: string | Form | Form[] | string[] };

/** Decodes `a[b][0][c]=v` pairs into nested objects and arrays, as Stripe reads them. */
export function parseForm(body: string): Form {
  const root: Form = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.split(/\[|\]\[|\]/).filter((p, i) => p !== '' || i === 0);
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]!);
      if (last) {
        node[part] = value;
        return;
      }
      node[part] ??= nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

export function str(f: Form | undefined, key: string): string | undefined {
  const v = f?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function obj(f: Form | undefined, key: string): Form | undefined {
  const v = f?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

export function arr(f: Form | undefined, key: string): Form[] {
  const v = f?.[key];
  return Array.isArray(v) ? (v.filter((x) => typeof x === 'object') as Form[]) : [];
}

/** A Stripe metadata hash: string values only. */
export function metadataOf(f: Form | undefined): Record<string, string> {
  const m = obj(f, 'metadata') ?? {};
  return Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function newId(prefix: string, livemode = false): string {
  return `${prefix}_${livemode ? '' : prefix === 'cs' ? 'test_' : ''}${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

export interface Answer {
  status: number;
  body: unknown;
}

export class StripeWireError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  answer(requestId: string): Answer {
    return { status: this.status, body: { error: { type: this.type, message: this.message, ...(this.code ? { code: this.code } : {}), ...(this.param ? { param: this.param } : {}), request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}`, ...this.extra } } };
  }
}

export const missing = (what: string, id: string) => new StripeWireError(404, 'invalid_request_error', `No such ${what}: '${id}'`, 'resource_missing', 'id');
export const invalidParam = (param: string, message: string, code = 'parameter_invalid_empty') => new StripeWireError(400, 'invalid_request_error', message, code, param);

/** A positive whole amount in minor units, as Stripe requires (at least 50 for the two-decimal currencies). */
export function amountParam(raw: string | undefined, param: string): number {
  if (raw === undefined) throw invalidParam(param, `Missing required param: ${param}.`, 'parameter_missing');
  if (!/^\d+$/.test(raw)) throw invalidParam(param, `Invalid integer: ${raw}`, 'parameter_invalid_integer');
  const n = Number(raw);
  if (n < 50) throw invalidParam(param, 'Amount must be at least $0.50 usd', 'amount_too_small');
  return n;
}

/** Stripe's list envelope, newest first, paged with `limit` and `starting_after`. */
export function listOf<T extends { id: string; created: number }>(url: string, items: T[], query: Form): Answer {
  const sorted = [...items].sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
  const after = str(query, 'starting_after');
  const start = after ? sorted.findIndex((x) => x.id === after) + 1 : 0;
  const limit = Math.min(100, Math.max(1, Number(str(query, 'limit') ?? 10)));
  const data = sorted.slice(start, start + limit);
  return { status: 200, body: { object: 'list', data, has_more: start + limit < sorted.length, url } };
}

/** `created[gte]` … `created[lt]` of a list query, against an object's `created`. */
export function inCreatedRange(query: Form, created: number): boolean {
  const range = obj(query, 'created');
  const bound = (k: string) => (str(range, k) === undefined ? undefined : Number(str(range, k)));
  const [gte, gt, lte, lt] = [bound('gte'), bound('gt'), bound('lte'), bound('lt')];
  return (gte === undefined || created >= gte) && (gt === undefined || created > gt) && (lte === undefined || created <= lte) && (lt === undefined || created < lt);
}
