// The webhook side of the local Twilio endpoint (twilio.ts): Twilio's parameters for status
// callbacks and inbound messages, signed (or wrongly signed) and posted to the app. The signature
// is computed here independently of the production code.
import { createHmac } from 'node:crypto';
import type { Delivery, WebhookOptions } from './twilio.js';

export function twilioSign(token: string, url: string, params: Record<string, string>): string {
  let data = url;
  for (const k of Object.keys(params).sort()) data += k + params[k];
  return createHmac('sha1', token).update(Buffer.from(data, 'utf-8')).digest('base64');
}

async function httpDeliver(url: string, form: string, headers: Record<string, string>): Promise<Delivery> {
  const res = await fetch(url, { method: 'POST', headers, body: form });
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: await res.text() };
}

/** Posts Twilio's form to the app, signed as the options say. */
export function postWebhook(authToken: string, url: string, params: Record<string, string>, o: WebhookOptions = {}): Promise<Delivery> {
  const all: Record<string, string> = { ...params, ...o.extra };
  for (const k of o.omit ?? []) delete all[k];
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TwilioProxy/1.1' };
  const signature = o.signature ?? 'valid';
  if (signature !== 'none') headers['x-twilio-signature'] = twilioSign(signature === 'valid' ? authToken : `${authToken}x`, o.signUrl ?? url, all);
  return (o.deliver ?? httpDeliver)(url, new URLSearchParams(all).toString(), headers);
}

/** A delivery-status callback's parameters. */
export function statusParams(accountSid: string, p: { MessageSid: string; MessageStatus: string; ErrorCode?: string }): Record<string, string> {
  return {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    MessageSid: p.MessageSid,
    SmsSid: p.MessageSid,
    MessageStatus: p.MessageStatus,
    SmsStatus: p.MessageStatus,
    ...(p.ErrorCode !== undefined ? { ErrorCode: p.ErrorCode } : {}),
  };
}

/** An inbound message's parameters (a reply from a phone). */
export function inboundParams(accountSid: string, sid: string, to: string, p: { From: string; Body: string }): Record<string, string> {
  return {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    MessageSid: sid,
    SmsMessageSid: sid,
    SmsSid: sid,
    SmsStatus: 'received',
    From: p.From,
    To: to,
    Body: p.Body,
    NumMedia: '0',
    NumSegments: '1',
    FromCountry: 'US',
    ToCountry: 'US',
  };
}
