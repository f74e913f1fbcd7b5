// Reads config, opens the database, migrates, seeds the demo practice in local mode, listens,
// and shuts down cleanly on SIGTERM/SIGINT.
import { existsSync } from 'node:fs';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { loadMasterKey } from './crypto/keys.js';
import { openDatabase } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { createLogger } from './lib/logger.js';
import { seedDemo } from './seed.js';

async function main() {
  // A local .env (never committed; see .env.example) is read when present.
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
  const masterKey = loadMasterKey(config.masterKey, (msg) => {
    console.warn(`\n*** WARNING: ${msg}\n`);
  });
  const database = openDatabase(config.database);
  await migrateToLatest(database.db, database.dialect);
  const app = await buildApp(config, { database, masterKey, logger });
  if (config.seedDemo) await seedDemo(app, config);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    try {
      await app.close();
      await database.destroy();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  console.log(`Hearth is listening on ${config.publicUrl} (${database.dialect})`);
}

main().catch((err: Error) => {
  console.error('Hearth failed to start:', err.message);
  process.exit(1);
});
