// What every Hearth process does first (the web server, main.ts, and the reminder dispatcher,
// dispatcher.ts): read a local .env when present, load and check the configuration (exit 78 with
// the reason when it is wrong), set up logging and the master key, open the database and migrate it
// (Kysely's migration lock makes that safe beside another starting process): `openProcess`. The web
// server then builds the app (`boot`); the dispatcher builds no HTTP app. `closeOnSignal` closes the
// app and the database on SIGTERM/SIGINT, then exits 0 (`onSignal`: with a close of one's own).
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { loadMasterKey } from './crypto/keys.js';
import { openDatabase, type DatabaseHandle } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { createLogger } from './lib/logger.js';

export interface Booted {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  app: Awaited<ReturnType<typeof buildApp>>;
}

export interface Opened {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  masterKey: Buffer;
}

export async function openProcess(): Promise<Opened> {
  // A local .env (never committed; see .env.example) is read when present.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
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
  return { config, logger, database, masterKey };
}

export async function boot(): Promise<Booted> {
  const { config, logger, database, masterKey } = await openProcess();
  const app = await buildApp(config, { database, masterKey, logger });
  return { config, logger, database, app };
}

/** On SIGTERM/SIGINT (once): `before`, then the app and the database closed, then exit 0. */
export function closeOnSignal(b: Booted, before: (signal: string) => void): void {
  onSignal(async () => {
    await b.app.close();
    await b.database.destroy();
  }, before);
}

/** On SIGTERM/SIGINT (once): `before`, then `close`, then exit 0. */
export function onSignal(close: () => Promise<void>, before: (signal: string) => void): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    before(signal);
    try {
      await close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
