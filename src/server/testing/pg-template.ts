// One migrated PostgreSQL database per migration set, which every suite's database is copied from
// (CREATE DATABASE … TEMPLATE): a copy costs a fraction of running the migrations into an empty
// database for each suite. The template's name carries a hash of the migrations' source, so a
// changed or added migration makes (and migrates) a new one. It is built once per server, under
// an advisory lock (several vitest workers and passes may ask at once), under a temporary name
// renamed when complete; it then takes no connections, so nothing can block a copy of it.
// The migrations themselves are still run from empty on PostgreSQL: here, whenever the template is
// new, and by the migration suites (db/*-migration.test.ts, pg-template.test.ts), which start empty.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadPg, openDatabase } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import { createScratchPostgres, onPostgresServer } from '../db/scratch.js';

/** Test databases only: a lost commit on a crash does not matter, and the commits wait on no fsync. */
export const TEST_DATABASE_SETTINGS = { synchronous_commit: 'off' } as const;

const TEMPLATE_LOCK = 4_711_028_215; // pg_advisory_lock key: one template build at a time per server
const PREFIX = 'hearth_tmpl_';

/** The migration list's fingerprint: each migration's name and the source it is built from. */
export function migrationsHash(): string {
  const hash = createHash('sha256');
  hash.update(Object.keys(migrations('postgres')).join('\n'));
  const dir = new URL('../db/migrations/', import.meta.url);
  for (const file of readdirSync(dir).sort()) hash.update(`\n${file}\n`).update(readFileSync(new URL(file, dir)));
  // The column-type helpers the migrations import.
  hash.update(readFileSync(new URL('../db/index.ts', import.meta.url)));
  return hash.digest('hex').slice(0, 16);
}

export function templateName(hash = migrationsHash()): string {
  return `${PREFIX}${hash}`;
}

/** Per worker process: the template is looked up (or built) once. */
const built = new Map<string, Promise<string>>();

/** The migrated template's name on the server at `adminUrl`, built first if it is not there yet. */
export function migratedTemplate(adminUrl: string): Promise<string> {
  const name = templateName();
  const key = `${adminUrl} ${name}`;
  let pending = built.get(key);
  if (!pending) {
    pending = ensureTemplate(adminUrl, name);
    built.set(key, pending);
    pending.catch(() => built.delete(key));
  }
  return pending;
}

/**
 * Suites' databases whose process is gone (pid in the name, not running here) and that nobody is
 * connected to: what a background drop (dropLater) still had to do when its worker was stopped.
 */
export async function sweepDeadTestDatabases(client: { query(sql: string, values?: unknown[]): Promise<{ rows: { datname: string }[] }> }): Promise<string[]> {
  const { rows } = await client.query(
    "select datname from pg_database d where datname ~ '^hearth_t_[0-9]+_[a-z0-9]+$' and not exists (select 1 from pg_stat_activity a where a.datid = d.oid)",
  );
  const dead = rows.map((r) => r.datname).filter((name) => !processAlive(Number(name.split('_')[2])));
  for (const name of dead) await client.query(`drop database if exists ${name} with (force)`);
  return dead;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes sure the template NAME is on the server, building it when it is not; returns NAME. */
export async function ensureTemplate(adminUrl: string, name: string): Promise<string> {
  const client = new (loadPg().Client)({ connectionString: adminUrl });
  await client.connect();
  const exists = async () => (await client.query('select 1 from pg_database where datname = $1 and datistemplate', [name])).rowCount === 1;
  try {
    await sweepDeadTestDatabases(client);
    if (await exists()) return name;
    await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      if (!(await exists())) await buildTemplate(adminUrl, name, client);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
    return name;
  } finally {
    await client.end();
  }
}

async function buildTemplate(adminUrl: string, name: string, client: { query(sql: string, values?: unknown[]): Promise<{ rows: { datname: string }[] }> }) {
  // A build left half-done by a process that died holding the lock (the lock went with it).
  const { rows } = await client.query("select datname from pg_database where datname = $1 or datname like $1 || '\\_b%'", [name]);
  for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
  const building = `${name}_b${process.pid}`;
  const scratch = await createScratchPostgres(adminUrl, building, { settings: TEST_DATABASE_SETTINGS });
  try {
    const handle = openDatabase({ dialect: 'postgres', url: scratch.url, ssl: false });
    try {
      await migrateToLatest(handle.db, 'postgres');
    } finally {
      await handle.destroy();
    }
    await onPostgresServer(adminUrl, [`alter database ${building} rename to ${name}`, `alter database ${name} with is_template true allow_connections false`]);
  } catch (err) {
    await scratch.drop().catch(() => undefined);
    throw err;
  }
}
