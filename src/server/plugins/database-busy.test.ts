// A database that cannot answer in time is a 503 with Retry-After, never a 500 and never part of a
// list. On PostgreSQL: a pool of one connection, held by another transaction, and a pool timeout
// of 1 s: the client list waits DATABASE_POOL_TIMEOUT_MS for a connection, then answers
// 503 overloaded; a statement past DATABASE_STATEMENT_TIMEOUT_MS (57014) answers the same.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPractice, type PracticeFixture } from '../testing/actors.js';
import { testDialects } from '../testing/dialects.js';
import { createHarness, type Harness } from '../testing/harness.js';
import { transientDatabaseError } from './errors.js';

describe('database errors that mean "not now"', () => {
  it('are told apart from other errors', () => {
    expect(transientDatabaseError(new Error('timeout exceeded when trying to connect'))).toBe('overloaded');
    expect(transientDatabaseError(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe('overloaded');
    expect(transientDatabaseError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe('overloaded');
    expect(transientDatabaseError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('unavailable');
    expect(transientDatabaseError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe('unavailable');
    expect(transientDatabaseError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeUndefined();
    expect(transientDatabaseError(new TypeError('x is undefined'))).toBeUndefined();
  });
});

describe.each(testDialects().filter((d) => d === 'postgres'))('a busy database on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;

  beforeAll(async () => {
    // A statement timeout well under the test's pg_sleep(1), and over what the harness's own set-up
    // (the migrator's introspection) took on a loaded CI machine (over 300 ms once). The pool timeout
    // also bounds opening a connection: at 200 ms a loaded CI run could not open the migrator's.
    h = await createHarness(dialect, { env: { DATABASE_POOL_MAX: '1', DATABASE_POOL_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '700' } });
    p = await createPractice(h);
    expect((await p.owner.get('/api/clients')).statusCode).toBe(200);
  });
  afterAll(async () => h?.close());

  it('no pool connection in time: 503 overloaded with Retry-After', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const isHolding = new Promise<void>((r) => (holding = r));
    const tx = h.database.db.transaction().execute(async (t) => {
      await sql`select 1`.execute(t);
      holding();
      await held;
    });
    await isHolding;
    try {
      const res = await p.owner.get('/api/clients');
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toEqual({ error: { code: 'overloaded', message: expect.any(String) as string } });
    } finally {
      release();
      await tx;
    }
    expect((await p.owner.get('/api/clients')).statusCode).toBe(200);
  });

  it('a statement past the statement timeout: 503 overloaded', async () => {
    const original = h.app.services.clients.list.bind(h.app.services.clients);
    h.app.services.clients.list = async () => {
      await sql`select pg_sleep(1)`.execute(h.database.db);
      return original({} as never, {}, {} as never);
    };
    try {
      const res = await p.owner.get('/api/clients');
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json().error.code).toBe('overloaded');
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      h.app.services.clients.list = original;
    }
  });
});
