// What modules that write to a client outside any staff session (reminders, notifications, calls,
// the portal) may know of the client: consents, whether an address is on file, zone and language,
// without decrypting anything; then the address itself, decrypted only for a client who agreed to
// the channel (consent first, then decrypt). ClientService extends this.
import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import type { Locale } from '../../../shared/locale.js';
import { normalisePhone } from './normalise.js';
import { ENC_COLUMNS, type ReminderContact } from './record.js';
import * as repo from './repo.js';

export class ClientContacts {
  constructor(protected readonly ctx: AppContext) {}

  /**
   * Whether and how system mail about a client's appointments may be sent, for a sender that runs
   * outside any session (the outbox): the consents, whether an address is on file, and the zone.
   * Decrypts nothing: the address itself comes from mailAddress, once the sender has decided to
   * mail (consent first, then decrypt).
   */
  async mailPreferences(
    practiceId: string,
    id: string,
  ): Promise<{ hasEmail: boolean; emailConsent: boolean; detailsConsent: boolean; timeZone: string | null; locale: Locale; status: string } | null> {
    const row = await repo.findClient(this.ctx.db, practiceId, id);
    if (!row) return null;
    return { hasEmail: row.email_enc !== null, emailConsent: row.consent_email === 1, detailsConsent: row.consent_details === 1, timeZone: row.time_zone, locale: row.locale, status: row.status };
  }

  /** The client's e-mail address for system mail: decrypted only for a client who agreed to e-mail (null otherwise). */
  async mailAddress(practiceId: string, id: string): Promise<string | null> {
    const row = await repo.findClient(this.ctx.db, practiceId, id);
    if (!row || row.consent_email !== 1) return null;
    return this.ctx.crypto.decryptNullable({ table: 'clients', column: ENC_COLUMNS.email, rowId: id }, row.email_enc);
  }

  /**
   * Reminders: for each client of the practice among `ids`, the consents per channel, whether an
   * address is on file for each, and the zone. Decrypts nothing (consent first, then decrypt).
   */
  async reminderContacts(practiceId: string, ids: readonly string[]): Promise<Map<string, ReminderContact>> {
    const out = new Map<string, ReminderContact>();
    for (const r of await repo.findClients(this.ctx.db, practiceId, ids)) {
      out.set(r.id, {
        email: r.consent_email === 1,
        sms: r.consent_sms === 1,
        details: r.consent_details === 1,
        hasEmail: r.email_enc !== null,
        hasPhone: r.phone_enc !== null,
        timeZone: r.time_zone,
        locale: r.locale,
      });
    }
    return out;
  }

  /**
   * Reminders: the e-mail addresses or phone numbers (E.164) of the given clients, decrypted only
   * for those who agreed to that channel now; the others are missing from the answer.
   */
  async reminderAddresses(practiceId: string, ids: readonly string[], channel: 'email' | 'sms'): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const r of await repo.findClients(this.ctx.db, practiceId, ids)) {
      const consent = channel === 'email' ? r.consent_email : r.consent_sms;
      const column = channel === 'email' ? ENC_COLUMNS.email : ENC_COLUMNS.phone;
      const value = channel === 'email' ? r.email_enc : r.phone_enc;
      if (consent !== 1 || value === null) continue;
      out.set(r.id, await this.ctx.crypto.decrypt({ table: 'clients', column, rowId: r.id }, value));
    }
    return out;
  }

  /** Ids of the practice's clients whose phone number is this one (E.164), through its blind index. */
  async idsByPhone(practiceId: string, phone: string): Promise<string[]> {
    let normal: string;
    try {
      normal = normalisePhone(phone, 'phone');
    } catch {
      return [];
    }
    return [...(await repo.clientsWithAllTerms(this.ctx.db, practiceId, [await this.ctx.crypto.blindIndex(practiceId, 'client:phone', normal)]))];
  }

  /** The recorded zones of these clients by id (ids the caller already holds, e.g. an appointment's clients). */
  async timeZones(ids: readonly string[]): Promise<Map<string, string | null>> {
    return new Map((await repo.timeZonesOf(this.ctx.db, ids)).map((r) => [r.id, r.time_zone]));
  }

  /** The client's own IANA zone, if recorded (the portal shows times in it). */
  async timeZoneOf(practiceId: string, id: string): Promise<string | null> {
    const row = await repo.findClient(this.ctx.db, practiceId, id);
    if (!row) throw notFound('Client');
    return row.time_zone;
  }

  /** The language the practice recorded for the client (mail, texts, join pages). */
  async localeOf(practiceId: string, id: string): Promise<Locale> {
    const row = await repo.findClient(this.ctx.db, practiceId, id);
    if (!row) throw notFound('Client');
    return row.locale;
  }

  /**
   * The client's own choice of language from the portal (PUT /api/portal/me/locale) on their
   * record at a practice; the portal module audits it. Not a staff change: no list index to update.
   */
  async setLocale(practiceId: string, id: string, locale: Locale): Promise<void> {
    if (!(await repo.findClient(this.ctx.db, practiceId, id))) throw notFound('Client');
    await repo.updateClient(this.ctx.db, id, { locale, updated_at: this.ctx.clock.now() });
  }
}
