// Join links in invitations and reminders of video and audio visits (issue 13), on every test
// database through the real SMTP receiver, with the notification dispatcher stopped and drained
// by the test: the link is in the mail (and its calendar file) of a video or an audio visit and not
// of an in-person one; its text holds no PHI; a send retried after a failure carries the same link;
// the token redeems once, only inside the visit's join window (shared with the portal's Join), into
// that occurrence's call. Also: the portal's Join route at the window's edge; a cancellation before
// the invitation went sends neither (bug 12); a call link's time in the practice's zone for a client
// without one (bug 11); the portal invitation names the practice (bug 8).
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_WORDING } from '../../../shared/clients.js';
import { JOIN_WINDOW_MINUTES } from '../../../shared/join-window.js';
import { ManualClock } from '../../lib/clock.js';
import { Actor, signInAgain } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { portalClient, type PortalClientFixture } from '../../testing/portal.js';
import type { ReceivedMail } from '../../testing/smtp.js';
import type { Mail } from '../mail/index.js';
import { providerPracticeSuite } from '../../testing/suite.js';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 9, 1, 12, 0, 0);

describe.each(testDialects())('join links on %s', (dialect) => {
  const clock = new ManualClock(T0);
  const PRACTICE = 'Riverside Trauma Counseling';
  const SENDER = 'Care Portal';
  const NOTE = 'Sidedoor entrance note';
  const { h, p, provider } = providerPracticeSuite(
    dialect,
    { smtp: true, clock, notifications: false, env: { OUTBOX_POLL_MS: '0', REMINDER_RETRY_BASE_MS: String(MIN) } },
    { practiceName: PRACTICE, slug: `join-${dialect}`, senderName: SENDER, providerName: 'Priya Joinprovider' },
  );
  let c: PortalClientFixture;
  const canaries = ['Riverside', 'Trauma', NOTE, 'Joncanary', 'Linkcanary', 'Priya', 'Joinprovider'];
  // Visits three days on, each 50 minutes (Chicago).
  const V = T0 + 3 * 24 * H; // video
  const A = V + 2 * H; // audio
  const P = V + 4 * H; // in person
  const ids: Record<'video' | 'audio' | 'in_person', string> = { video: '', audio: '', in_person: '' };

  const mailsTo = (email: string) => h.smtp!.messages.filter((m) => m.to.includes(email));
  const drain = async () => {
    await h.app.services.pump.drain();
    await h.app.services.reminders.dispatcher.drain();
    await h.app.services.notifications.dispatcher.drain();
  };
  const linkOf = (text: string) => /\/join#([A-Za-z0-9_-]+)/.exec(text)?.[1];
  /** The links in a mail's text part (the calendar file is checked on its own). */
  const linksOf = (text: string) => [...(text.split('BEGIN:VCALENDAR')[0] ?? '').matchAll(/\/join#([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
  const noPhi = (m: ReceivedMail) => {
    const all = [m.raw, m.text, ...m.attachments.map((a) => a.content.toString('utf8'))].join('\n').toLowerCase();
    for (const s of canaries) expect(all, `${s} in "${m.subject}"`).not.toContain(s.toLowerCase());
  };
  const relogin = async () => {
    await signInAgain(p.owner, p.email, p.password, p.totpSecret);
    expect((await p.owner.post('/api/me/active-role', { role: 'owner' })).statusCode).toBe(204);
    const portal = new Actor(h, 'portal');
    expect((await portal.post('/api/portal/login', { email: c.email, password: 'meadowlark quiet river 3' })).statusCode).toBe(200);
    c.portal = portal;
  };
  const setClock = async (t: number) => {
    clock.set(t);
    await relogin();
  };
  const book = async (clientIds: string[], start: number, type: 'video' | 'audio' | 'in_person') => {
    const res = await p.owner.post('/api/appointments', { clientIds, providerId: provider.id, start: new Date(start).toISOString(), durationMinutes: 50, timeZone: 'America/Chicago', type, note: NOTE });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const redeem = (token: string) => new Actor(h, 'guest').post('/api/calls/join-link', { token });

  beforeAll(async () => {
    c = await portalClient(h, p.owner, { firstName: 'Joncanary', lastName: 'Linkcanary', providerIds: [provider.id], timeZone: 'America/New_York' });
  });

  it('bug 8: the portal invitation names the practice (as it signs its mail); the consent wording says date and time are sent', async () => {
    const invite = mailsTo(c.email).find((m) => /portal/i.test(m.subject))!;
    expect(invite.subject).toBe(`Your invitation to the secure portal of ${SENDER}`);
    expect(invite.text).toContain(`${SENDER} has invited you to its secure portal`);
    // A wording change is a new version; the mail wording no longer calls the date and time withheld details.
    expect(CONSENT_WORDING.version).not.toBe('2026-11-01');
    expect(CONSENT_WORDING.email).toMatch(/date and time/);
    expect(CONSENT_WORDING.details).not.toMatch(/date|time/);
    const stored = (await p.owner.get(`/api/clients/${c.id}`)).json() as { consents: { version: string } };
    expect(stored.consents.version).toBe(CONSENT_WORDING.version);
  });

  it("bug 11: a call link's mail for a client without a zone gives its time in the practice's zone, never UTC", async () => {
    const res = await p.owner.post('/api/clients', { firstName: 'Zoneless', lastName: 'Canary', dateOfBirth: '1980-01-01', email: `zoneless.${dialect}@example.test`, providerIds: [provider.id], consents: { email: true, sms: false, details: false } });
    expect(res.statusCode, res.body).toBe(201);
    const zoneless = res.json().id as string;
    canaries.push('Zoneless');
    // The practice's zone: the calling provider has no working hours set, a colleague's are in Denver.
    const hours = await p.owner.request('PUT', `/api/providers/${p.userId}/availability`, { timeZone: 'America/Denver', bufferMinutes: 0, hours: [] });
    expect(hours.statusCode, hours.body).toBe(200);
    const call = await provider.actor.post('/api/calls', { clientId: zoneless, mode: 'video' });
    expect(call.statusCode, call.body).toBe(201);
    await drain();
    const mail = mailsTo(`zoneless.${dialect}@example.test`).find((m) => /ready to join/i.test(m.subject));
    expect(mail, 'the link mail').toBeTruthy();
    expect(mail!.text).not.toMatch(/UTC/);
    // 12:00Z + the link's lifetime, in Denver (MDT in October).
    expect(mail!.text).toMatch(/until \d{1,2}:\d{2} (AM|PM) MDT/);
    await provider.actor.post(`/api/calls/${(call.json() as { id: string }).id}/end`, {});
  });

  it('the invitation of a video and an audio visit carries a join link (text and calendar file), an in-person one none; no PHI; a retried send carries the same link', async () => {
    const mailer = h.app.services.ctx.mailer;
    const send = mailer.send.bind(mailer);
    const attempts: Mail[] = [];
    mailer.send = async (m: Mail) => {
      if (m.to === c.email) {
        attempts.push(m);
        // The video visit's invitation fails once (a transient 451), then goes.
        if (attempts.length === 1) throw Object.assign(new Error('451 try again later'), { code: 'EENVELOPE', responseCode: 451 });
      }
      return send(m);
    };
    try {
      ids.video = await book([c.id], V, 'video');
      await drain();
      expect(attempts).toHaveLength(1);
      const firstLink = linkOf(attempts[0]!.text);
      expect(firstLink).toBeTruthy();
      clock.advance(MIN + 1);
      await drain();
      expect(attempts).toHaveLength(2);
      expect(linkOf(attempts[1]!.text)).toBe(firstLink);
      // One token for that send, however often it was tried.
      const tokens = await h.database.db.selectFrom('appointment_join_tokens').select('id').where('appointment_id', '=', ids.video).execute();
      expect(tokens).toHaveLength(1);
      ids.audio = await book([c.id], A, 'audio');
      ids.in_person = await book([c.id], P, 'in_person');
      await drain();
    } finally {
      mailer.send = send;
    }
    const invitations = mailsTo(c.email).filter((m) => m.subject === 'Your upcoming appointment');
    expect(invitations).toHaveLength(3);
    const [video, audio, inPerson] = invitations;
    for (const m of invitations) noPhi(m);
    expect(linksOf(video!.text)).toHaveLength(1);
    expect(video!.text).toContain(`from ${JOIN_WINDOW_MINUTES} minutes before the start`);
    const ics = video!.attachments.find((a) => a.filename === 'invite.ics')!.content.toString('utf8').replace(/\r\n[ \t]/g, '');
    expect(ics).toContain(`/join#${linkOf(video!.text)}`);
    expect(linksOf(audio!.text)).toHaveLength(1);
    expect(linkOf(audio!.text)).not.toBe(linkOf(video!.text));
    expect(linksOf(inPerson!.text)).toEqual([]);
    expect(inPerson!.attachments.find((a) => a.filename === 'invite.ics')!.content.toString('utf8')).not.toContain('/join#');
  });

  it('bug 12: a visit cancelled before its invitation went sends neither (the pending invitation withdrawn in the same transaction)', async () => {
    const before = mailsTo(c.email).length;
    const id = await book([c.id], V + 24 * H, 'video');
    // The outbox runs, the notification dispatcher does not (busy or down): the invitation waits.
    await h.app.services.pump.drain();
    const rows = () => h.database.db.selectFrom('notifications').select(['status', 'failure', 'dedupe_key']).where('recipient_id', '=', c.id).where('dedupe_key', 'like', `%${id}%`).execute();
    expect((await rows()).map((r) => r.status)).toEqual(['scheduled']);
    expect((await p.owner.post(`/api/appointments/${id}/cancel`, {})).statusCode).toBe(200);
    await h.app.services.pump.drain();
    expect(await rows()).toEqual([expect.objectContaining({ status: 'cancelled', failure: 'cancelled_before_sent' })]);
    await drain();
    expect(mailsTo(c.email).slice(before)).toEqual([]);
    // A cancellation after the invitation went is still sent.
    const told = await book([c.id], V + 25 * H, 'video');
    await drain();
    expect(mailsTo(c.email).slice(before).map((m) => m.subject)).toEqual(['Your upcoming appointment']);
    expect((await p.owner.post(`/api/appointments/${told}/cancel`, {})).statusCode).toBe(200);
    await drain();
    expect(mailsTo(c.email).slice(before).map((m) => m.subject)).toEqual(['Your upcoming appointment', 'Your appointment was cancelled']);
    expect(linksOf(mailsTo(c.email).at(-1)!.text)).toEqual([]);
  });

  it('the reminder of a video and an audio visit carries a join link, an in-person one none; PHI-free', async () => {
    // The default mail reminder goes 48 hours before.
    await setClock(V - 48 * H);
    await drain();
    await setClock(P - 48 * H);
    await drain();
    const reminders = mailsTo(c.email).filter((m) => m.subject === 'Appointment reminder');
    expect(reminders).toHaveLength(3);
    for (const m of reminders) noPhi(m);
    // In the client's zone (New York): video 8:00, audio 10:00, in person 12:00.
    const at = (time: string) => reminders.find((m) => m.text.includes(`2026 at ${time} EDT`));
    const [video, audio, inPerson] = [at('8:00 AM'), at('10:00 AM'), at('12:00 PM')];
    expect(linksOf(video!.text)).toHaveLength(1);
    expect(linksOf(audio!.text)).toHaveLength(1);
    expect(linksOf(inPerson!.text)).toEqual([]);
    // A link per recipient and send: the reminder's is not the invitation's.
    const invitation = mailsTo(c.email).find((m) => m.subject === 'Your upcoming appointment')!;
    expect(linkOf(video!.text)).not.toBe(linkOf(invitation.text));
  });

  it('a join link redeems once, only inside the join window, into the call of that visit; the portal Join opens at the same moment', async () => {
    const mails = mailsTo(c.email);
    const invitationLink = linkOf(mails.find((m) => m.subject === 'Your upcoming appointment')!.text)!;
    const reminderLink = linkOf(mails.find((m) => m.subject === 'Appointment reminder')!.text)!;
    const join = () => c.portal.post(`/api/portal/appointments/${ids.video}/call`, {});

    // 11 minutes before: refused, and the link is not used up.
    await setClock(V - (JOIN_WINDOW_MINUTES + 1) * MIN);
    const early = await redeem(invitationLink);
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'join_not_open', field: 'token' });
    expect((await join()).json().error.code).toBe('join_not_open');
    const stored = await h.database.db.selectFrom('appointment_join_tokens').select('used_at').where('appointment_id', '=', ids.video).execute();
    expect(stored.every((t) => t.used_at === null)).toBe(true);

    // Exactly when the window opens (10 minutes before): the portal's Join and the link both open.
    await setClock(V - JOIN_WINDOW_MINUTES * MIN);
    const portalJoin = await join();
    expect(portalJoin.statusCode, portalJoin.body).toBe(200);
    const callId = (portalJoin.json() as { id: string }).id;
    const ok = await redeem(invitationLink);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ callId, mode: 'video' });
    expect(ok.headers['set-cookie']).toBeTruthy();
    const record = (await p.owner.get(`/api/calls/${callId}`)).json() as { appointmentId: string };
    expect(record.appointmentId).toBe(ids.video);
    // Once only.
    const again = await redeem(invitationLink);
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('link_used');
    // The reminder's own link: the same call.
    expect((await redeem(reminderLink)).json()).toMatchObject({ callId });
    // An in-person visit has no call; another client's visit is missing.
    expect((await c.portal.post(`/api/portal/appointments/${ids.in_person}/call`, {})).statusCode).toBe(409);
    const stranger = await portalClient(h, p.owner, { firstName: 'Other', lastName: 'Person' });
    expect((await stranger.portal.post(`/api/portal/appointments/${ids.video}/call`, {})).statusCode).toBe(404);
  });

  it('an audio visit’s link opens its audio call; a link of a visit moved since no longer works', async () => {
    const mails = mailsTo(c.email).filter((m) => m.subject === 'Your upcoming appointment');
    const audioLink = linkOf(mails[1]!.text)!;
    await setClock(A - 5 * MIN);
    const ok = await redeem(audioLink);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ mode: 'audio' });
    // The in-person reminder had no link; a moved visit's link is refused (use the newest mail).
    const moved = await book([c.id], A + 24 * H, 'video');
    await drain();
    const link = linkOf(mailsTo(c.email).filter((m) => m.subject === 'Your upcoming appointment').at(-1)!.text)!;
    const res = await p.owner.request('PATCH', `/api/appointments/${moved}`, { start: new Date(A + 25 * H).toISOString(), version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    // Inside the window of the time the link was made for: that visit is no longer there.
    await setClock(A + 24 * H - 5 * MIN);
    const stale = await redeem(link);
    expect(stale.statusCode).toBe(410);
    expect(stale.json().error.code).toBe('link_expired');
  });
});
