// Provider calendar feeds on every test database: create (the URL shown once, only a hash
// stored), list, revoke; who may; the feed parsed by ical.js with every instant checked against
// the API for the five zones of the time-zone suite on both sides of their autumn 2026 and spring
// 2027 changes (plus the repeated hour of a fall-back night, and a zone whose packaged VTIMEZONE
// is out of date); PHI-free text; cancelled and rescheduled appointments; throttled guessing;
// audit; no session activity.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { hashToken } from '../../lib/tokens.js';
import { createPractice, joinColleague, type Actor, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { parseIcs, type ParsedEvent } from '../../testing/ics.js';
import { OFFSETS, ZONES } from '../../testing/zones.js';

const DAY = 24 * 3600 * 1000;

type Appt = { id: string; start: string; end: string; status: string; timeZone: string; version: number; seriesId: string | null };

describe.each(testDialects())('calendar feeds on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture & { totpSecret?: string };
  let other: PracticeFixture & { totpSecret?: string };
  let provider: Colleague;
  let provider2: Colleague;
  let frontDesk: Colleague;
  let clientId: string;
  const now = Date.UTC(2026, 9, 1, 12);
  const clock = new ManualClock(now);
  const canary = { first: 'Marigold', last: 'Quincefeed', note: 'Side door code 4471', reason: 'Car trouble again' };

  const book = async (body: Record<string, unknown>, actor: Actor = p.owner) => {
    const res = await actor.post('/api/appointments', { clientIds: [clientId], providerId: provider.id, durationMinutes: 50, type: 'video', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; seriesId: string | null; occurrenceIds: string[] };
  };
  const tokenOf = (url: string) => /\/feeds\/([A-Za-z0-9_-]{43})\.ics$/.exec(url)![1]!;
  const fetchFeed = (token: string, ip = '10.1.1.1', headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'GET', url: `/feeds/${token}.ics`, remoteAddress: ip, headers: { 'user-agent': 'CalendarAgent/1.0', ...headers } });

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true, clock, env: { OUTBOX_POLL_MS: '0' } });
    p = await createPractice(h);
    other = await createPractice(h);
    provider = await joinColleague(h, p.owner, 'provider', 'Priya Feedprovider');
    provider2 = await joinColleague(h, p.owner, 'provider', 'Paul Second');
    frontDesk = await joinColleague(h, p.owner, 'front_desk', 'Frank Desk');
    const c = await p.owner.post('/api/clients', { firstName: canary.first, lastName: canary.last, dateOfBirth: '1985-03-09', providerIds: [provider.id], timeZone: 'America/Chicago' });
    expect(c.statusCode, c.body).toBe(201);
    clientId = c.json().id;
  });
  afterAll(async () => h?.close());

  it('creates a feed whose URL is shown once and stored only as a hash; lists and revokes it', async () => {
    const res = await provider.actor.post('/api/calendar-feeds', {});
    expect(res.statusCode, res.body).toBe(201);
    const { id, url } = res.json() as { id: string; url: string };
    expect(url).toMatch(new RegExp(`^${h.config.publicUrl.replace(/[.]/g, '\\.')}/feeds/[A-Za-z0-9_-]{43}\\.ics$`));
    const token = tokenOf(url);
    const row = await h.database.db.selectFrom('calendar_feeds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const listed = await provider.actor.get('/api/calendar-feeds');
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({ items: [{ id, createdAt: new Date(now).toISOString(), lastUsedAt: null }] });
    expect(listed.body).not.toContain(token);

    clock.advance(60_000);
    const feed = await fetchFeed(token);
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.headers['cache-control']).toBe('no-store');
    expect(parseIcs(feed.body).name).toBe('Hearth');
    expect((await provider.actor.get('/api/calendar-feeds')).json().items[0].lastUsedAt).toBe(new Date(now + 60_000).toISOString());

    // Someone else's feed cannot be revoked: a colleague's, another practice's.
    expect((await provider2.actor.del(`/api/calendar-feeds/${id}`)).statusCode).toBe(404);
    expect((await other.owner.del(`/api/calendar-feeds/${id}`)).statusCode).toBe(404);
    expect((await fetchFeed(token)).statusCode).toBe(200);

    expect((await provider.actor.del(`/api/calendar-feeds/${id}`)).statusCode).toBe(204);
    expect((await fetchFeed(token)).statusCode).toBe(404);
    expect((await provider.actor.del(`/api/calendar-feeds/${id}`)).statusCode).toBe(404);
    expect((await provider.actor.get('/api/calendar-feeds')).json().items).toEqual([]);

    const audits = await h.database.db.selectFrom('audit_log').select(['action', 'actor_id', 'details', 'outcome']).where('resource_type', '=', 'calendar_feed').where('resource_id', '=', id).orderBy('seq').execute();
    expect(audits.map((a) => a.action)).toEqual(['create', 'read', 'read', 'delete']);
    expect(audits.every((a) => a.actor_id === provider.id && a.outcome === 'success')).toBe(true);
    expect(JSON.parse(audits[1]!.details!)).toMatchObject({ via: 'calendar_feed', returned: 0 });
    for (const a of audits) expect(a.details ?? '').not.toContain(token);
  });

  it('only providers create feeds; each user has at most ten; bad ids and unknown tokens are 404', async () => {
    expect((await frontDesk.actor.post('/api/calendar-feeds', {})).statusCode).toBe(403);
    expect((await provider2.actor.post('/api/calendar-feeds', { label: 'x' })).json().error.field).toBe('label');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await provider2.actor.post('/api/calendar-feeds', {})).json().id);
    const eleventh = await provider2.actor.post('/api/calendar-feeds', {});
    expect(eleventh.statusCode).toBe(409);
    for (const id of ids) expect((await provider2.actor.del(`/api/calendar-feeds/${id}`)).statusCode).toBe(204);
    expect((await provider2.actor.del('/api/calendar-feeds/no-such-feed')).statusCode).toBe(404);
    expect((await fetchFeed('A'.repeat(43), '10.2.2.2')).statusCode).toBe(404);
    expect((await fetchFeed('short', '10.2.2.2')).statusCode).toBe(404);
  });

  it('serves the provider’s own appointments with the API’s instants in every zone, both sides of DST, and no PHI', async () => {
    const { url } = (await provider.actor.post('/api/calendar-feeds', {})).json() as { url: string };
    // A weekly series per zone, each on its own weekday (so they never collide), 4 pm local.
    const series = new Map<string, string>();
    for (const [i, zone] of ZONES.entries()) {
      const start = DateTime.fromISO(`2026-10-${String(5 + i).padStart(2, '0')}T16:00`, { zone }).toISO()!;
      const created = await book({ start, timeZone: zone, recurrence: 'FREQ=WEEKLY;COUNT=30', note: canary.note });
      series.set(created.seriesId!, zone);
    }
    // One occurrence moved (its SEQUENCE goes up), one cancelled (kept, marked cancelled).
    const firstLa = [...series].find(([, z]) => z === 'America/Los_Angeles')![0];
    const laList = (await p.owner.get(`/api/appointments?from=2026-10-01T00:00:00Z&to=2027-06-01T00:00:00Z&providerId=${provider.id}&limit=5000`)).json().items as Appt[];
    const la = laList.filter((a) => a.seriesId === firstLa);
    const moved = la[3]!;
    expect((await p.owner.patch(`/api/appointments/${moved.id}`, { start: DateTime.fromISO(moved.start).setZone('America/Los_Angeles').set({ hour: 9, minute: 30 }).toISO() })).statusCode).toBe(200);
    const cancelled = la[5]!;
    expect((await p.owner.post(`/api/appointments/${cancelled.id}/cancel`, { reason: canary.reason })).statusCode).toBe(200);
    // The repeated hour of New York's fall-back night (the second 1:30, EST), and São Paulo, whose
    // packaged VTIMEZONE still has the DST it dropped in 2019.
    const repeated = await book({ start: '2026-11-01T01:30:00-05:00', timeZone: 'America/New_York' });
    const saoPaulo = await book({ start: DateTime.fromISO('2026-12-10T10:00', { zone: 'America/Sao_Paulo' }).toISO(), timeZone: 'America/Sao_Paulo' });
    // In the window 30 days back, out of it 40 days back or beyond a year; another provider's.
    const recent = await book({ start: '2026-09-10T15:00:00Z', timeZone: 'UTC' });
    const old = await book({ start: '2026-08-20T15:00:00Z', timeZone: 'UTC' });
    const far = await book({ start: '2027-10-20T15:00:00Z', timeZone: 'UTC' });
    const others = await book({ start: '2026-10-20T15:00:00Z', timeZone: 'UTC', providerId: provider2.id });

    const res = await fetchFeed(tokenOf(url));
    expect(res.statusCode, res.body).toBe(200);
    const cal = parseIcs(res.body);
    expect(cal.method).toBe('PUBLISH');

    const from = new Date(now - 30 * DAY).toISOString();
    const to = new Date(now + 365 * DAY).toISOString();
    const api = (await p.owner.get(`/api/appointments?from=${from}&to=${to}&providerId=${provider.id}&limit=5000`)).json() as { items: Appt[]; total: number };
    const byUid = new Map(cal.events.map((e) => [e.uid.split('@')[0]!, e]));
    expect(cal.events).toHaveLength(api.total);
    expect([...byUid.keys()].sort()).toEqual(api.items.map((a) => a.id).sort());
    expect(byUid.has(recent.id)).toBe(true);
    for (const absent of [old.id, far.id, others.id]) expect(byUid.has(absent)).toBe(false);

    for (const a of api.items) {
      const e = byUid.get(a.id)!;
      expect(e.uid).toBe(`${a.id}@127.0.0.1`);
      expect({ start: e.start, end: e.end }, a.id).toEqual({ start: Date.parse(a.start), end: Date.parse(a.end) });
      expect(e.sequence).toBe(a.version - 1);
      expect(e.summary).toBe('Hearth appointment');
      expect(e.url).toBe(`${h.config.publicUrl}/appointments/${a.id}`);
      expect(e.description).toContain(`${h.config.publicUrl}/appointments/${a.id}`);
      expect(e.status).toBe(a.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED');
      if (a.id !== repeated.id && a.timeZone !== 'UTC') expect(e.tzid).toBe(a.timeZone);
    }
    for (const [seriesId, zone] of series) {
      const mine = api.items.filter((a) => a.seriesId === seriesId && a.id !== moved.id).map((a) => byUid.get(a.id)!);
      expect(mine.length).toBeGreaterThanOrEqual(29);
      expect(mine.every((e: ParsedEvent) => e.local.hour === 16 && e.local.minute === 0), zone).toBe(true);
      expect([...new Set(mine.map((e) => e.offset))].sort(), zone).toEqual([...OFFSETS[zone as keyof typeof OFFSETS]].sort());
    }
    expect(byUid.get(moved.id)!).toMatchObject({ local: { hour: 9, minute: 30 }, sequence: 1 });
    expect(byUid.get(cancelled.id)!.status).toBe('CANCELLED');
    expect(byUid.get(repeated.id)!).toMatchObject({ start: Date.parse('2026-11-01T06:30:00Z'), tzid: null });
    expect(byUid.get(saoPaulo.id)!).toMatchObject({ start: Date.parse('2026-12-10T13:00:00Z'), tzid: 'America/Sao_Paulo', offset: -180 });

    // Nothing about the client, the note, the reason or the provider.
    for (const word of [canary.first, canary.last, canary.note, canary.reason, 'Feedprovider', 'video']) expect(res.body.toLowerCase()).not.toContain(word.toLowerCase());
  });

  it('past the limit, an IP that guessed tokens gets 429 for every feed until the window ends; revoked feeds count for nothing', async () => {
    const { url } = (await provider.actor.post('/api/calendar-feeds', {})).json() as { url: string };
    const good = tokenOf(url);
    const revoked = (await provider.actor.post('/api/calendar-feeds', {})).json() as { id: string; url: string };
    await provider.actor.del(`/api/calendar-feeds/${revoked.id}`);
    const limit = h.config.login.maxFailuresPerIp;
    // A calendar service still polling a revoked URL is not guessing.
    for (let i = 0; i < limit + 5; i++) expect((await fetchFeed(tokenOf(revoked.url), '10.9.9.9')).statusCode).toBe(404);
    expect((await fetchFeed(good, '10.9.9.9')).statusCode).toBe(200);

    const guess = () => Buffer.from(Array.from({ length: 32 }, () => Math.floor(Math.random() * 256))).toString('base64url');
    for (let i = 0; i < limit; i++) expect((await fetchFeed(guess(), '10.7.7.7')).statusCode).toBe(404);
    const refused = await fetchFeed(guess(), '10.7.7.7');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Refused before the lookup: even the right token gets no answer from that address.
    expect((await fetchFeed(good, '10.7.7.7')).statusCode).toBe(429);
    expect((await fetchFeed(good, '10.8.8.8')).statusCode).toBe(200);
    clock.advance(h.config.login.windowSeconds * 1000 + 1000);
    expect((await fetchFeed(good, '10.7.7.7')).statusCode).toBe(200);
  });

  it('a feed of 1,500 appointments is whole, parsed by ical.js, and built without holding up the event loop', async () => {
    const busy = await joinColleague(h, p.owner, 'provider', 'Bea Busy');
    expect((await p.owner.patch('/api/practice/scheduling-settings', { maxSeriesOccurrences: 300 })).statusCode).toBe(200);
    // Five daily series of 300 at different hours and zones (crossing their DST changes).
    const zones = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'America/Los_Angeles', 'UTC'];
    for (const [i, zone] of zones.entries()) {
      const start = DateTime.fromISO(`2026-10-02T${String(8 + 2 * i).padStart(2, '0')}:00`, { zone }).toISO()!;
      await book({ start, timeZone: zone, recurrence: 'FREQ=DAILY;COUNT=300', providerId: busy.id });
    }
    const { url } = (await busy.actor.post('/api/calendar-feeds', {})).json() as { url: string };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let res: Awaited<ReturnType<typeof fetchFeed>>;
    try {
      res = await fetchFeed(tokenOf(url), '10.4.4.4');
    } finally {
      clearInterval(timer);
    }
    expect(res.statusCode).toBe(200);
    // Built in slices of 100 events: timers ran in between.
    expect(ticks).toBeGreaterThanOrEqual(5);
    const cal = parseIcs(res.body);
    const from = new Date(now - 30 * DAY).toISOString();
    const to = new Date(now + 365 * DAY).toISOString();
    const api = (await p.owner.get(`/api/appointments?from=${from}&to=${to}&providerId=${busy.id}&limit=5000`)).json() as { items: Appt[]; total: number };
    expect(api.total).toBe(1500);
    expect(cal.events).toHaveLength(1500);
    const byUid = new Map(cal.events.map((e) => [e.uid, e]));
    for (const a of api.items) {
      const e = byUid.get(`${a.id}@127.0.0.1`);
      expect(e && { start: e.start, end: e.end }, a.id).toEqual({ start: Date.parse(a.start), end: Date.parse(a.end) });
    }
    expect(res.body.toLowerCase()).not.toContain(canary.last.toLowerCase());
    // Booking 1,500 appointments through the API is the slow part (on PostgreSQL beside three other
    // CI jobs, past the default 30 s in two of this session's four runs); what is timed here is the
    // feed's slicing.
  }, 90_000);

  it('a fetch is not session activity, even with the provider’s session cookie', async () => {
    const { url } = (await provider.actor.post('/api/calendar-feeds', {})).json() as { url: string };
    const before = await h.database.db.selectFrom('sessions').select(['id', 'last_activity_at']).where('user_id', '=', provider.id).where('revoked_at', 'is', null).execute();
    expect(before.length).toBeGreaterThan(0);
    clock.advance(5 * 60_000);
    expect((await fetchFeed(tokenOf(url), '10.3.3.3', { cookie: provider.actor.cookie! })).statusCode).toBe(200);
    const after = await h.database.db.selectFrom('sessions').select(['id', 'last_activity_at']).where('user_id', '=', provider.id).where('revoked_at', 'is', null).execute();
    expect(after).toEqual(before);
    // ...while an API request is.
    await provider.actor.get('/api/calendar-feeds');
    const touched = await h.database.db.selectFrom('sessions').select('last_activity_at').where('user_id', '=', provider.id).where('revoked_at', 'is', null).execute();
    expect(touched.some((s) => Number(s.last_activity_at) === clock.now())).toBe(true);
  });
});
