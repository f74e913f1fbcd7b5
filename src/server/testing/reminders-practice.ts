// The practice the reminders suites share, on one test database: the real SMTP receiver (refusing
// busy.* with 451 and gone.* with 550) and an in-test recording SMS channel; a practice that signs
// its mail as "Care Portal", a provider and a service; clients with numbered canary names; and the
// steps the suites take (book, drain, move the clock and sign the owner in again). Never in any
// message: client names, the note, the practice's and the service's names (the canaries).
import { afterAll, beforeAll, expect } from 'vitest';
import { ManualClock } from '../lib/clock.js';
import { signInAgain } from './actors.js';
import type { TestDialect } from './dialects.js';
import { recordingSms } from './recording-sms.js';
import type { ReceivedMail } from './smtp.js';
import { providerPracticeSuite } from './suite.js';

export const H = 3600_000;
export const MIN = 60_000;
export const T0 = Date.UTC(2026, 9, 1, 12, 0, 0); // Thursday 1 October 2026, 12:00Z

export function remindersPractice(dialect: TestDialect) {
  const clock = new ManualClock(T0);
  const sms = recordingSms();
  const PRACTICE = 'Riverside Trauma Counseling';
  const SERVICE = 'Trauma therapy';
  const NOTE = 'Sidedoor entrance note';
  /** Never in any message: client names, the note, the practice's and the service's names. */
  const canaries = [PRACTICE, SERVICE, NOTE, 'Riverside', 'Trauma'];
  let seq = 0;
  let serviceId = '';

  const { h, p, provider } = providerPracticeSuite(
    dialect,
    {
      smtp: { refuse: (rcpt) => (rcpt.startsWith('busy.') ? 451 : rcpt.startsWith('gone.') ? 550 : null) },
      clock,
      sms,
      env: { OUTBOX_POLL_MS: '0', REMINDER_MAX_ATTEMPTS: '3', REMINDER_RETRY_BASE_MS: String(10 * MIN), REMINDER_LEASE_MS: String(5 * MIN) },
    },
    { practiceName: PRACTICE, slug: `rem-${dialect}`, senderName: 'Care Portal', providerName: 'Priya Remprovider' },
  );
  beforeAll(async () => {
    serviceId = (await p.owner.post('/api/practice/appointment-services', { name: SERVICE, defaultMinutes: 50, rateCents: 15000 })).json().id;
  });
  // Before the harness closes (hooks after run last-declared first): a hung send would hold it open.
  afterAll(() => sms.provider.releaseHanging());

  const db = () => h.database.db;
  const dispatcher = () => h.app.services.reminders.dispatcher;
  const drain = async () => {
    await h.app.services.pump.drain();
    await dispatcher().drain();
    // Invitations (and their cancellations) are notifications, sent by the notification dispatcher.
    await h.app.services.notifications.dispatcher.drain();
  };
  const mailsTo = (email: string) => h.smtp!.messages.filter((m) => m.to.includes(email));
  const textsTo = (phone: string) => sms.provider.sent.filter((m) => m.to === phone);
  const rowsOf = (appointmentId: string) => db().selectFrom('reminders').selectAll().where('appointment_id', '=', appointmentId).orderBy('due_at').orderBy('channel').execute();

  /** Signs the owner in again (sessions end after 30 idle minutes, and tests jump days). */
  const relogin = async () => {
    clock.advance(31_000);
    await signInAgain(p.owner, p.email, p.password, p.totpSecret);
    // Sign-in starts in the provider role; the owner books for a colleague.
    expect((await p.owner.post('/api/me/active-role', { role: 'owner' })).statusCode).toBe(204);
  };
  const setClock = async (t: number) => {
    clock.set(t);
    await relogin();
  };

  const client = async (consents: { email?: boolean; sms?: boolean; details?: boolean }, extra: Record<string, unknown> = {}) => {
    const n = ++seq;
    const email = `rem${n}.${dialect}@example.test`;
    const phone = `+1541555${String(100 + n).padStart(4, '0')}`;
    const res = await p.owner.post('/api/clients', {
      firstName: `Canaryfirst${n}`,
      lastName: `Canarylast${n}`,
      dateOfBirth: '1980-01-01',
      email,
      phone,
      providerIds: [provider.id],
      consents: { email: false, sms: false, details: false, ...consents },
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    canaries.push(`Canaryfirst${n}`, `Canarylast${n}`);
    return { id: res.json().id as string, email, phone };
  };
  const book = async (clientIds: string[], start: string, timeZone = 'America/Chicago', extra: Record<string, unknown> = {}) => {
    const res = await p.owner.post('/api/appointments', { clientIds, providerId: provider.id, start, durationMinutes: 50, timeZone, type: 'video', serviceId, note: NOTE, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const noPhi = (text: string, what: string) => {
    for (const c of canaries) expect(text.toLowerCase(), `${c} in ${what}`).not.toContain(c.toLowerCase());
  };

  /**
   * The canary scan of a suite, at its end: no reminder mail or text it sent holds a canary, and no
   * message went twice (one Message-ID per ledger row, one text per provider id). It scanned at
   * least `mails` reminder mails and `texts` texts.
   */
  const expectNoPhiSent = async (least: { mails: number; texts: number }) => {
    const reminderMails = h.smtp!.messages.filter((m: ReceivedMail) => m.messageId.startsWith('<reminder.'));
    expect(reminderMails.length).toBeGreaterThanOrEqual(least.mails);
    expect(sms.provider.sent.length).toBeGreaterThanOrEqual(least.texts);
    for (const m of reminderMails) noPhi(m.raw + m.text, `mail "${m.subject}"`);
    for (const t of sms.provider.calls) noPhi(t.body, 'a text');
    const ids = reminderMails.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    const sentRows = await db().selectFrom('reminders').select(['id', 'channel', 'status']).where('status', 'in', ['sent', 'delivered']).execute();
    expect(sentRows.filter((r) => r.channel === 'email').length).toBe(ids.length);
    // Texts recorded include those whose rows were later marked failed by a status callback.
    expect(sms.provider.sent.length).toBe((await db().selectFrom('reminders').select('id').where('channel', '=', 'sms').where('provider_id', 'is not', null).execute()).length);
  };

  return { h, p, provider, clock, sms, canaries, db, dispatcher, drain, mailsTo, textsTo, rowsOf, relogin, setClock, client, book, noPhi, expectNoPhiSent };
}
