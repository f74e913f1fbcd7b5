// SmsProvider over Twilio's REST API (or any service speaking it, at a configurable base URL):
// POST {base}/2010-04-01/Accounts/{sid}/Messages.json, form-encoded, HTTP Basic auth. Nothing
// here logs: message bodies and phone numbers never leave this module except towards the provider.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PermanentSmsError, TransientSmsError, type SmsMessage, type SmsProvider, type SmsSent } from './provider.js';

export interface TwilioOptions {
  /** e.g. https://api.twilio.com (no trailing slash needed). */
  apiBase: string;
  accountSid: string;
  authToken: string;
  /** The sending number, E.164. */
  from: string;
  /** Whole request, answer included. */
  timeoutMs: number;
  /** Where delivery-status callbacks go when a message names none. */
  statusCallbackUrl?: string;
}

// Failures before the request could have been written: nothing reached the provider, so a retry
// cannot send twice. Any other network failure may have happened after Twilio took the message.
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export class TwilioSmsProvider implements SmsProvider {
  /** Twilio's Messages API keeps no idempotency key: a send cut off mid-request may have happened. */
  readonly idempotent = false;
  private readonly endpoint: string;
  private readonly authorization: string;

  constructor(private readonly opts: TwilioOptions) {
    this.endpoint = `${opts.apiBase.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(opts.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
  }

  async send(msg: SmsMessage): Promise<SmsSent> {
    const form = new URLSearchParams({ To: msg.to, From: msg.from ?? this.opts.from, Body: msg.body });
    const callback = msg.statusCallbackUrl ?? this.opts.statusCallbackUrl;
    if (callback) form.set('StatusCallback', callback);
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.endpoint, {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw networkFailure(err);
    }
    const json = parseJson(text);
    if (res.status >= 200 && res.status < 300) {
      const sid = typeof json?.sid === 'string' && /^[A-Za-z0-9]{2,64}$/.test(json.sid) ? json.sid : undefined;
      // Taken, but we cannot tell which message it is: sent, possibly, so never simply retried.
      if (!sid) throw new TransientSmsError('unreadable_answer', true);
      return { providerId: sid };
    }
    const code = typeof json?.code === 'number' || typeof json?.code === 'string' ? String(json.code) : `http_${res.status}`;
    if (res.status === 429 || res.status >= 500) throw new TransientSmsError(code);
    throw new PermanentSmsError(code);
  }

  verifySignature(url: string, params: Record<string, string>, signature: string | undefined): boolean {
    if (!signature) return false;
    // Twilio signs the URL as it was asked for; with https on the default port that is sometimes
    // with ":443" and sometimes without, so both forms are tried (as Twilio's own helpers do).
    return urlForms(url).some((u) => sameSignature(twilioSignature(this.opts.authToken, u, params), signature));
  }
}

/**
 * Twilio's request signature: base64 HMAC-SHA1 under the auth token of the full URL followed by
 * each POST parameter's name and value, in order of name.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const hmac = createHmac('sha1', authToken).update(url, 'utf8');
  for (const name of Object.keys(params).sort()) hmac.update(name + params[name], 'utf8');
  return hmac.digest('base64');
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function urlForms(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const defaultPort = parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : '';
  if (!defaultPort) return [url];
  // new URL() drops a default port; put it back in for the other form.
  const hostStart = url.indexOf('//') + 2;
  const pathStart = url.indexOf('/', hostStart);
  const authority = url.slice(hostStart, pathStart === -1 ? undefined : pathStart);
  const rest = pathStart === -1 ? '' : url.slice(pathStart);
  const prefix = url.slice(0, hostStart);
  if (authority.endsWith(`:${defaultPort}`)) return [url, prefix + authority.slice(0, -defaultPort.length - 1) + rest];
  if (/:\d+$/.test(authority)) return [url];
  return [url, `${prefix}${authority}:${defaultPort}${rest}`];
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function networkFailure(err: unknown): TransientSmsError {
  const e = err as { name?: string; cause?: { code?: string; name?: string; errors?: { code?: string }[] } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return new TransientSmsError('timeout', true);
  const code = e?.cause?.code ?? e?.cause?.errors?.[0]?.code;
  if (code && NOT_CONNECTED.has(code)) return new TransientSmsError('connect_failed');
  return new TransientSmsError('network', true);
}
