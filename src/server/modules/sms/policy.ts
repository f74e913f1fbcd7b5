// Per-practice SMS consent (STOP/START) and reply routing (which practice last texted a phone).
// Phones are normalised to E.164 and kept only as blind indexes under the platform's index key,
// so one phone hashes the same whichever practice texts it.
import { PLATFORM } from '../../crypto/envelope.js';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { normalisePhone } from '../clients/index.js';
import type { SmsPolicy } from './provider.js';
import * as repo from './repo.js';

const PHONE_INDEX = 'sms:phone';

export class SmsPolicyService implements SmsPolicy {
  constructor(private readonly ctx: AppContext) {}

  /** The blind index of a phone number (any form libphonenumber reads; 400 naming `field` otherwise). */
  async phoneHash(phone: string, field = 'phone', db: DbOrTx = this.ctx.db): Promise<string> {
    return this.ctx.crypto.blindIndex(PLATFORM, PHONE_INDEX, normalisePhone(phone, field), db);
  }

  async optedOut(practiceId: string, phone: string): Promise<boolean> {
    return repo.isOptedOut(this.ctx.db, practiceId, await this.phoneHash(phone));
  }

  async noteSent(practiceId: string, phone: string): Promise<void> {
    await repo.noteSent(this.ctx.db, practiceId, await this.phoneHash(phone), this.ctx.clock.now());
  }

  takeEarlyStatus(providerId: string): Promise<{ status: string; errorCode: string | null } | null> {
    return repo.takeEarlyStatus(this.ctx.db, providerId);
  }

  senderNumber(practiceId: string): Promise<string | undefined> {
    return repo.practiceNumber(this.ctx.db, practiceId);
  }
}
