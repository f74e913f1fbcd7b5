// The SMS module's webhooks: delivery-status callbacks go to the hooks (the reminders module's); inbound replies
// are matched to the practice that most recently texted the phone, where STOP/START change that
// practice's consent only (audited, by phone hash) and C confirms through the hooks. Replies are
// TwiML with a short PHI-free text under the practice's neutral sender name.
import type { AppContext, RequestMeta } from '../../context.js';
import type { Tx } from '../../db/index.js';
import { conflict } from '../../errors.js';
import type { AuditEvent } from '../audit/index.js';
import { normalisePhone } from '../clients/index.js';
import type { SmsOutbound } from './channel.js';
import { type SmsPolicyService } from './policy.js';
import type { SmsHooks, SmsProvider } from './provider.js';
import * as repo from './repo.js';


export type Keyword = 'stop' | 'start' | 'confirm' | 'help' | 'other';

const KEYWORDS: Record<string, Keyword> = {
  STOP: 'stop',
  STOPALL: 'stop',
  UNSUBSCRIBE: 'stop',
  CANCEL: 'stop',
  END: 'stop',
  QUIT: 'stop',
  START: 'start',
  UNSTOP: 'start',
  YES: 'start',
  C: 'confirm',
  CONFIRM: 'confirm',
  HELP: 'help',
  INFO: 'help',
};

/** A reply's keyword: the whole message, case, spaces and a final full stop or bang ignored. */
export function keywordOf(body: string): Keyword {
  const word = body.normalize('NFKC').toUpperCase().replace(/\s+/g, '').replace(/[.!]+$/, '');
  return KEYWORDS[word] ?? 'other';
}

export function twiml(text?: string): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  return text === undefined ? `${head}<Response></Response>` : `${head}<Response><Message>${escapeXml(text)}</Message></Response>`;
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface StatusCallback {
  MessageSid: string;
  MessageStatus: string;
  ErrorCode?: string | undefined;
}

export interface InboundMessage {
  MessageSid: string;
  From: string;
  /** The number the reply was sent to (E.164). */
  To?: string | undefined;
  Body: string;
}

/** Statuses after which a message's fate no longer changes. */
const FINAL = new Set(['delivered', 'undelivered', 'failed']);

export class SmsService {
  readonly policy: SmsPolicyService;
  /** The URL the provider posts delivery-status callbacks to (sent with every message). */
  readonly statusCallbackUrl: string;
  /** Undefined when SMS is not configured: nothing can be sent and webhooks are refused. */
  readonly provider: SmsProvider | undefined;

  constructor(
    private readonly ctx: AppContext,
    outbound: SmsOutbound,
    private readonly senderName: (practiceId: string) => Promise<string>,
    /** What status callbacks and C replies do (the reminders module's). */
    private readonly hooks: SmsHooks,
  ) {
    this.provider = outbound.provider;
    this.policy = outbound.policy;
    this.statusCallbackUrl = outbound.statusCallbackUrl;
  }

  /** A change made by no one signed in (the operator's CLI, a texted reply), audited in its transaction. */
  private recordChange(tx: Tx, meta: RequestMeta, event: Pick<AuditEvent, 'actor' | 'practiceId' | 'action' | 'resource' | 'details'>): Promise<void> {
    return this.ctx.audit.record({ ...event, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent }, tx);
  }

  /**
   * The operator gives a practice its own sending number (E.164, 400 naming `number` otherwise; 409
   * when another practice has it), or takes it back (null: the shared number again). Audited.
   */
  async assignNumber(practiceId: string, number: string | null, meta: RequestMeta): Promise<string | null> {
    const phone = number === null ? null : normalisePhone(number, 'number');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      if (phone === null) await repo.unassignNumber(tx, practiceId);
      else if (!(await repo.assignNumber(tx, practiceId, phone, now))) throw conflict('number: another practice sends from this number', 'number');
      await this.recordChange(tx, meta, {
        actor: { type: 'system', id: null },
        practiceId,
        action: 'setting_change',
        resource: { type: 'practice_sms_number', id: practiceId },
        details: { phone, shared: phone === null },
      });
    });
    return phone;
  }

  async status(cb: StatusCallback): Promise<void> {
    const errorCode = cb.ErrorCode ? cb.ErrorCode : null;
    if (await this.hooks.onStatus(cb.MessageSid, cb.MessageStatus, errorCode)) return;
    // No sent message has this id yet: a carrier can answer before the dispatcher has recorded
    // the send. A final status is kept for the dispatcher to apply when it does. Kept first,
    // looked up again after: whichever of the two comes second sees the other's write.
    if (!FINAL.has(cb.MessageStatus)) return;
    await repo.keepEarlyStatus(this.ctx.db, cb.MessageSid, cb.MessageStatus, errorCode, this.ctx.clock.now());
    if (await this.hooks.onStatus(cb.MessageSid, cb.MessageStatus, errorCode)) await repo.takeEarlyStatus(this.ctx.db, cb.MessageSid);
  }

  /** Handles a reply from a phone and returns the TwiML to answer with. */
  async inbound(msg: InboundMessage, meta: RequestMeta): Promise<string> {
    const phone = normalisePhone(msg.From, 'From');
    // Each message id is handled once: the provider retries a webhook it thinks failed, and a
    // captured signed request replayed (a START after the client's STOP) must change nothing.
    if (!(await repo.markInbound(this.ctx.db, msg.MessageSid, this.ctx.clock.now()))) return twiml();
    try {
      return await this.reply(phone, msg, meta);
    } catch (err) {
      await repo.unmarkInbound(this.ctx.db, msg.MessageSid);
      throw err;
    }
  }

  private async reply(phone: string, msg: InboundMessage, meta: RequestMeta): Promise<string> {
    const phoneHash = await this.policy.phoneHash(phone);
    // A reply to a practice's own number is that practice's; to the shared number, it belongs to
    // the practice that most recently texted the phone from it.
    const own = msg.To ? await repo.practiceOfNumber(this.ctx.db, msg.To) : undefined;
    const practiceId = own ?? (await repo.latestPractice(this.ctx.db, phoneHash, msg.To !== undefined));
    // No practice has texted this phone: not ours to answer.
    if (!practiceId) return twiml();
    const sender = await this.senderName(practiceId);
    const keyword = keywordOf(msg.Body);
    switch (keyword) {
      case 'stop':
      case 'start': {
        const optedOut = keyword === 'stop';
        await this.ctx.db.transaction().execute(async (tx) => {
          const now = this.ctx.clock.now();
          const changed = optedOut ? await repo.optOut(tx, practiceId, phoneHash, now) : await repo.optIn(tx, practiceId, phoneHash);
          await this.recordChange(tx, meta, {
            actor: { type: 'anonymous', id: null },
            practiceId,
            action: 'update',
            resource: { type: 'sms_consent', id: phoneHash },
            details: { optedOut, changed, via: 'sms_reply' },
          });
        });
        return optedOut
          ? twiml(`You will no longer receive texts from ${sender}. Reply START to resume.`)
          : twiml(`You will receive texts from ${sender} again. Reply STOP to stop.`);
      }
      case 'confirm': {
        const result = await this.hooks.onConfirmReply(practiceId, phone);
        return result === 'confirmed' ? twiml(`${sender}: Thank you, your appointment is confirmed.`) : twiml(`${sender}: There is nothing to confirm right now.`);
      }
      case 'help':
        return twiml(`${sender}: appointment reminders. Reply STOP to stop texts, START to resume. Other replies are not read.`);
      case 'other':
        // A phone that opted out hears nothing more from this practice but the keyword answers.
        if (await repo.isOptedOut(this.ctx.db, practiceId, phoneHash)) return twiml();
        return twiml(`${sender}: This number does not read replies.`);
      default: {
        const never: never = keyword;
        throw new Error(`unhandled keyword ${String(never)}`);
      }
    }
  }
}
