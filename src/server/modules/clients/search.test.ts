// Client name search over a randomised 10,000-client practice on every test database, against
// the way search was answered before the in-memory prefix index: the clients holding every query
// word's blind-index term (the database's client_search_terms), cut from the sorted list with the
// same filters. Same clients, same order, same totals, same cursors; every search audited. And a
// change made through another instance (a second app on the same database) shows in its search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { Actor, createPractice, joinColleague, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { pick, seededRandom } from '../../testing/random.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import type { IndexEntry, SortKey } from './list-index.js';
import { MAX_PREFIX, nameWords } from './normalise.js';
import * as repo from './repo.js';

const FIRST = ['Maria', 'María', 'mariana', 'Marcus', 'MARTA', 'Ana', 'Zoë', 'Zoe', 'Øyvind', 'Ñandú', 'Jürgen', 'Wei', 'Fatima', 'Kai', 'Liam', 'Émile', 'Mar'];
const LAST = ['Garcia', 'García', 'Martínez', 'Marsh', 'MARINO', "O'Brien", 'Obrien', 'Müller', 'Mueller', 'Nguyen', 'Smith-Jones', 'van der Berg', 'Ng', 'Wolfeschlegelsteinhausenberg', 'Mar', 'Straße'];
const STATUSES = ['active', 'inactive', 'discharged'] as const;

/** A CSV of `n` random clients (names with accents, case, apostrophes, several words, long words; some preferred names; mixed statuses). */
function randomCsv(r: () => number, n: number): string {
  const lines = ['firstName,lastName,preferredName,dateOfBirth,status'];
  for (let i = 0; i < n; i++) {
    const first = r() < 0.15 ? `${pick(r, FIRST)} ${pick(r, FIRST)}` : pick(r, FIRST);
    const last = r() < 0.25 ? `${pick(r, LAST)} ${pick(r, LAST)}` : pick(r, LAST);
    const preferred = r() < 0.2 ? pick(r, [...FIRST, 'Mari', 'Mo', 'Bo']) : '';
    const dob = `19${50 + Math.floor(r() * 50)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
    lines.push([first, last, preferred, dob, r() < 0.7 ? 'active' : pick(r, STATUSES)].map((v) => `"${v}"`).join(','));
  }
  return lines.join('\n');
}

interface Page {
  items: { id: string }[];
  total: number;
  nextCursor: string | null;
}

const cursorAt = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');

describe.each(testDialects())('client search over 10,000 clients on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture & { totpSecret?: string };
  let provider: Colleague;
  const seed = 16_016;
  const r = seededRandom(seed);

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true });
    p = await createPractice(h);
    provider = await joinColleague(h, p.owner, 'provider', 'Pat Provider');
    // 8,000 through the owner, 2,000 through a provider (a provider importing is assigned to them).
    for (const [who, n] of [[p.owner, 5000], [p.owner, 3000], [provider.actor, 2000]] as const) {
      const res = await who.request('POST', '/api/clients/import', randomCsv(r, n), { 'content-type': 'text/csv' });
      expect(res.statusCode, res.body).toBe(201);
    }
  }, 600_000);
  afterAll(async () => h?.close());

  const matchesOf = new Map<string, Set<string>>();
  /** The answer as search gave it before: blind-index matches from the database, cut from the sorted list. */
  async function before(q: string, o: { key: SortKey; desc: boolean; status?: IndexEntry['status']; providerId?: string; only?: string; offset: number; limit: number }) {
    const pid = p.practiceId;
    let matches = matchesOf.get(q);
    if (!matches) {
      const words = nameWords(q.trim()).map((w) => [...w].slice(0, MAX_PREFIX).join(''));
      const terms = await Promise.all(words.map((w) => h.app.services.ctx.crypto.blindIndex(pid, 'client:name', w)));
      matches = await repo.clientsWithAllTerms(h.database.db, pid, terms);
      matchesOf.set(q, matches);
    }
    const { entries } = await h.app.services.clients.index.sorted(pid, o.key);
    const filtered = (o.desc ? [...entries].reverse() : entries).filter(
      (e) => (!o.status || e.status === o.status) && (!o.providerId || e.providerIds.includes(o.providerId)) && (!o.only || e.providerIds.includes(o.only)) && matches.has(e.id),
    );
    return { ids: filtered.slice(o.offset, o.offset + o.limit).map((e) => e.id), total: filtered.length, more: o.offset + o.limit < filtered.length };
  }

  it('finds the same clients, in the same order, with the same totals and cursors, as the blind-index scan', async () => {
    const all = (await h.app.services.clients.index.sorted(p.practiceId, 'lastName')).entries;
    expect(all).toHaveLength(10_000);
    const queries = ['mar', 'm', 'M', 'MAR', 'már', 'maria', 'María', 'marí', 'zoe', 'ZOË', 'zo', 'obr', "o'b", 'o', 'mu', 'mü', 'muel', 'stra', 'strasse', 'van d', 'ana gar', 'gar ana', 'mar mar', 'mar ma',
      'wolfeschlegelsteinhausenberg', 'wolfeschlegelsteinhausenbergxyz', 'qqq', 'x', 'ñ', 'n'];
    // Whole names, and prefixes of random clients' words.
    for (let i = 0; i < 12; i++) {
      const e = pick(r, all);
      queries.push(`${e.firstName} ${e.lastName}`);
      const w = pick(r, [e.firstName, e.lastName]);
      queries.push([...w].slice(0, 1 + Math.floor(r() * [...w].length)).join(''));
    }
    const auditBefore = await searchAudits();
    let requests = 0;
    let nonEmpty = 0;
    for (const q of queries) {
      for (const sort of ['lastName', '-lastName', 'firstName', '-firstName', 'updatedAt', '-updatedAt'] as const) {
        const desc = sort.startsWith('-');
        const key = (desc ? sort.slice(1) : sort) as SortKey;
        const status = r() < 0.6 ? undefined : pick(r, STATUSES);
        const providerId = r() < 0.8 ? undefined : provider.id;
        const limit = pick(r, [1, 10, 25, 100]);
        const first = await before(q, { key, desc, status, providerId, offset: 0, limit });
        for (const offset of [0, Math.floor(r() * first.total), Math.max(0, first.total - 2)]) {
          const want = await before(q, { key, desc, status, providerId, offset, limit });
          const qs = new URLSearchParams({ q, sort, limit: String(limit), ...(status ? { status } : {}), ...(providerId ? { providerId } : {}), ...(offset ? { cursor: cursorAt(offset) } : {}) });
          const res = await p.owner.get(`/api/clients?${qs.toString()}`);
          requests++;
          expect(res.statusCode, res.body).toBe(200);
          const got = res.json() as Page;
          const label = `${q} ${sort} ${status ?? ''} ${providerId ? 'provider' : ''} @${offset}+${limit}`;
          expect(got.total, label).toBe(want.total);
          expect(got.items.map((i) => i.id), label).toEqual(want.ids);
          expect(got.nextCursor !== null, label).toBe(want.more);
          if (want.total) nonEmpty++;
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(requests / 2);
    // A provider who sees only their own clients searches within them.
    for (const q of ['mar', 'm', 'zoe', 'ana gar']) {
      const want = await before(q, { key: 'lastName', desc: false, only: provider.id, offset: 0, limit: 25 });
      const got = (await provider.actor.get(`/api/clients?q=${encodeURIComponent(q)}`)).json() as Page;
      requests++;
      expect(got.total, q).toBe(want.total);
      expect(got.items.map((i) => i.id), q).toEqual(want.ids);
    }
    // Every search answered wrote its audit row, naming no search words.
    const audits = await searchAudits();
    expect(audits.length - auditBefore.length).toBe(requests);
    expect(JSON.stringify(audits)).not.toMatch(/mar|zoe|obr/i);
  }, 300_000);

  it('answers an empty search with the whole list and a search with no letters or digits with nothing', async () => {
    const whole = (await p.owner.get('/api/clients?q=%20%20&limit=5')).json() as Page;
    expect(whole.total).toBe(10_000);
    const none = (await p.owner.get(`/api/clients?q=${encodeURIComponent('!!! ...')}`)).json() as Page;
    expect(none).toMatchObject({ total: 0, items: [], nextCursor: null });
  });

  async function searchAudits() {
    return h.database.db.selectFrom('audit_log').select('details').where('practice_id', '=', p.practiceId).where('action', '=', 'search').execute();
  }

  describe('across instances', () => {
    let b: FastifyInstance;
    let onB: Actor;
    let q: PracticeFixture & { totpSecret?: string };
    beforeAll(async () => {
      // Instance B: the same configuration, database and key; its own in-memory index.
      b = await buildApp(h.config, { database: h.database, masterKey: h.masterKey });
      q = await createPractice(h);
      for (const [first, last] of [['Marta', 'Reyes'], ['Mark', 'Osei'], ['Lena', 'Marsh']]) {
        expect((await q.owner.post('/api/clients', { firstName: first, lastName: last, dateOfBirth: '1980-01-01' })).statusCode).toBe(201);
      }
      onB = new Actor({ ...h, app: b }, 'owner-on-b');
      onB.cookie = q.owner.cookie;
      onB.csrf = q.owner.csrf;
    });
    afterAll(async () => b?.close());

    const names = async (actor: Actor, term: string) => {
      const body = (await actor.get(`/api/clients?q=${encodeURIComponent(term)}`)).json() as { total: number; items: { firstName: string }[] };
      return { total: body.total, names: body.items.map((i) => i.firstName) };
    };

    it('shows a change made through another instance in the next search', async () => {
      // B builds its index and its prefix structures.
      expect(await names(onB, 'mar')).toEqual({ total: 3, names: ['Lena', 'Mark', 'Marta'] });
      expect(await names(onB, 'quill')).toEqual({ total: 0, names: [] });
      // Through A: a client renamed, one added.
      const mark = ((await q.owner.get('/api/clients?q=mark')).json() as Page).items[0]!.id;
      expect((await q.owner.patch(`/api/clients/${mark}`, { lastName: 'Quillon' })).statusCode).toBe(200);
      expect((await q.owner.post('/api/clients', { firstName: 'Quilla', lastName: 'Marr', dateOfBirth: '1990-01-01' })).statusCode).toBe(201);
      // B sees both at once.
      expect(await names(onB, 'quill')).toEqual({ total: 2, names: ['Quilla', 'Mark'] });
      expect(await names(onB, 'mar')).toEqual({ total: 4, names: ['Quilla', 'Lena', 'Mark', 'Marta'] });
      expect(await names(onB, 'osei')).toEqual({ total: 0, names: [] });
      // A, which made the changes, updated its own index in place and searches it the same way.
      expect(await names(q.owner, 'quill')).toEqual({ total: 2, names: ['Quilla', 'Mark'] });
      // And the other way round: a change through B shows on A.
      expect((await onB.patch(`/api/clients/${mark}`, { firstName: 'Osric' })).statusCode).toBe(200);
      expect(await names(q.owner, 'osr')).toEqual({ total: 1, names: ['Osric'] });
      expect(await names(q.owner, 'mar')).toEqual({ total: 3, names: ['Quilla', 'Lena', 'Marta'] });
    });
  });
});
