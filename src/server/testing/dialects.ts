// Which databases the integration suites run on. HEARTH_TEST_DB names them (comma-separated);
// by default SQLite, plus PostgreSQL at TEST_POSTGRES_URL. With CI=true a named database that
// cannot be reached fails the run: it is never skipped silently.
import pg from 'pg';
import { createScratchPostgres, type ScratchDatabase } from '../db/scratch.js';
import { migratedTemplate, TEST_DATABASE_SETTINGS } from './pg-template.js';

export type TestDialect = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function testDialects(): TestDialect[] {
  const named = (process.env.HEARTH_TEST_DB ?? 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
  for (const d of named) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`HEARTH_TEST_DB: unknown database "${d}"`);
  return named as TestDialect[];
}

let reachable: Promise<boolean> | undefined;
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

const scratchName = (prefix: string) => `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;

/** Creates an empty throw-away database on the PostgreSQL server and returns its URL and a dropper. */
export function freshPostgresDatabase(adminUrl: string = POSTGRES_URL, prefix = 'hearth_t'): Promise<ScratchDatabase> {
  return createScratchPostgres(adminUrl, scratchName(prefix), { settings: TEST_DATABASE_SETTINGS });
}

/** A throw-away database holding every migration: a copy of the migrated template (pg-template.ts). */
export async function migratedPostgresDatabase(adminUrl: string = POSTGRES_URL, prefix = 'hearth_t'): Promise<ScratchDatabase> {
  const template = await migratedTemplate(adminUrl);
  return createScratchPostgres(adminUrl, scratchName(prefix), { template, settings: TEST_DATABASE_SETTINGS });
}

const dropping = new Set<Promise<void>>();

/**
 * Drops a suite's database without the suite waiting for it: the next suite starts while the server
 * removes the files (0.3-1 s a database on a busy machine). The next harness waits for it once its
 * own app is up; one still running when the worker is stopped is swept by the next run
 * (sweepDeadTestDatabases).
 */
export function dropLater(drop: () => Promise<void>): void {
  const pending: Promise<void> = drop()
    .catch((err: unknown) => console.warn(`test database not dropped: ${(err as Error).message}`))
    .finally(() => dropping.delete(pending));
  dropping.add(pending);
}

/** Waits for the background drops started so far. */
export async function droppedEarlier(): Promise<void> {
  await Promise.all([...dropping]);
}
