// Invitations mailed to clients, on every test database, through a real SMTP receiver: sent right
// after the booking is answered (the outbox pump kicked by the request), under the practice's
// neutral sender name, with times in the client's own zone and invite.ics parsed by ical.js
// (instants equal the API's, in the client's zone, for the five zones of the time-zone suite on
// both sides of DST); one mail per series; updates and cancellations; details only with consent;
// only with e-mail consent; never twice for a retried event; a failed send retried after the lease.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { createPractice, joinColleague, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { watchClientDecrypts } from '../../testing/decrypts.js';
import { parseIcs } from '../../testing/ics.js';
import type { ReceivedMail } from '../../testing/smtp.js';
import type { Mail } from '../mail/index.js';
import { INVITATIONS_CONSUMER } from './invitations.js';
import { OFFSETS, ZONES } from '../../testing/zones.js';

type Appt = { id: string; start: string; end: string; status: string; version: number; seriesId: string | null };

describe.each(testDialects())('client invitations on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture & { totpSecret?: string };
  let provider: Colleague;
  let serviceId: string;
  const clock = new ManualClock(Date.UTC(2026, 9, 1, 12));
  const SENDER = 'Care Portal';
  const PRACTICE = 'Riverside Counseling';
  const secrets = ['Marigold', 'Quinceinv', 'Basil', 'Thorneinv', 'Priya', 'Invprovider', 'Riverside', 'Couples session', 'Side door'];

  /** The outbox consumers, then the notification dispatcher (the mails). */
  const drain = async () => {
    await h.app.services.pump.drain();
    await h.app.services.notifications.dispatcher.drain();
  };
  const mailsTo = (email: string) => h.smtp!.messages.filter((m) => m.to.includes(email));
  const ics = (m: ReceivedMail) => {
    const files = m.attachments.filter((a) => a.filename === 'invite.ics');
    expect(files).toHaveLength(1);
    return { file: files[0]!, cal: parseIcs(files[0]!.content.toString('utf8')) };
  };
  const client = async (first: string, last: string, extra: Record<string, unknown>) => {
    const res = await p.owner.post('/api/clients', { firstName: first, lastName: last, dateOfBirth: '1980-01-01', providerIds: [provider.id], ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const book = async (body: Record<string, unknown>) => {
    const res = await p.owner.post('/api/appointments', { providerId: provider.id, durationMinutes: 50, type: 'video', note: 'Side door', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; seriesId: string | null; occurrenceIds: string[] };
  };
  const get = async (id: string) => (await p.owner.get(`/api/appointments/${id}`)).json() as Appt;
  /** The whole mail, headers, text and (decoded) attachments, holds none of the client's or practice's names. */
  const noPhi = (m: ReceivedMail) => {
    const all = [m.raw, m.text, ...m.attachments.map((a) => a.content.toString('utf8'))].join('\n').toLowerCase();
    for (const s of secrets) expect(all, `${s} in "${m.subject}"`).not.toContain(s.toLowerCase());
  };

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true, clock, env: { OUTBOX_POLL_MS: '0' } });
    p = await createPractice(h, { practiceName: PRACTICE });
    provider = await joinColleague(h, p.owner, 'provider', 'Priya Invprovider');
    const profile = await p.owner.request('PUT', '/api/practice/profile', { slug: `riverside-${dialect}`, displayName: PRACTICE, senderName: SENDER, contactEnabled: false, contactServiceId: null });
    expect(profile.statusCode, profile.body).toBe(200);
    serviceId = (await p.owner.post('/api/practice/appointment-services', { name: 'Couples session', defaultMinutes: 50, rateCents: 15000 })).json().id;
  });
  afterAll(async () => h?.close());

  it('mails the client right after the booking: neutral sender, their zone, a portal link, invite.ics at the same instant, no PHI', async () => {
    const email = 'c1.inv@example.test';
    const id = await client('Marigold', 'Quinceinv', { email, consents: { email: true, sms: false, details: false }, timeZone: 'America/Chicago' });
    const booked = await book({ clientIds: [id], start: '2026-10-20T10:00:00-04:00', timeZone: 'America/New_York' });
    // No drain: the request kicked the pump once it was answered.
    const mail = await h.smtp!.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toBe('Your upcoming appointment');
    expect(mail.raw).toMatch(/^From: "?Care Portal"? <no-reply@localhost>/m);
    expect(mail.text).toContain('Tuesday, October 20, 2026 at 9:00 AM CDT');
    expect(mail.text).toContain('America/Chicago');
    expect(mail.text).toContain(`${h.config.publicUrl}/portal`);
    noPhi(mail);
    expect(mail.text.toLowerCase()).not.toContain('video');

    const { file, cal } = ics(mail);
    expect(file.contentType).toMatch(/^text\/calendar;.*method=REQUEST/i);
    const appt = await get(booked.id);
    expect(cal.method).toBe('REQUEST');
    expect(cal.events).toHaveLength(1);
    expect(cal.events[0]).toMatchObject({
      uid: `${booked.id}@127.0.0.1`,
      start: Date.parse(appt.start),
      end: Date.parse(appt.end),
      tzid: 'America/Chicago',
      local: { hour: 9, minute: 0 },
      sequence: 0,
      summary: 'Appointment',
      status: 'CONFIRMED',
      url: `${h.config.publicUrl}/portal`,
      organizer: 'mailto:no-reply@localhost',
      attendees: [`mailto:${email}`],
    });
    expect(cal.zones).toEqual(new Set(['America/Chicago']));

    await drain();
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'actor_type', 'details']).where('resource_id', '=', booked.id).where('action', '=', 'invitation_sent').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_type).toBe('system');
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({ kind: 'appointment', clientId: id, occurrences: 1 });
  });

  it('never mails twice, even when every event is handled again', async () => {
    await drain();
    const before = h.smtp!.messages.length;
    const notices = await h.database.db.selectFrom('appointment_notifications').selectAll().execute();
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((n) => n.sent_at !== null)).toBe(true);
    // As if every claim had been lost (a crash before done): the events come round again.
    await h.database.db.deleteFrom('event_consumptions').where('consumer', '=', INVITATIONS_CONSUMER).execute();
    await drain();
    expect(h.smtp!.messages.length).toBe(before);
    const redone = await h.database.db.selectFrom('event_consumptions').selectAll().where('consumer', '=', INVITATIONS_CONSUMER).execute();
    expect(redone.length).toBeGreaterThan(0);
    expect(redone.every((r) => r.done_at !== null)).toBe(true);
  });

  it('mails only clients with an address and e-mail consent; names the provider and service only with consent to details', async () => {
    const detailed = 'c2.inv@example.test';
    const quiet = 'noconsent.inv@example.test';
    const a = await client('Basil', 'Thorneinv', { email: detailed, consents: { email: true, sms: false, details: true }, timeZone: 'Europe/London' });
    const b = await client('Quiet', 'Person', { email: quiet, consents: { email: false, sms: false, details: false } });
    const booked = await book({ clientIds: [a, b], format: 'couple', serviceId, start: '2026-10-21T12:00:00-04:00', timeZone: 'America/New_York' });
    await drain();
    expect(mailsTo(quiet)).toEqual([]);
    const [mail] = mailsTo(detailed);
    expect(mail).toBeDefined();
    expect(mail!.text).toContain('You have an upcoming video Couples session appointment with Priya Invprovider:');
    expect(mail!.text).toContain('Wednesday, October 21, 2026 at 5:00 PM GMT+1');
    expect(mail!.raw).not.toContain(PRACTICE);
    expect(mail!.raw.toLowerCase()).not.toContain('basil');
    const appt = await get(booked.id);
    expect(ics(mail!).cal.events[0]).toMatchObject({ start: Date.parse(appt.start), tzid: 'Europe/London', summary: 'Appointment with Priya Invprovider' });
  });

  const seriesClients = new Map<string, { clientId: string; email: string; seriesId: string; first: string }>();

  it('a series is one mail: every occurrence in the client’s own zone at the API’s instant, both sides of DST, five zones', async () => {
    for (const [i, zone] of ZONES.entries()) {
      const email = `series.${i}.inv@example.test`;
      const clientId = await client(`Series${i}`, 'Client', { email, consents: { email: true, sms: false, details: false }, timeZone: zone });
      // Booked in New York, on a weekday of its own: the client's zone changes DST on other dates.
      const start = DateTime.fromISO(`2026-10-${String(5 + i).padStart(2, '0')}T16:00`, { zone: 'America/New_York' }).toISO()!;
      const booked = await book({ clientIds: [clientId], start, timeZone: 'America/New_York', recurrence: 'FREQ=WEEKLY;COUNT=30' });
      seriesClients.set(zone, { clientId, email, seriesId: booked.seriesId!, first: booked.id });
    }
    await drain();
    for (const zone of ZONES) {
      const { email, seriesId } = seriesClients.get(zone)!;
      const mails = mailsTo(email);
      expect(mails, zone).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail.subject).toBe('Your upcoming appointments');
      expect(mail.text).toContain('You have 30 upcoming appointments:');
      expect(mail.text).toContain('... and 20 more');
      noPhi(mail);
      const { cal } = ics(mail);
      const api = ((await p.owner.get(`/api/appointments?from=2026-10-01T00:00:00Z&to=2027-06-01T00:00:00Z&limit=5000`)).json().items as Appt[]).filter((a) => a.seriesId === seriesId);
      expect(api).toHaveLength(30);
      expect(cal.events).toHaveLength(30);
      expect(cal.zones).toEqual(new Set([zone]));
      for (const [k, a] of api.entries()) {
        const e = cal.events.find((x) => x.uid === `${a.id}@127.0.0.1`)!;
        expect({ start: e.start, end: e.end }, `${zone} #${k}`).toEqual({ start: Date.parse(a.start), end: Date.parse(a.end) });
        expect(e.tzid).toBe(zone);
        const local = DateTime.fromISO(a.start, { zone });
        expect(e.local).toEqual({ hour: local.hour, minute: local.minute });
        expect(e.offset).toBe(local.offset);
      }
      expect([...new Set(cal.events.map((e) => e.offset))].sort(), zone).toEqual([...OFFSETS[zone]].sort());
    }
  });

  it('a reschedule sends one update per change (REQUEST, higher SEQUENCE); a cancellation sends CANCEL', async () => {
    const { email, seriesId, first } = seriesClients.get('America/Los_Angeles')!;
    const series = ((await p.owner.get(`/api/appointments?from=2026-10-01T00:00:00Z&to=2027-06-01T00:00:00Z&limit=5000`)).json().items as Appt[]).filter((a) => a.seriesId === seriesId);
    expect(series[0]!.id).toBe(first);

    // This and following: one mail for the 27 occurrences moved an hour later. (Each change
    // happens at its own time, as in life: a change is told apart by its updated_at.)
    clock.advance(60_000);
    const third = series[3]!;
    const moved = await p.owner.patch(`/api/appointments/${third.id}`, { start: DateTime.fromISO(third.start).plus({ hours: 1 }).toISO(), scope: 'following' });
    expect(moved.statusCode, moved.body).toBe(200);
    await drain();
    let mails = mailsTo(email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe('Your appointment times have changed');
    expect(mails[1]!.text).toContain('The time of 27 of your appointments has changed. The new times are:');
    expect(mails[1]!.text).toContain('updates them in your calendar');
    expect(mails[1]!.text).not.toContain('upcoming');
    const update = ics(mails[1]!).cal;
    expect(update.method).toBe('REQUEST');
    expect(update.events).toHaveLength(27);
    for (const a of series.slice(3)) {
      const now = await get(a.id);
      const e = update.events.find((x) => x.uid === `${a.id}@127.0.0.1`)!;
      expect(e).toMatchObject({ start: Date.parse(now.start), sequence: now.version - 1, tzid: 'America/Los_Angeles' });
      expect(e.sequence).toBe(1);
    }

    // One occurrence cancelled.
    clock.advance(60_000);
    const fifth = series[5]!;
    expect((await p.owner.post(`/api/appointments/${fifth.id}/cancel`, {})).statusCode).toBe(200);
    await drain();
    mails = mailsTo(email);
    expect(mails).toHaveLength(3);
    expect(mails[2]!.subject).toBe('Your appointment was cancelled');
    const { file, cal } = ics(mails[2]!);
    expect(file.contentType).toMatch(/method=CANCEL/i);
    expect(cal.method).toBe('CANCEL');
    expect(cal.events).toEqual([expect.objectContaining({ uid: `${fifth.id}@127.0.0.1`, status: 'CANCELLED', sequence: 2, start: Date.parse((await get(fifth.id)).start) })]);

    // The whole series: one mail for the 29 still on.
    clock.advance(60_000);
    expect((await p.owner.post(`/api/appointments/${first}/cancel`, { scope: 'all' })).statusCode).toBe(200);
    await drain();
    mails = mailsTo(email);
    expect(mails).toHaveLength(4);
    expect(mails[3]!.subject).toBe('Your appointments were cancelled');
    const all = ics(mails[3]!).cal;
    expect(all.events).toHaveLength(29);
    expect(all.events.every((e) => e.status === 'CANCELLED')).toBe(true);
    for (const m of mails) noPhi(m);
  });

  it('a send that fails with a 4xx is retried with backoff, then sent once; its key is marked sent only then', async () => {
    const email = 'retry.inv@example.test';
    const id = await client('Retry', 'Client', { email, consents: { email: true, sms: false, details: false } });
    const mailer = h.app.services.ctx.mailer;
    const send = mailer.send.bind(mailer);
    let failures = 0;
    mailer.send = async (m: Mail) => {
      if (m.to === email && failures === 0) {
        failures++;
        throw Object.assign(new Error('451 try again later'), { code: 'EENVELOPE', responseCode: 451 });
      }
      return send(m);
    };
    try {
      const booked = await book({ clientIds: [id], start: '2026-10-22T09:00:00-04:00', timeZone: 'America/New_York' });
      await drain();
      expect(failures).toBe(1);
      expect(mailsTo(email)).toEqual([]);
      const keys = () => h.database.db.selectFrom('appointment_notifications').select('sent_at').where('subject_id', '=', booked.id).execute();
      expect(await keys()).toEqual([{ sent_at: null }]);
      const row = () => h.database.db.selectFrom('notifications').select(['status', 'failure', 'attempts']).where('recipient_id', '=', id).executeTakeFirstOrThrow();
      expect(await row()).toEqual({ status: 'scheduled', failure: 'smtp_451', attempts: 1 });
      // Before the backoff (REMINDER_RETRY_BASE_MS, a minute) nothing is retried; after it, the mail goes out once.
      clock.advance(30_000);
      await drain();
      expect(mailsTo(email)).toEqual([]);
      clock.advance(30_000);
      await drain();
      expect(mailsTo(email)).toHaveLength(1);
      await h.database.db.deleteFrom('event_consumptions').where('consumer', '=', INVITATIONS_CONSUMER).execute();
      await drain();
      expect(mailsTo(email)).toHaveLength(1);
      expect(await row()).toEqual({ status: 'sent', failure: null, attempts: 2 });
      expect((await keys())[0]!.sent_at).not.toBeNull();
    } finally {
      mailer.send = send;
    }
  });

  it('never mails an appointment already past; a series booked from the past lists only what is to come; a cancellation of a future one still mails', async () => {
    const email = 'past.inv@example.test';
    const id = await client('Past', 'Client', { email, consents: { email: true, sms: false, details: false }, timeZone: 'America/New_York' });
    const yesterday = new Date(clock.now() - 24 * 3600_000).toISOString();
    const past = await book({ clientIds: [id], start: yesterday, timeZone: 'America/New_York' });
    await drain();
    expect(mailsTo(email)).toEqual([]);
    // Cancelling it afterwards: nothing to tell either.
    clock.advance(60_000);
    expect((await p.owner.post(`/api/appointments/${past.id}/cancel`, {})).statusCode).toBe(200);
    await drain();
    expect(mailsTo(email)).toEqual([]);

    // Weekly from two weeks ago: the two past occurrences are left out.
    const series = await book({ clientIds: [id], start: new Date(clock.now() - 14 * 24 * 3600_000 + 3 * 3600_000).toISOString(), timeZone: 'America/New_York', recurrence: 'FREQ=WEEKLY;COUNT=5' });
    await drain();
    let mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Your upcoming appointments');
    expect(mails[0]!.text).toContain('You have 3 upcoming appointments:');
    const invited = ics(mails[0]!).cal.events.map((e) => e.uid.split('@')[0]);
    expect(invited).toEqual(series.occurrenceIds.slice(2));

    // A future one cancelled: mailed.
    clock.advance(60_000);
    const fourth = series.occurrenceIds[3]!;
    expect((await p.owner.post(`/api/appointments/${fourth}/cancel`, {})).statusCode).toBe(200);
    await drain();
    mails = mailsTo(email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe('Your appointment was cancelled');
    expect(ics(mails[1]!).cal.events.map((e) => e.uid)).toEqual([`${fourth}@127.0.0.1`]);
    // A past one cancelled: not.
    clock.advance(60_000);
    expect((await p.owner.post(`/api/appointments/${series.occurrenceIds[0]!}/cancel`, {})).statusCode).toBe(200);
    await drain();
    expect(mailsTo(email)).toHaveLength(2);
  });

  it('an appointment booked in the past and moved to the future gets the invitation, not an update', async () => {
    const email = 'moved.inv@example.test';
    const id = await client('Moved', 'Client', { email, consents: { email: true, sms: false, details: false }, timeZone: 'America/New_York' });
    const booked = await book({ clientIds: [id], start: new Date(clock.now() - 2 * 3600_000).toISOString(), timeZone: 'America/New_York' });
    await drain();
    expect(mailsTo(email)).toEqual([]);
    clock.advance(60_000);
    const moved = await p.owner.patch(`/api/appointments/${booked.id}`, { start: '2026-10-28T10:00:00-04:00' });
    expect(moved.statusCode, moved.body).toBe(200);
    await drain();
    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Your upcoming appointment');
    expect(mails[0]!.text).toContain('Wednesday, October 28, 2026 at 10:00 AM EDT');
    expect(ics(mails[0]!).cal.events).toEqual([expect.objectContaining({ uid: `${booked.id}@127.0.0.1`, start: Date.parse('2026-10-28T14:00:00Z'), sequence: 1 })]);
  });

  it('a reschedule reads as a change (new time, the old one), a change of provider alone says the time is the same; PHI-free', async () => {
    const email = 'change.inv@example.test';
    const id = await client('Changeling', 'Inv', { email, consents: { email: true, sms: false, details: false }, timeZone: 'America/New_York' });
    const booked = await book({ clientIds: [id], start: '2026-11-03T09:00:00-05:00', timeZone: 'America/New_York' });
    await drain();
    expect(mailsTo(email)).toHaveLength(1);

    clock.advance(60_000);
    expect((await p.owner.patch(`/api/appointments/${booked.id}`, { start: '2026-11-04T11:30:00-05:00' })).statusCode).toBe(200);
    await drain();
    let mails = mailsTo(email);
    expect(mails).toHaveLength(2);
    const update = mails[1]!;
    expect(update.subject).toBe('Your appointment time has changed');
    expect(update.text).toContain('The time of your appointment has changed. The new time is:');
    expect(update.text).toContain('Wednesday, November 4, 2026 at 11:30 AM EST');
    expect(update.text).toContain('It was: Tuesday, November 3, 2026 at 9:00 AM EST.');
    expect(update.text).toContain('updates it in your calendar');
    expect(update.text).not.toMatch(/upcoming|You have an/);
    expect(ics(update).cal.events).toEqual([expect.objectContaining({ uid: `${booked.id}@127.0.0.1`, sequence: 1, start: Date.parse('2026-11-04T16:30:00Z') })]);
    noPhi(update);

    // Another provider, same time.
    const other = await joinColleague(h, p.owner, 'provider', 'Otto Otherinv');
    clock.advance(60_000);
    const res = await p.owner.patch(`/api/appointments/${booked.id}`, { providerId: other.id });
    expect(res.statusCode, res.body).toBe(200);
    await drain();
    mails = mailsTo(email);
    expect(mails).toHaveLength(3);
    expect(mails[2]!.subject).toBe('Your appointment has changed');
    expect(mails[2]!.text).toContain('Your appointment has changed. Its time is the same:');
    expect(mails[2]!.text).not.toContain('It was');
    expect(mails[2]!.raw).not.toContain('Otherinv');
    noPhi(mails[2]!);
  });

  it('decrypts an address only for a client who agreed to e-mail, and only for a mail about to be sent', async () => {
    const watch = watchClientDecrypts(h);
    const { decrypted } = watch;
    try {
      const quiet = await client('Nomail', 'Person', { email: 'nomail.inv@example.test', consents: { email: false, sms: false, details: true } });
      const yes = await client('Yesmail', 'Person', { email: 'yesmail.inv@example.test', consents: { email: true, sms: false, details: false } });
      decrypted.length = 0;
      await book({ clientIds: [quiet, yes], format: 'couple', start: '2026-11-10T09:00:00-05:00', timeZone: 'America/New_York', recurrence: 'FREQ=WEEKLY;COUNT=12' });
      await drain();
      expect(mailsTo('nomail.inv@example.test')).toEqual([]);
      expect(mailsTo('yesmail.inv@example.test')).toHaveLength(1);
      // Twelve events, one mail: one address decrypted, the other client's never.
      expect(decrypted).toEqual([`${yes}:email_enc`]);

      // Every event handled again (as after lost claims): the mail went, so nothing is decrypted.
      await h.database.db.deleteFrom('event_consumptions').where('consumer', '=', INVITATIONS_CONSUMER).execute();
      const before = h.smtp!.messages.length;
      await drain();
      expect(h.smtp!.messages.length).toBe(before);
      expect(decrypted).toEqual([`${yes}:email_enc`]);
    } finally {
      watch.restore();
    }
  });
});
