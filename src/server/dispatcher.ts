// `npm run dispatcher`: a process that only sends reminders (and runs the outbox consumers, so the
// reminder ledger keeps being built). It reads the same configuration as the web server, opens the
// database, applies migrations (Kysely's migration lock makes that safe beside a starting web
// process) and never listens. Run it with DISPATCHER=external on the web processes so they leave
// dispatching to it; several dispatcher processes on one PostgreSQL claim disjoint rows.
//
// SIGTERM/SIGINT: stops claiming, lets sends in flight finish and be recorded, gives rows claimed
// but not yet tried back, and exits 0. A process killed harder leaves its in-flight rows `sending`;
// the next dispatcher to start (or any running one, periodically) turns them `uncertain` after
// REMINDER_LEASE_MS, never resending them.
import { existsSync } from 'node:fs';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { loadMasterKey } from './crypto/keys.js';
import { openDatabase } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { createLogger } from './lib/logger.js';

async function main() {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel, file: config.logFile });
  const masterKey = loadMasterKey(config.masterKey, (msg) => console.warn(`\n*** WARNING: ${msg}\n`));
  const database = openDatabase(config.database);
  await migrateToLatest(database.db, database.dialect);
  // The whole app is built (one wiring for both kinds of process) but never listens.
  const app = await buildApp(config, { database, masterKey, logger });
  await app.ready();
  const { dispatcher } = app.services.reminders;
  dispatcher.start();
  logger.info({ dispatcher: dispatcher.id, database: database.dialect }, 'reminder dispatcher started');
  // Tests and supervisors wait for this line.
  if (process.send) process.send({ ready: dispatcher.id });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal, counts: dispatcher.counts }, 'reminder dispatcher stopping');
    try {
      await app.close();
      await database.destroy();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: Error) => {
  console.error('the reminder dispatcher failed to start:', err.message);
  process.exit(1);
});
