// How a failed send is judged: retry, give up, or "uncertain" (it may have gone out; never resent
// on a channel without a provider-side idempotency key).
import { describe, expect, it } from 'vitest';
import { PermanentSmsError, TransientSmsError } from '../sms/index.js';
import { classify } from './classify.js';

describe('classify a failed send', () => {
  it('SMS: 429/5xx retry; a timeout after the request went out is uncertain unless the provider is idempotent', () => {
    expect(classify(new TransientSmsError('20429'), 'sms', false)).toEqual({ kind: 'transient', code: 'sms_20429' });
    expect(classify(new TransientSmsError('timeout', true), 'sms', false)).toEqual({ kind: 'uncertain', code: 'sms_timeout' });
    expect(classify(new TransientSmsError('timeout', true), 'sms', true)).toEqual({ kind: 'transient', code: 'sms_timeout' });
    expect(classify(new PermanentSmsError('21211'), 'sms', false)).toEqual({ kind: 'permanent', code: 'sms_21211' });
    expect(classify(new Error('socket hang up'), 'sms', false)).toEqual({ kind: 'uncertain', code: 'sms_interrupted' });
  });
  it('mail: 4xx retries, 5xx fails, a break before DATA retries, a break during it is uncertain', () => {
    expect(classify(Object.assign(new Error('x'), { responseCode: 451 }), 'email', false).kind).toBe('transient');
    expect(classify(Object.assign(new Error('x'), { responseCode: 550 }), 'email', false)).toEqual({ kind: 'permanent', code: 'smtp_550' });
    expect(classify(Object.assign(new Error('x'), { code: 'ECONNECTION', command: 'CONN', dataIssued: false }), 'email', false).kind).toBe('transient');
    expect(classify(Object.assign(new Error('x'), { code: 'ETIMEDOUT', command: 'CONN', dataIssued: true }), 'email', false)).toEqual({ kind: 'uncertain', code: 'smtp_interrupted' });
    // nodemailer calls a socket break "CONN" at any step: without the mailer's word, it may have gone.
    expect(classify(Object.assign(new Error('x'), { code: 'ETIMEDOUT', command: 'CONN' }), 'email', false).kind).toBe('uncertain');
    expect(classify(Object.assign(new Error('x'), { code: 'ESOCKET', command: 'RCPT TO' }), 'email', false).kind).toBe('transient');
    expect(classify(Object.assign(new Error('x'), { code: 'ETIMEDOUT', command: 'DATA' }), 'email', false)).toEqual({ kind: 'uncertain', code: 'smtp_interrupted' });
    // nodemailer says ECONNECTION/ESOCKET "CONN" for a connection lost at any stage; the mailer marks whether DATA had gone.
    expect(classify(Object.assign(new Error('x'), { code: 'ECONNECTION', command: 'CONN', dataIssued: true }), 'email', false)).toEqual({ kind: 'uncertain', code: 'smtp_interrupted' });
    expect(classify(Object.assign(new Error('x'), { code: 'ESOCKET', command: 'CONN', dataIssued: false }), 'email', false).kind).toBe('transient');
    expect(classify(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'email', false).kind).toBe('transient');
    // A 4xx answer to the end of the message: the server did not take it.
    expect(classify(Object.assign(new Error('x'), { responseCode: 451, dataIssued: true }), 'email', false).kind).toBe('transient');
  });
});
