// The migrated template the PostgreSQL suites copy their databases from: a copy holds exactly the
// schema that running every migration into an empty database gives (checked against one migrated
// here from empty), workers racing to build a new template build it once, under a temporary name,
// clearing a build a dead process left behind, and nobody can connect to the finished template; a
// closed harness's database is dropped in the background, and one left by a dead process is swept.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPg, openDatabase } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import { createScratchPostgres, onPostgresServer, type ScratchDatabase } from '../db/scratch.js';
import { droppedEarlier, freshPostgresDatabase, migratedPostgresDatabase, POSTGRES_URL, testDialects } from './dialects.js';
import { createHarness } from './harness.js';
import { ensureTemplate, migrationsHash, sweepDeadTestDatabases, templateName } from './pg-template.js';

async function query<R>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new (loadPg().Client)({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as R[];
  } finally {
    await client.end();
  }
}

/** Tables, columns (type, nullability, default), constraints and indexes of the public schema. */
async function schema(url: string): Promise<string[]> {
  const columns = await query<{ s: string }>(
    url,
    `select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as s
       from information_schema.columns where table_schema = 'public'`,
  );
  const constraints = await query<{ s: string }>(
    url,
    `select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as s
       from pg_constraint where connamespace = 'public'::regnamespace`,
  );
  const indexes = await query<{ s: string }>(url, `select indexdef as s from pg_indexes where schemaname = 'public'`);
  return [...columns, ...constraints, ...indexes].map((r) => r.s).sort();
}

const databasesLike = async (pattern: string) =>
  (await query<{ datname: string; datistemplate: boolean; datallowconn: boolean }>(POSTGRES_URL, 'select datname, datistemplate, datallowconn from pg_database where datname like $1 order by datname', [pattern]));

it('names the template after the migrations, so another migration set gets another template', () => {
  expect(templateName()).toBe(`hearth_tmpl_${migrationsHash()}`);
  expect(migrationsHash()).toMatch(/^[0-9a-f]{16}$/);
  expect(templateName('0123456789abcdef')).not.toBe(templateName());
});

describe.each(testDialects().filter((d) => d === 'postgres'))('the migrated template on %s', () => {
  const scratch: ScratchDatabase[] = [];
  let fromEmpty: ScratchDatabase;
  beforeAll(async () => {
    fromEmpty = await freshPostgresDatabase();
    scratch.push(fromEmpty);
    const handle = openDatabase({ dialect: 'postgres', url: fromEmpty.url, ssl: false });
    try {
      const result = await migrateToLatest(handle.db, 'postgres');
      expect(result.results?.map((r) => r.migrationName)).toEqual(Object.keys(migrations('postgres')).sort());
    } finally {
      await handle.destroy();
    }
  });
  afterAll(async () => {
    for (const s of scratch) await s.drop();
  });

  it('gives a copy holding the schema and migration record of a database migrated from empty', async () => {
    const copy = await migratedPostgresDatabase();
    scratch.push(copy);
    const expected = await schema(fromEmpty.url);
    expect(expected.length).toBeGreaterThan(100);
    expect(await schema(copy.url)).toEqual(expected);
    const applied = await query<{ name: string }>(copy.url, 'select name from kysely_migration order by name');
    expect(applied.map((r) => r.name)).toEqual(Object.keys(migrations('postgres')).sort());
    // Test databases commit without waiting for the disk.
    expect(await query(copy.url, 'show synchronous_commit')).toEqual([{ synchronous_commit: 'off' }]);
  });

  it('is built once by racing workers, clears a dead build, and then takes no connections', async () => {
    const name = `hearth_tmpl_test${randomBytes(4).toString('hex')}`;
    // What a worker that died mid-build leaves: a half-built database under the temporary name.
    await createScratchPostgres(POSTGRES_URL, `${name}_b1`);
    try {
      const names = await Promise.all([1, 2, 3].map(() => ensureTemplate(POSTGRES_URL, name)));
      expect(names).toEqual([name, name, name]);
      expect(await databasesLike(`${name}%`)).toEqual([{ datname: name, datistemplate: true, datallowconn: false }]);
      await expect(query(POSTGRES_URL.replace(/\/[^/]*$/, `/${name}`), 'select 1')).rejects.toThrow(/not currently accepting connections/);
      const copy = await createScratchPostgres(POSTGRES_URL, `${name}_copy`, { template: name });
      scratch.push(copy);
      expect(await schema(copy.url)).toEqual(await schema(fromEmpty.url));
    } finally {
      const left = (await databasesLike(`${name}%`)).map((d) => d.datname);
      await onPostgresServer(POSTGRES_URL, left.flatMap((d) => [`alter database ${d} with is_template false`, `drop database ${d} with (force)`]));
    }
  });

  it("drops a closed harness's database in the background, and the next run sweeps one whose process is gone", async () => {
    const h = await createHarness('postgres');
    const name = new URL((h.config.database as { url: string }).url).pathname.slice(1);
    expect(await databasesLike(name)).toHaveLength(1);
    await h.close();
    await droppedEarlier();
    expect(await databasesLike(name)).toEqual([]);

    const dead = `hearth_t_4194999_${randomBytes(4).toString('hex')}`; // above any pid_max: no such process
    const alive = `hearth_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    await onPostgresServer(POSTGRES_URL, [`create database ${dead}`, `create database ${alive}`]);
    try {
      const client = new (loadPg().Client)({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        expect(await sweepDeadTestDatabases(client)).toContain(dead);
      } finally {
        await client.end();
      }
      expect(await databasesLike(dead)).toEqual([]);
      expect(await databasesLike(alive)).toHaveLength(1);
    } finally {
      await onPostgresServer(POSTGRES_URL, [`drop database if exists ${dead}`, `drop database if exists ${alive}`]);
    }
  });
});
