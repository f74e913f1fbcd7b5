// The sending side of SMS, which reminders, notifications and calls need: the provider (none when
// SMS is off), the per-practice STOP/START policy, and the number a practice's texts go from. It is
// built before the modules that send, and before the webhooks (SmsService), which need the
// reminders module's hooks: that is what keeps the two modules from needing each other.
import type { AppContext } from '../../context.js';
import { SmsPolicyService } from './policy.js';
import type { SmsPolicy, SmsProvider } from './provider.js';
import * as repo from './repo.js';

/** Where the provider posts delivery-status callbacks and inbound texts (after PUBLIC_URL). */
export const SMS_STATUS_PATH = '/api/sms/status';
export const SMS_INBOUND_PATH = '/api/sms/inbound';

/** What texts go through: the provider and the per-practice STOP/START policy. */
export interface SmsChannel {
  provider: SmsProvider;
  policy: SmsPolicy;
  /** Where the provider posts delivery-status callbacks (the SMS module's webhook), if any. */
  statusCallbackUrl?: string;
}

export class SmsOutbound {
  readonly policy: SmsPolicyService;
  /** The URL the provider posts delivery-status callbacks to (sent with every message). */
  readonly statusCallbackUrl: string;
  /**
   * What reminders and notifications text through: `override` when given (tests), else this
   * provider with this policy; undefined when SMS is off (text reminders are then skipped).
   */
  readonly channel: SmsChannel | undefined;

  constructor(
    private readonly ctx: AppContext,
    /** Undefined when SMS is not configured: nothing can be sent and webhooks are refused. */
    readonly provider: SmsProvider | undefined,
    override?: SmsChannel,
  ) {
    this.policy = new SmsPolicyService(ctx);
    this.statusCallbackUrl = `${ctx.config.publicUrl}${SMS_STATUS_PATH}`;
    this.channel = override ?? (provider ? { provider, policy: this.policy, statusCallbackUrl: this.statusCallbackUrl } : undefined);
  }

  /** The number this practice's texts go out from (its own, else the shared SMS_FROM); null when SMS is off. */
  async textsFrom(practiceId: string): Promise<{ phone: string; ownNumber: boolean } | null> {
    if (!this.provider) return null;
    const own = await repo.practiceNumber(this.ctx.db, practiceId);
    if (own) return { phone: own, ownNumber: true };
    return this.ctx.config.sms ? { phone: this.ctx.config.sms.from, ownNumber: false } : null;
  }
}
