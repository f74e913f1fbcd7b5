// An in-test SMS channel: a provider that records every text it is asked to send (synchronously,
// at the call, so a test can order sends against other events) and can be told to fail or hang,
// and a STOP/START policy kept in memory. The real Twilio-compatible provider lives in modules/sms.
import { PermanentSmsError, type SmsChannel, type SmsMessage, type SmsPolicy, type SmsProvider, type SmsSent, TransientSmsError } from '../modules/sms/index.js';

export interface RecordedSms extends SmsMessage {
  providerId: string;
}

export type SmsBehaviour = 'ok' | { transient: string } | { permanent: string } | 'crash' | 'hang';

export class RecordingSmsProvider implements SmsProvider {
  readonly idempotent = false;
  /** Texts accepted, in call order. */
  readonly sent: RecordedSms[] = [];
  /** Every call, accepted or not. */
  readonly calls: SmsMessage[] = [];
  /** How to answer a text to a number (default: accept). */
  behaviour: (to: string) => SmsBehaviour = () => 'ok';
  /** How long an accepted send takes to answer (a provider's round trip). */
  latencyMs = 0;
  private hanging: { reject: (err: Error) => void }[] = [];
  private n = 0;

  send(msg: SmsMessage): Promise<SmsSent> {
    this.calls.push(msg);
    const b = this.behaviour(msg.to);
    if (b === 'hang') return new Promise((_resolve, reject) => this.hanging.push({ reject }));
    if (b === 'crash') return Promise.reject(new Error('socket hang up'));
    if (typeof b === 'object' && 'transient' in b) return Promise.reject(new TransientSmsError(b.transient));
    if (typeof b === 'object' && 'permanent' in b) return Promise.reject(new PermanentSmsError(b.permanent));
    const providerId = `SM${String(++this.n).padStart(32, '0')}`;
    this.sent.push({ ...msg, providerId });
    if (this.latencyMs > 0) return new Promise((resolve) => setTimeout(() => resolve({ providerId }), this.latencyMs));
    return Promise.resolve({ providerId });
  }

  /** Ends every hanging send with a network-style error (as a dying process would never see). */
  releaseHanging(): void {
    for (const h of this.hanging.splice(0)) h.reject(new Error('socket hang up'));
  }

  get pending(): number {
    return this.hanging.length;
  }

  verifySignature(): boolean {
    return true;
  }
}

export class MemorySmsPolicy implements SmsPolicy {
  readonly stopped = new Set<string>();
  readonly noted: { practiceId: string; phone: string }[] = [];
  async optedOut(practiceId: string, phone: string): Promise<boolean> {
    return this.stopped.has(`${practiceId}|${phone}`);
  }
  async noteSent(practiceId: string, phone: string): Promise<void> {
    this.noted.push({ practiceId, phone });
  }
  /** Statuses a test posts before the send is recorded, by provider id. */
  readonly early = new Map<string, { status: string; errorCode: string | null }>();
  async takeEarlyStatus(providerId: string): Promise<{ status: string; errorCode: string | null } | null> {
    const e = this.early.get(providerId) ?? null;
    this.early.delete(providerId);
    return e;
  }
  /** Practices' own sending numbers. */
  readonly numbers = new Map<string, string>();
  async senderNumber(practiceId: string): Promise<string | undefined> {
    return this.numbers.get(practiceId);
  }
  stop(practiceId: string, phone: string): void {
    this.stopped.add(`${practiceId}|${phone}`);
  }
}

export function recordingSms(): SmsChannel & { provider: RecordingSmsProvider; policy: MemorySmsPolicy } {
  return { provider: new RecordingSmsProvider(), policy: new MemorySmsPolicy() };
}
