// The calendar's kept answers (calendar-answers.ts) under requests that arrive together, on every
// test database: requests for the same viewer, query and watermark share one build (counted: the
// range query's count runs once, the cells are made once) and get the same bytes and tag; a failed
// build fails each of them and keeps nothing; different viewers never share a build; a change made
// while a build runs leaves that build's answer to its own requests only.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentCellList, AppointmentQuery } from '../../../shared/scheduling.js';
import type { Actor } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { teamSuite } from '../../testing/suite.js';
import type { ResolvedSession } from '../auth/index.js';
import { RangeReads, type CalendarAnswer } from './calendar-answers.js';
import type { CellRow } from './repo.js';

/** Counts the queries that finish: the range's count (one per build) and the watermark's reads. */
class Counting implements KyselyPlugin {
  readonly counts = { range: 0, revision: 0 };
  private readonly kinds = new Map<unknown, keyof Counting['counts']>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = JSON.stringify(args.node);
    if (node.includes('"name":"appointment_revisions"') && node.includes('"kind":"SelectQueryNode"')) this.kinds.set(args.queryId, 'revision');
    else if (node.includes('"name":"appointments"') && node.includes('"func":"count"')) this.kinds.set(args.queryId, 'range');
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const kind = this.kinds.get(args.queryId);
    if (kind) this.counts[kind] += 1;
    this.kinds.delete(args.queryId);
    return args.result;
  }
}

const META = { ip: '127.0.0.1', userAgent: 'vitest' };
const Q: AppointmentQuery = { from: '2027-05-01T00:00:00.000Z', to: '2027-06-01T00:00:00.000Z', limit: 500 };
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe.each(testDialects())('calendar answers built once for requests at once on %s', (dialect) => {
  const counting = new Counting();
  const { h, p, staff } = teamSuite(dialect, { smtp: true, dbPlugins: [counting] }, ['provider', 'front_desk']);
  let reads: RangeReads;
  const sessions: Record<string, ResolvedSession> = {};
  /** Cells as the build makes them, each naming the viewer it was built for (so a shared one shows). */
  let builds: string[] = [];
  /** Held before each build's cells are made, so requests arriving meanwhile find the build under way. */
  let hold: () => Promise<void> = async () => {};

  const sessionOf = async (actor: Actor) => {
    const resolved = await h.app.services.auth.sessions.resolve(actor.cookie!.split('=')[1]!);
    if (!resolved.ok) throw new Error('no session');
    return resolved.value;
  };
  const calendar = (who: string, fail = false): Promise<CalendarAnswer> =>
    reads.calendar(
      sessions[who]!,
      Q,
      META,
      async (_pid: string, rows: CellRow[]) => {
        builds.push(who);
        await hold();
        if (fail) throw new Error('build failed');
        return rows.map((r) => ({ id: r.id, start: String(r.start_at), end: String(r.end_at), status: 'scheduled', type: 'video', providerId: r.provider_id, timeZone: r.time_zone, clientNames: [who], clientZones: [null] }));
      },
      (a: AppointmentCellList) => JSON.stringify(a),
    );
  /** Requests that have reached the shared build (RangeReads' private `shared`, counted by fresh()). */
  let joined = 0;
  /**
   * `n` requests from `who` together: the first build is held until all of them have joined it. (Held
   * until they had read the watermark and one turn more, a request on a loaded PostgreSQL run was
   * still reading the clients' version, and came to a failed build already gone: two builds.)
   */
  const together = (n: number, who: string[] | string, fail = false) => {
    const before = joined;
    const viewers = Array.from({ length: n }, (_, i) => (Array.isArray(who) ? who[i % who.length]! : who));
    hold = async () => {
      while (joined < before + n) await turn();
      await turn();
    };
    return Promise.allSettled(viewers.map((v) => calendar(v, fail)));
  };
  const book = async (start: string) => {
    const client = await p.owner.post('/api/clients', { firstName: 'Wren', lastName: 'Ash', dateOfBirth: '1990-01-02', providerIds: [p.userId] });
    expect(client.statusCode, client.body).toBe(201);
    const res = await p.owner.post('/api/appointments', { providerId: p.userId, clientIds: [client.json().id], start, durationMinutes: 50, timeZone: 'UTC', type: 'video' });
    expect(res.statusCode, res.body).toBe(201);
  };
  const fresh = () => {
    const { ctx, practices, clients } = h.app.services;
    reads = new RangeReads(ctx, practices, (s) => clients.restrictedTo(s));
    const open = reads as unknown as { shared: (...args: unknown[]) => Promise<unknown> };
    const shared = open.shared.bind(reads);
    open.shared = (...args) => {
      joined++;
      return shared(...args);
    };
    builds = [];
  };

  beforeAll(async () => {
    sessions.owner = await sessionOf(p.owner);
    sessions.provider = await sessionOf(staff.provider!.actor);
    sessions.desk = await sessionOf(staff.front_desk!.actor);
    await book('2027-05-03T15:00:00Z');
    await book('2027-05-10T15:00:00Z');
  });

  it('requests for one viewer, query and watermark share one build: one range query, the same bytes and tag', async () => {
    fresh();
    const range = counting.counts.range;
    const answers = await together(10, 'owner');
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill('fulfilled'));
    const values = answers.map((a) => (a as PromiseFulfilledResult<CalendarAnswer>).value);
    expect(builds).toEqual(['owner']);
    expect(counting.counts.range - range).toBe(1);
    expect(new Set(values.map((v) => v.tagged.tag)).size).toBe(1);
    for (const v of values) expect(v.tagged.body.equals(values[0]!.tagged.body)).toBe(true);
    expect(values[0]).toMatchObject({ returned: 2, total: 2 });
    // Kept: the next request builds nothing.
    await calendar('owner');
    expect(builds).toEqual(['owner']);
  });

  it('a failed build fails every request that shared it, keeps nothing, and the next request builds again', async () => {
    fresh();
    const answers = await together(6, 'owner', true);
    expect(builds).toEqual(['owner']);
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill('rejected'));
    for (const a of answers) expect((a as PromiseRejectedResult).reason).toMatchObject({ message: 'build failed' });
    const next = await calendar('owner');
    expect(builds).toEqual(['owner', 'owner']);
    expect(next.total).toBe(2);
  });

  it('different viewers never share a build: each gets an answer built for them, with a tag of their own', async () => {
    fresh();
    const answers = await together(9, ['owner', 'provider', 'desk']);
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill('fulfilled'));
    expect([...builds].sort()).toEqual(['desk', 'owner', 'provider']);
    const byViewer = new Map<string, Set<string>>();
    for (const [i, a] of answers.entries()) {
      const who = ['owner', 'provider', 'desk'][i % 3]!;
      const answer = (a as PromiseFulfilledResult<CalendarAnswer>).value;
      const cells = JSON.parse(answer.tagged.body.toString('utf8')) as AppointmentCellList;
      for (const c of cells.items) expect(c.clientNames).toEqual([who]);
      byViewer.set(who, (byViewer.get(who) ?? new Set()).add(answer.tagged.tag));
    }
    // One tag per viewer, none shared; the provider sees only their own (none this month).
    expect([...byViewer.values()].map((tags) => tags.size)).toEqual([1, 1, 1]);
    expect(new Set([...byViewer.values()].flatMap((tags) => [...tags])).size).toBe(3);
    const provider = (answers[1] as PromiseFulfilledResult<CalendarAnswer>).value;
    expect(provider.total).toBe(0);
  });

  it('a provider whose scope widens gets an answer built for the wider scope, not the one kept for the narrower', async () => {
    fresh();
    const narrow = await calendar('provider');
    expect(narrow.total).toBe(0);
    const { practices } = h.app.services;
    const version = await practices.clientsVersion(p.practiceId);
    expect((await p.owner.patch('/api/practice', { providersSeeAllClients: true })).statusCode).toBe(200);
    try {
      // The same watermark: only the provider's scope (part of the key) tells the answers apart.
      expect(await practices.clientsVersion(p.practiceId)).toBe(version);
      const answers = await together(4, 'provider');
      expect(builds).toEqual(['provider', 'provider']);
      for (const a of answers) expect((a as PromiseFulfilledResult<CalendarAnswer>).value.total).toBe(2);
    } finally {
      expect((await p.owner.patch('/api/practice', { providersSeeAllClients: false })).statusCode).toBe(200);
    }
  });

  it('a change made while a build runs: its requests get that build, the next request builds at the new watermark', async () => {
    fresh();
    const first = together(4, 'owner');
    while (builds.length === 0) await turn();
    await book('2027-05-20T15:00:00Z');
    const answers = await first;
    expect(builds).toEqual(['owner']);
    expect(new Set(answers.map((a) => (a as PromiseFulfilledResult<CalendarAnswer>).value.tagged.tag)).size).toBe(1);
    const after = await calendar('owner');
    expect(builds).toEqual(['owner', 'owner']);
    expect(after.total).toBe(3);
  });
});
