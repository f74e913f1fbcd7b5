// The calendar month on every test database: the compact calendar view (view=calendar), decoded as
// the SPA decodes it, is the full answer's rows, order, total and fields, over the US
// daylight-saving change and the month's edges;
// an unchanged month is a 304 for the same person only, and a change made through a second instance
// of the app on the same database makes it 200 again; compressed answers (and a compressed
// download) decode to the same bytes; a bad `view` is a 400 naming it.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCells } from '../../../shared/calendar-cells.js';
import { AppointmentCellPage } from '../../../shared/scheduling.js';
import { buildApp } from '../../app.js';
import type { Actor } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { teamSuite } from '../../testing/suite.js';

type Client = { id: string; name: string | null; timeZone: string | null };
type Full = { id: string; start: string; end: string; status: string; type: string; providerId: string; timeZone: string; clients: Client[]; note: string | null; seriesId: string | null };
type Cell = { id: string; start: string; end: string; status: string; type: string; providerId: string; timeZone: string; clientNames: (string | null)[]; clientZones: (string | null)[] };
type Page<T> = { items: T[]; total: number; nextCursor: string | null };

const NY = 'America/New_York';
// March 2027 as New York sees it: the US change to daylight time is on March 14.
const MONTH = { from: DateTime.fromISO('2027-03-01T00:00', { zone: NY }).toUTC().toISO()!, to: DateTime.fromISO('2027-04-01T00:00', { zone: NY }).toUTC().toISO()! };
const local = (isoLocal: string, zone = NY) => DateTime.fromISO(isoLocal, { zone }).toISO()!;
const monthQuery = (extra = '') => `/api/appointments?from=${encodeURIComponent(MONTH.from)}&to=${encodeURIComponent(MONTH.to)}&limit=5000${extra}`;
const CELL_KEYS = ['clientNames', 'clientZones', 'end', 'id', 'providerId', 'start', 'status', 'timeZone', 'type'];

/** The body as sent, decoded from whatever Content-Encoding it came in. */
function decoded(res: LightMyRequestResponse): Buffer {
  const enc = res.headers['content-encoding'];
  if (enc === 'br') return brotliDecompressSync(res.rawPayload);
  if (enc === 'gzip') return gunzipSync(res.rawPayload);
  expect(enc ?? 'identity').toBe('identity');
  return res.rawPayload;
}

describe.each(testDialects())('the calendar month on %s', (dialect) => {
  const { h, p, staff } = teamSuite(dialect, { smtp: true }, ['provider', 'front_desk']);
  const ids: Record<string, string> = {};
  let b: FastifyInstance;

  const book = async (body: Record<string, unknown>, actor: Actor = p.owner) => {
    const res = await actor.post('/api/appointments', { providerId: p.userId, durationMinutes: 50, timeZone: NY, type: 'video', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; occurrenceIds: string[] };
  };
  const get = async <T>(url: string, actor: Actor = p.owner, headers: Record<string, string> = {}) => {
    const res = await actor.get(url, headers);
    expect(res.statusCode, res.body).toBe(200);
    return { res, body: res.json() as T };
  };
  /** view=calendar as the SPA reads it: the page checked against its schema, then decoded into cells. */
  const cellsOf = (json: unknown) => decodeCells(AppointmentCellPage.parse(json)) as Page<Cell>;
  const getCells = async (url: string, actor: Actor = p.owner) => {
    const { res, body } = await get<unknown>(url, actor);
    return { res, body: cellsOf(body) };
  };
  /**
   * A request as `actor` (its session cookie and CSRF token) to `app`: instance B, or A itself for
   * answers the actor cannot read (it parses every 2xx JSON answer, and a compressed one is not).
   */
  const send = (app: FastifyInstance, actor: Actor, method: 'GET' | 'PATCH' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      headers: { cookie: actor.cookie!, ...(method === 'GET' ? {} : { 'x-csrf-token': actor.csrf!, 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const onB = (actor: Actor, method: 'GET' | 'PATCH' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) => send(b, actor, method, url, body, headers);
  const onA = (url: string, headers: Record<string, string>) => send(h.app, p.owner, 'GET', url, undefined, headers);
  const listReads = async () =>
    h.database.db.selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', 'read').where('resource_type', '=', 'appointment_list').orderBy('seq').execute();

  beforeAll(async () => {
    const client = async (body: Record<string, unknown>) => {
      const res = await p.owner.post('/api/clients', { dateOfBirth: '1984-05-06', ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    ids.marigold = await client({ firstName: 'Marigold', lastName: 'Quince', providerIds: [p.userId, staff.provider!.id], timeZone: 'America/Los_Angeles' });
    ids.basil = await client({ firstName: 'Basil', preferredName: 'Baz', lastName: 'Thorne', providerIds: [p.userId] });
    ids.ivy = await client({ firstName: 'Ivy', lastName: 'Lark', providerIds: [staff.provider!.id], timeZone: 'Europe/London' });

    // A daily 9 am series over the change to daylight time (14:00Z before it, 13:00Z after).
    ids.series = (await book({ clientIds: [ids.marigold], start: local('2027-03-11T09:00'), recurrence: 'FREQ=DAILY;COUNT=6' })).id;
    // Across the month's first edge (from 23:30 on Feb 28 local) and its last (from 23:45 on Mar 31).
    ids.acrossFrom = (await book({ clientIds: [ids.basil], start: local('2027-02-28T23:30'), durationMinutes: 60 })).id;
    ids.acrossTo = (await book({ clientIds: [ids.basil], start: local('2027-03-31T23:45'), durationMinutes: 30 })).id;
    // Ending exactly where the month starts, and starting exactly where it ends: outside.
    ids.endsAtFrom = (await book({ providerId: staff.provider!.id, clientIds: [ids.ivy], start: local('2027-02-28T23:00'), durationMinutes: 60 })).id;
    ids.startsAtTo = (await book({ providerId: staff.provider!.id, clientIds: [ids.ivy], start: local('2027-04-01T00:00'), durationMinutes: 30 })).id;
    // The 2 am hour that does not exist on March 14 is skipped by the zone: 1:30 am local for 60 minutes.
    ids.overGap = (await book({ clientIds: [ids.basil], start: local('2027-03-14T01:30'), durationMinutes: 60, type: 'audio', note: 'Side door' })).id;
    // A couple in London time; and one booked for the provider, then cancelled.
    ids.couple = (await book({ clientIds: [ids.basil, ids.marigold], start: local('2027-03-20T10:00', 'Europe/London'), timeZone: 'Europe/London', format: 'couple', type: 'in_person', placeOfService: 'office' })).id;
    ids.theirs = (await book({ providerId: staff.provider!.id, clientIds: [ids.ivy], start: local('2027-03-12T15:00') }, staff.provider!.actor)).id;
    ids.cancelled = (await book({ providerId: staff.provider!.id, clientIds: [ids.ivy, ids.marigold], start: local('2027-03-15T15:00'), format: 'couple' }, staff.provider!.actor)).id;
    expect((await staff.provider!.actor.post(`/api/appointments/${ids.cancelled}/cancel`, { by: 'client', reason: 'Away' })).statusCode).toBe(200);
    // Another instance of the app over the same database (as behind a load balancer).
    b = await buildApp(h.config, { database: h.database, masterKey: h.masterKey });
  });
  afterAll(async () => b?.close());

  it('view=calendar gives the full answer’s rows, order, total and fields, over DST and the month’s edges', async () => {
    for (const actor of [p.owner, staff.provider!.actor, staff.front_desk!.actor]) {
      const full = (await get<Page<Full>>(monthQuery(), actor)).body;
      const explicit = (await get<Page<Full>>(monthQuery('&view=full'), actor)).body;
      const cells = (await getCells(monthQuery('&view=calendar'), actor)).body;
      expect(explicit).toEqual(full);
      expect(cells.total).toBe(full.total);
      expect(cells.nextCursor).toBeNull();
      expect(cells.items.map((c) => c.id)).toEqual(full.items.map((a) => a.id));
      for (const [i, cell] of cells.items.entries()) {
        const a = full.items[i]!;
        expect(Object.keys(cell).sort()).toEqual(CELL_KEYS);
        expect(cell).toEqual({ id: a.id, start: a.start, end: a.end, status: a.status, type: a.type, providerId: a.providerId, timeZone: a.timeZone, clientNames: a.clients.map((c) => c.name), clientZones: a.clients.map((c) => c.timeZone) });
      }
    }

    const owner = (await getCells(monthQuery('&view=calendar'))).body;
    const byId = new Map(owner.items.map((c) => [c.id, c]));
    // The series' six occurrences at 9 am local: 14:00Z before the change, 13:00Z from March 14 on.
    const series = owner.items.filter((c) => c.clientNames.join() === 'Marigold Quince' && c.timeZone === NY && c.providerId === p.userId);
    expect(series.map((c) => c.start)).toEqual(['2027-03-11T14:00:00.000Z', '2027-03-12T14:00:00.000Z', '2027-03-13T14:00:00.000Z', '2027-03-14T13:00:00.000Z', '2027-03-15T13:00:00.000Z', '2027-03-16T13:00:00.000Z']);
    expect(series[0]!.id).toBe(ids.series);
    // Edges: overlapping ones are in, touching ones are out.
    expect(byId.has(ids.acrossFrom!)).toBe(true);
    expect(byId.has(ids.acrossTo!)).toBe(true);
    expect(byId.has(ids.endsAtFrom!)).toBe(false);
    expect(byId.has(ids.startsAtTo!)).toBe(false);
    expect(owner.items[0]!.id).toBe(ids.acrossFrom);
    expect(owner.items.at(-1)!.id).toBe(ids.acrossTo);
    // Over the skipped hour: 60 minutes of real time, 1:30 EST to 3:30 EDT on the wall clock.
    expect(byId.get(ids.overGap!)).toMatchObject({ start: '2027-03-14T06:30:00.000Z', end: '2027-03-14T07:30:00.000Z', type: 'audio', status: 'scheduled', clientNames: ['Baz Thorne'] });
    // Both clients of each couple (in the full answer's order, checked above).
    expect(byId.get(ids.couple!)).toMatchObject({ timeZone: 'Europe/London', type: 'in_person' });
    expect([...byId.get(ids.couple!)!.clientNames].sort()).toEqual(['Baz Thorne', 'Marigold Quince']);
    expect(byId.get(ids.cancelled!)).toMatchObject({ status: 'cancelled', providerId: staff.provider!.id });
    expect([...byId.get(ids.cancelled!)!.clientNames].sort()).toEqual(['Ivy Lark', 'Marigold Quince']);
    expect(owner.total).toBe(12);
    // Nothing the cell does not draw: no notes, services or cancellation reasons.
    const raw = (await p.owner.get(monthQuery('&view=calendar'))).body;
    expect(raw).not.toMatch(/Side door|Away|note|cancellation|serviceName/);

    // A provider who sees only their own appointments gets the same rows in both views.
    const mine = (await getCells(monthQuery('&view=calendar'), staff.provider!.actor)).body;
    expect(mine.items.map((c) => c.id)).toEqual([ids.theirs, ids.cancelled]);
  });

  it('pages of the calendar view walk the same rows as the full list’s pages, with the same cursors and total', async () => {
    const walk = async (view: string) => {
      const seen: string[] = [];
      const cursors: (string | null)[] = [];
      let cursor: string | null = null;
      do {
        const url = monthQuery(`&view=${view}${cursor ? `&cursor=${cursor}` : ''}`).replace('limit=5000', 'limit=5');
        const body: Page<{ id: string }> = view === 'calendar' ? (await getCells(url)).body : (await get<Page<Full>>(url)).body;
        expect(body.total).toBe(12);
        seen.push(...body.items.map((i) => i.id));
        cursor = body.nextCursor;
        cursors.push(cursor);
      } while (cursor);
      return { seen, cursors };
    };
    const full = await walk('full');
    expect(await walk('calendar')).toEqual(full);
    expect(full.seen).toHaveLength(12);
  });

  it('audits the calendar view as it audits the list: one read per answer, the same details', async () => {
    const before = (await listReads()).length;
    await get(monthQuery('&providerId=' + staff.provider!.id));
    await get(monthQuery('&providerId=' + staff.provider!.id + '&view=calendar'));
    const rows = (await listReads()).slice(before);
    expect(rows).toHaveLength(2);
    const [full, cells] = rows.map((r) => JSON.parse(String(r.details)) as Record<string, unknown>);
    expect(rows.every((r) => r.actor_id === p.userId)).toBe(true);
    expect(full).toMatchObject({ returned: 2, total: 2, providerId: staff.provider!.id, view: 'full' });
    expect({ ...cells, view: 'full' }).toEqual(full);
    expect(cells!.view).toBe('calendar');
  });

  it('refuses a bad view with a 400 naming the field', async () => {
    for (const bad of ['month', 'CALENDAR', '', 'calendar,full']) {
      const res = await p.owner.get(monthQuery(`&view=${encodeURIComponent(bad)}`));
      expect(res.statusCode, `${bad} → ${res.body}`).toBe(400);
      expect(res.json().error.field).toBe('view');
    }
  });

  it('an unchanged month is a 304 for the same person; a change through another instance makes it 200 again', async () => {
    const url = monthQuery('&view=calendar');
    const first = await getCells(url);
    const tag = first.res.headers.etag as string;
    expect(tag).toMatch(/^"[\w-]{43}"$/);
    expect(first.res.headers['cache-control']).toBe('no-store');
    expect(String(first.res.headers.vary).toLowerCase()).toContain('cookie');
    // The full answer of the same month has a tag of its own.
    const fullTag = (await get(monthQuery())).res.headers.etag;
    expect(fullTag).toMatch(/^"[\w-]{43}"$/);
    expect(fullTag).not.toBe(tag);

    // Unchanged: 304, no body; the read is still made and audited.
    const reads = (await listReads()).length;
    const again = await onA(url, { 'if-none-match': tag, 'accept-encoding': 'br, gzip' });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(tag);
    expect(again.headers['content-encoding']).toBeUndefined();
    expect((await listReads()).length).toBe(reads + 1);
    // Among other tags, and weak; a tag that is not the current one is a 200.
    expect((await p.owner.get(url, { 'if-none-match': `"nope", W/${tag}` })).statusCode).toBe(304);
    expect((await p.owner.get(url, { 'if-none-match': '"nope"' })).statusCode).toBe(200);

    // Another person with the same answer gets a tag of their own: the owner's does not validate theirs.
    const desk = await getCells(url, staff.front_desk!.actor);
    expect(desk.body).toEqual(first.body);
    expect(desk.res.headers.etag).not.toBe(tag);
    expect((await staff.front_desk!.actor.get(url, { 'if-none-match': tag })).statusCode).toBe(200);
    expect((await staff.front_desk!.actor.get(url, { 'if-none-match': desk.res.headers.etag as string })).statusCode).toBe(304);

    // Instance B derives the same tag from the same data.
    const fromB = await onB(p.owner, 'GET', url, undefined, { 'if-none-match': tag });
    expect(fromB.statusCode, fromB.body).toBe(304);

    // A change made through B: A answers 200 with a new tag, then 304 for that one.
    const changed = await onB(p.owner, 'PATCH', `/api/appointments/${ids.overGap}`, { status: 'confirmed' });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = await p.owner.get(url, { 'if-none-match': tag });
    expect(after.statusCode).toBe(200);
    expect(cellsOf(after.json()).items.find((c) => c.id === ids.overGap)?.status).toBe('confirmed');
    const newTag = after.headers.etag as string;
    expect(newTag).not.toBe(tag);
    expect((await p.owner.get(url, { 'if-none-match': newTag })).statusCode).toBe(304);
    expect((await onB(p.owner, 'GET', url, undefined, { 'if-none-match': newTag })).statusCode).toBe(304);
    // A change outside the month's answer (the full answer's note) leaves the cells' tag as it was.
    expect((await onB(p.owner, 'PATCH', `/api/appointments/${ids.overGap}`, { note: 'Front door' })).statusCode).toBe(200);
    expect((await p.owner.get(url, { 'if-none-match': newTag })).statusCode).toBe(304);
    expect((await p.owner.get(monthQuery(), { 'if-none-match': fullTag as string })).statusCode).toBe(200);

    // Errors are never tagged or kept.
    const bad = await p.owner.get(monthQuery('&view=nope'));
    expect(bad.headers.etag).toBeUndefined();
    expect(bad.headers['cache-control']).toBe('no-store');
  });

  it('the calendar answer an instance keeps follows each change made through another: a booking, a cancellation, a client renamed', async () => {
    const url = monthQuery('&view=calendar');
    const cells = async () => (await getCells(url)).body;
    const before = await cells();
    expect(await cells()).toEqual(before);
    const reads = (await listReads()).length;

    const booked = await onB(p.owner, 'POST', '/api/appointments', { providerId: p.userId, clientIds: [ids.basil], start: local('2027-03-20T15:00'), durationMinutes: 50, timeZone: NY, type: 'video' });
    expect(booked.statusCode, booked.body).toBe(201);
    const id = booked.json().id as string;
    const withBooking = await cells();
    expect(withBooking.total).toBe(before.total + 1);
    expect(withBooking.items.find((c) => c.id === id)).toMatchObject({ status: 'scheduled', clientNames: ['Baz Thorne'] });

    expect((await onB(p.owner, 'POST', `/api/appointments/${id}/cancel`, {})).statusCode).toBe(200);
    expect((await cells()).items.find((c) => c.id === id)?.status).toBe('cancelled');

    expect((await onB(p.owner, 'PATCH', `/api/clients/${ids.basil}`, { preferredName: 'Bas' })).statusCode).toBe(200);
    const renamed = await cells();
    expect(renamed.items.find((c) => c.id === id)?.clientNames).toEqual(['Bas Thorne']);
    // Still the full answer's rows in its order, and every read audited, kept or built.
    expect(renamed.items.map((c) => c.id)).toEqual((await get<Page<Full>>(monthQuery())).body.items.map((f) => f.id));
    expect((await listReads()).length).toBe(reads + 4);
  });

  it('requests at once after a change each get the changed month, each audited', async () => {
    const url = monthQuery('&view=calendar');
    const before = (await getCells(url)).res.headers.etag as string;
    expect((await onB(p.owner, 'PATCH', `/api/appointments/${ids.overGap}`, { status: 'scheduled' })).statusCode).toBe(200);
    const reads = (await listReads()).length;
    const answers = await Promise.all(Array.from({ length: 8 }, () => onA(url, { 'if-none-match': before, 'accept-encoding': 'br' })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((a) => a.headers.etag)).size).toBe(1);
    expect(answers[0]!.headers.etag).not.toBe(before);
    for (const a of answers) expect(cellsOf(JSON.parse(decoded(a).toString('utf8'))).items.find((c) => c.id === ids.overGap)?.status).toBe('scheduled');
    expect((await listReads()).length).toBe(reads + 8);
  });

  it('compressed answers decode to the same JSON; small ones are sent as they are', async () => {
    for (const view of ['full', 'calendar']) {
      const url = monthQuery(`&view=${view}`);
      const plain = await p.owner.get(url);
      expect(plain.headers['content-encoding']).toBeUndefined();
      for (const enc of ['br', 'gzip']) {
        const res = await onA(url, { 'accept-encoding': enc });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-encoding']).toBe(enc);
        expect(String(res.headers.vary).toLowerCase()).toContain('accept-encoding');
        expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length);
        expect(JSON.parse(decoded(res).toString('utf8'))).toEqual(plain.json());
        // The tag is the answer's, whatever the encoding it travels in.
        expect(res.headers.etag).toBe(plain.headers.etag);
      }
    }
    // Brotli first when both are accepted.
    expect((await onA(monthQuery(), { 'accept-encoding': 'gzip, deflate, br' })).headers['content-encoding']).toBe('br');
    // Under 1 KB: not worth it.
    const empty = await onA('/api/appointments?from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z', { 'accept-encoding': 'br, gzip' });
    expect(empty.statusCode).toBe(200);
    expect(empty.headers['content-encoding']).toBeUndefined();
    expect(empty.json()).toEqual({ items: [], total: 0, nextCursor: null });
  });

  it('a download (a client record as a JSON file) arrives byte for byte whatever the client accepts', async () => {
    // A staff note long enough to be compressed (over 1 KB), so the download goes through it.
    const note = 'Prefers afternoon sessions; reviewed the safety plan together.\n'.repeat(30);
    expect((await p.owner.patch(`/api/clients/${ids.basil}`, { staffNotes: note })).statusCode).toBe(200);
    const url = `/api/clients/${ids.basil}/export.json`;
    const plain = await p.owner.get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const accept of ['br', 'gzip', 'br, gzip, deflate']) {
      const dl = await onA(url, { 'accept-encoding': accept });
      expect(dl.statusCode).toBe(200);
      expect(dl.headers['content-encoding']).toBe(accept === 'gzip' ? 'gzip' : 'br');
      expect(dl.headers['content-disposition']).toBe(plain.headers['content-disposition']);
      expect(dl.headers['cache-control']).toBe('no-store');
      expect(decoded(dl).equals(plain.rawPayload)).toBe(true);
    }
  });
});
