// A bench part's own server: the app built in this process over a fresh database (SQLite in a temp
// dir, or a fresh PostgreSQL database on `pgAdmin` when given), listening on a free 127.0.0.1 port
// that is also its PUBLIC_URL (the Origin checks refuse a browser's state changes and /ws upgrade
// from any other origin: with PUBLIC_URL http://127.0.0.1 and the app on port 0, the calendar
// bench's Chromium got 403 on every /ws upgrade and its header said Reconnecting…/Offline), logs
// and mail silenced, no dispatcher or outbox polling, and a practice signed up with its owner
// enrolled in TOTP (owner.ts). close() closes the app and the database, drops a PostgreSQL
// database and removes the directory.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/index.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { createLogger } from '../../src/server/lib/logger.js';
import type { Mailer } from '../../src/server/modules/mail/index.js';
import { freshPostgresDatabase } from '../../src/server/testing/dialects.js';
import { freePort } from '../../e2e/fixtures/server.js';
import { benchOwner } from './owner.js';

const nullMailer: Mailer = { send: async () => undefined, close: () => undefined };

export interface BenchApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** http://127.0.0.1:port */
  base: string;
  owner: Awaited<ReturnType<typeof benchOwner>>;
  close(): Promise<void>;
}

/** `name` names the temp dir and the PostgreSQL database; `env` adds to (or overrides) the bench configuration. */
export async function startBenchApp(pgAdmin: string | undefined, name: string, env: Record<string, string> = {}): Promise<BenchApp> {
  const dir = mkdtempSync(path.join(tmpdir(), `hearth-bench-${name}-`));
  const fresh = pgAdmin ? await freshPostgresDatabase(pgAdmin, `hearth_bench_${name}`) : undefined;
  const masterKey = randomBytes(32);
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DATABASE_URL: fresh ? fresh.url : `sqlite:${path.join(dir, 'hearth.db')}`,
    MASTER_KEY: masterKey.toString('base64'),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000000',
    OUTBOX_POLL_MS: '0',
    DISPATCHER: 'external',
    WEB_DIST_DIR: path.join(dir, 'no-web'),
    ...env,
  });
  const database = openDatabase(config.database);
  let app: FastifyInstance | undefined;
  const close = async () => {
    await app?.close();
    await database.destroy();
    await fresh?.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(database.db, database.dialect);
    app = await buildApp(config, { database, masterKey, mailer: nullMailer, logger: createLogger({ level: 'silent' }) });
    await app.listen({ host: '127.0.0.1', port });
    const owner = await benchOwner(app);
    return { app, database, base: `http://127.0.0.1:${port}`, owner, close };
  } catch (err) {
    await close();
    throw err;
  }
}
