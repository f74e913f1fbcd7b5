// `npm run db:migrate`: apply pending migrations to the configured database and exit.
import { loadConfig } from '../config.js';
import { openDatabase } from './index.js';
import { migrateToLatest } from './migrate.js';

const config = loadConfig();
const handle = openDatabase(config.database);
try {
  const result = await migrateToLatest(handle.db, handle.dialect);
  const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await handle.destroy();
}
