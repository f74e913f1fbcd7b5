// A precompiled query answers exactly what Kysely's own would for each call's values, on both
// databases, inside and outside a transaction; a value used anywhere but as a bound parameter is
// refused when the query is compiled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, testDialects } from '../testing/dialects.js';
import { openDatabase, type DatabaseHandle, type DbOrTx, type Dialect } from './index.js';
import { precompiled } from './precompiled.js';

describe.each(testDialects())('precompiled queries (%s)', (dialect) => {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (dialect === 'postgres') {
      const fresh = await freshPostgresDatabase();
      handle = openDatabase({ dialect: 'postgres', url: fresh.url, ssl: false });
      cleanup = () => fresh.drop();
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), 'hearth-precompiled-'));
      handle = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'p.db') });
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    await sql`create table pets (name text not null, kind text not null, legs integer not null)`.execute(handle.db);
    await sql`insert into pets (name, kind, legs) values ('Rex', 'dog', 4), ('Tweety', 'bird', 2), ('Nemo', 'fish', 0), ('Fido', 'dog', 3)`.execute(handle.db);
  });
  afterAll(async () => {
    await handle.destroy();
    await cleanup();
  });

  // A constant (legs >= 1) compiled in beside two arguments, one of them used twice.
  const build = (db: DbOrTx, _d: Dialect, kind: string, name: string) =>
    (db as unknown as Kysely<{ pets: { name: string; kind: string; legs: number } }>)
      .selectFrom('pets')
      .select(['name', 'legs'])
      .where((eb) => eb.or([eb('kind', '=', kind), eb('name', '=', name), eb('name', '=', kind)]))
      .where('legs', '>=', 1)
      .orderBy('name');
  const find = precompiled(build);

  it('binds each call’s own values and answers what Kysely answers', async () => {
    for (const [kind, name] of [['dog', 'Tweety'], ['bird', 'x'], ['fish', 'Nemo'], ['cat', 'Rex'], ["x' or '1'='1", 'Rex']] as const) {
      expect(await find(handle.db, handle.dialect, kind, name)).toEqual(await build(handle.db, handle.dialect, kind, name).execute());
    }
    expect((await find(handle.db, handle.dialect, 'dog', 'Tweety')).map((r) => r.name)).toEqual(['Fido', 'Rex', 'Tweety']);
  });

  it('runs inside the transaction it is given', async () => {
    await handle.db.transaction().execute(async (tx) => {
      await sql`insert into pets (name, kind, legs) values ('Kit', 'cat', 4)`.execute(tx);
      expect((await find(tx, handle.dialect, 'cat', '-')).map((r) => r.name)).toEqual(['Kit']);
      await sql`delete from pets where name = 'Kit'`.execute(tx);
    });
  });

  it('refuses a value written into the SQL text rather than bound', async () => {
    const inlined = precompiled((db: DbOrTx, _d: Dialect, name: string) => db.selectFrom(sql.raw(`(select '${name}' as n)`).as('t') as never).selectAll());
    await expect(inlined(handle.db, handle.dialect, 'Rex')).rejects.toThrow(/argument 0 is not a bound parameter/);
    const unused = precompiled((db: DbOrTx, _d: Dialect, _name: string) => db.selectFrom(sql`(select 1 as n)`.as('t') as never).selectAll());
    await expect(unused(handle.db, handle.dialect, 'Rex')).rejects.toThrow(/argument 0 is not a bound parameter/);
  });
});
