// How a failed send is judged, for every ledger that sends (reminders, notifications): retry later
// (transient), give up (permanent), or `uncertain` — it may have gone out, and it is never resent
// on a channel without a provider-side idempotency key.
import { PermanentSmsError, TransientSmsError } from '../sms/index.js';

/** What became of one attempt that did not go. */
export type Failure = { kind: 'transient' | 'permanent' | 'uncertain'; code: string };

/** SMTP commands before the message itself: an error there means nothing was sent. (Not "CONN": nodemailer names any socket break so.) */
const BEFORE_DATA = /^(EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL FROM|RCPT TO)/i;


/** SMTP 4xx/5xx, a connection that never got to the message (transient), or an error mid-message (uncertain). */
export function classify(err: unknown, channel: 'email' | 'sms', idempotentSms: boolean): Failure {
  // A timeout or a connection lost after the request went out may have sent the text: without a
  // provider-side idempotency key that is uncertain, never a retry.
  if (err instanceof TransientSmsError) return { kind: err.maybeSent && !idempotentSms ? 'uncertain' : 'transient', code: `sms_${err.code}` };
  if (err instanceof PermanentSmsError) return { kind: 'permanent', code: `sms_${err.code}` };
  const e = (err ?? {}) as { responseCode?: unknown; code?: unknown; command?: unknown; dataIssued?: unknown };
  if (channel === 'sms') return { kind: idempotentSms ? 'transient' : 'uncertain', code: 'sms_interrupted' };
  if (typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 600) {
    return { kind: e.responseCode < 500 ? 'transient' : 'permanent', code: `smtp_${e.responseCode}` };
  }
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return { kind: 'permanent', code: `smtp_${code.toLowerCase()}` };
  // The mailer says whether DATA had gone out (MailError.dataIssued); nodemailer itself names a
  // socket timeout or a closed connection "CONN" (ECONNECTION/ESOCKET/ETIMEDOUT) at any step, so
  // without that word a break could be after the message: it may have been delivered.
  if (e.dataIssued === true) return { kind: 'uncertain', code: 'smtp_interrupted' };
  if (e.dataIssued === false) return { kind: 'transient', code: `smtp_${(code || 'connection').toLowerCase()}` };
  if (code === 'EDNS' || code === 'ECONNREFUSED' || (typeof e.command === 'string' && BEFORE_DATA.test(e.command))) {
    return { kind: 'transient', code: `smtp_${(code || 'connection').toLowerCase()}` };
  }
  return { kind: 'uncertain', code: 'smtp_interrupted' };
}

export { backoff, MAX_BACKOFF_MS } from '../../jobs/index.js';

/** An error's class and code, never its message (jobs/describe.ts). */
export { describeError } from '../../jobs/index.js';
