// Mail subscribers of the status page: confirmed opt-in (no enumeration), each update mailed once,
// unsubscribe by link. The StatusService facade delegates here.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { PLATFORM } from '../../crypto/envelope.js';
import { AppError } from '../../errors.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { localeOr, longWhen, t, withLang, type Locale } from '../../i18n/index.js';
import { stamp } from './format.js';
import * as repo from './repo.js';

/** A pending confirmation is mailed at most once an hour per address (subscription spam). */
const CONFIRM_RESEND_MS = 3600_000;
const DELIVERY_ATTEMPTS = 5;

export class StatusSubscribers {
  constructor(private readonly ctx: AppContext) {}

  private get zone() {
    return this.ctx.config.status.timeZone;
  }

  private emailIndex(email: string) {
    return this.ctx.crypto.blindIndex(PLATFORM, 'status_subscriber_email', email.trim().toLowerCase());
  }

  /**
   * Asks for a confirmation by mail. The answer never says whether the address was known (no
   * enumeration); a pending confirmation is re-sent at most once an hour; a confirmed subscriber
   * gets nothing new. Its mail is in `locale` (the subscribe page's language), kept for the updates.
   */
  async subscribe(email: string, locale: Locale = 'en'): Promise<void> {
    const now = this.ctx.clock.now();
    const address = email.trim().toLowerCase();
    const idx = await this.emailIndex(address);
    const existing = await repo.subscriberByIndex(this.ctx.db, idx);
    if (existing?.confirmed_at != null) return;
    if (existing?.confirm_sent_at != null && now - Number(existing.confirm_sent_at) < CONFIRM_RESEND_MS) return;
    const confirm = newToken();
    if (existing) {
      await this.ctx.db.updateTable('status_subscribers').set({ confirm_hash: hashToken(confirm), confirm_sent_at: now, locale }).where('id', '=', existing.id).execute();
    } else {
      const id = randomUUID();
      const unsubscribe = newToken();
      const ref = (column: string) => ({ table: 'status_subscribers', column, rowId: id });
      try {
        await this.ctx.db
          .insertInto('status_subscribers')
          .values({
            id,
            email_enc: await this.ctx.crypto.encrypt(PLATFORM, ref('email_enc'), address),
            email_idx: idx,
            confirm_hash: hashToken(confirm),
            confirm_sent_at: now,
            confirmed_at: null,
            unsubscribe_enc: await this.ctx.crypto.encrypt(PLATFORM, ref('unsubscribe_enc'), unsubscribe),
            unsubscribe_hash: hashToken(unsubscribe),
            created_at: now,
            locale,
          })
          .execute();
      } catch {
        // The same address twice at once: the other request's mail is on its way.
        return;
      }
    }
    const url = this.ctx.config.publicUrl;
    const link = withLang(`${url}/status/subscribe#confirm=${confirm}`, locale);
    await this.ctx.mailer.send({ to: address, subject: t(locale, 'status.confirm.subject'), text: `${t(locale, 'status.confirm.body', { link })}\n` });
  }

  async confirm(token: string): Promise<void> {
    const r = await this.ctx.db.updateTable('status_subscribers').set({ confirmed_at: this.ctx.clock.now(), confirm_hash: null }).where('confirm_hash', '=', hashToken(token)).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('not_found', 404, 'token: this confirmation link is not valid (used already, or replaced by a newer one)', 'token');
  }

  async unsubscribe(token: string): Promise<void> {
    const row = await this.ctx.db.selectFrom('status_subscribers').select('id').where('unsubscribe_hash', '=', hashToken(token)).executeTakeFirst();
    if (!row) throw new AppError('not_found', 404, 'token: this unsubscribe link is not valid (already unsubscribed?)', 'token');
    await this.ctx.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('status_deliveries').where('subscriber_id', '=', row.id).execute();
      await tx.deleteFrom('status_subscribers').where('id', '=', row.id).execute();
    });
  }

  /** Mails due updates to subscribers: each delivery claimed once, retried with backoff, never twice. */
  async deliveriesPass(): Promise<number> {
    const now = this.ctx.clock.now();
    await repo.failStaleDeliveries(this.ctx.db, now - 10 * 60_000);
    let sent = 0;
    for (const d of await repo.dueDeliveries(this.ctx.db, now, 50)) {
      if (!(await repo.claimDelivery(this.ctx.db, d.id, now))) continue;
      const sub = await this.ctx.db.selectFrom('status_subscribers').select(['id', 'email_enc', 'unsubscribe_enc', 'locale']).where('id', '=', d.subscriber_id).executeTakeFirst();
      const update = await this.ctx.db.selectFrom('status_incident_updates').selectAll().where('id', '=', d.update_id).executeTakeFirst();
      const inc = update ? await repo.incident(this.ctx.db, update.incident_id) : undefined;
      if (!sub || !update || !inc) {
        await this.ctx.db.updateTable('status_deliveries').set({ status: 'failed', failure: 'gone' }).where('id', '=', d.id).execute();
        continue;
      }
      try {
        const ref = (column: string) => ({ table: 'status_subscribers', column, rowId: sub.id });
        const to = await this.ctx.crypto.decrypt(ref('email_enc'), sub.email_enc);
        const unsubscribe = await this.ctx.crypto.decrypt(ref('unsubscribe_enc'), sub.unsubscribe_enc);
        // The frame in the subscriber's language; the incident's name and text as the operators wrote them.
        const locale = localeOr(sub.locale);
        const label = t(locale, 'status.label', { status: update.status });
        const url = this.ctx.config.publicUrl;
        const at = Number(update.created_at);
        const values = { incident: inc.name, label, body: update.body, when: locale === 'en' ? stamp(at, this.zone) : longWhen(at, this.zone, locale) };
        await this.ctx.mailer.send({
          to,
          subject: t(locale, 'status.update.subject', values),
          text: `${t(locale, 'status.update.body', { ...values, live: withLang(`${url}/status`, locale), unsubscribe: withLang(`${url}/status/subscribe#unsubscribe=${unsubscribe}`, locale) })}\n`,
        });
        await this.ctx.db.updateTable('status_deliveries').set({ status: 'sent', sent_at: this.ctx.clock.now(), attempts: d.attempts + 1 }).where('id', '=', d.id).execute();
        sent++;
      } catch (err) {
        const attempts = d.attempts + 1;
        const failed = attempts >= DELIVERY_ATTEMPTS;
        await this.ctx.db
          .updateTable('status_deliveries')
          .set({ status: failed ? 'failed' : 'pending', attempts, next_attempt_at: now + 60_000 * 2 ** attempts, failure: (err as Error).name })
          .where('id', '=', d.id)
          .execute();
      }
    }
    return sent;
  }
}
