// `npm run restore-drill [-- <file>] [--server <postgres url>]`
// Restores a backup (the newest in BACKUP_DIR unless named) into a fresh scratch database (a temp
// SQLite file; for a PostgreSQL backup a new database hearth_drill_<random> on --server or the
// configured DATABASE_URL's server, dropped afterwards), compares every table's row hash with the
// manifest taken at backup time, and prints OK/MISMATCH per table, the recovery time and the
// data-loss window. Exit 1 on any mismatch. Never touches the live database. docs/backups.md.
import path from 'node:path';
import { loadConfig } from '../src/server/config.js';
import { BackupError, type DrillResult, formatDuration, listBackups, restoreDrill } from '../src/server/modules/backups/index.js';
import { backupKeyOf, consoleOut, isMain, parseCommand, runMain, type Env, type Out } from './lib/cli.js';

const USAGE = 'usage: npm run restore-drill [-- <backup file>] [--server <postgres://url for the scratch database>]';

export async function runRestoreDrill(argv: string[], env: Env, out: Out = consoleOut): Promise<{ code: number; result?: DrillResult }> {
  const parsed = parseCommand<{ server?: string }>(argv, { server: { type: 'string' } }, USAGE, out);
  if ('exit' in parsed) return { code: parsed.exit };
  const [named, extra] = parsed.positionals;
  if (extra !== undefined) {
    out.error(USAGE);
    return { code: 2 };
  }
  try {
    const config = loadConfig(env);
    let file = named ? path.resolve(named) : undefined;
    if (!file) {
      const newest = listBackups(config.backup.dir)[0];
      if (!newest) throw new BackupError(`There is no backup in ${config.backup.dir} (BACKUP_DIR); make one with npm run backup or name a file`);
      file = newest.file;
    }
    const ssl = config.database.dialect === 'postgres' ? config.database.ssl : false;
    const server = parsed.values.server ?? (config.database.dialect === 'postgres' ? config.database.url : undefined);
    const key = backupKeyOf(config, { generateIfMissing: false });
    out.log(`drill: ${file}`);
    const result = await restoreDrill(file, key, server ? { postgres: { url: server, ssl } } : {});
    out.log(`${result.header.dialect} backup, snapshot ${result.header.snapshotAt}, restored into a scratch database`);
    const width = Math.max(...result.tables.map((t) => t.table.length));
    for (const t of result.tables) {
      const rows = t.actual ? `${t.actual.rows} rows` : 'missing';
      if (t.ok) out.log(`  OK        ${t.table.padEnd(width)}  ${rows}`);
      else out.log(`  MISMATCH  ${t.table.padEnd(width)}  expected ${t.expected ? `${t.expected.rows} rows` : 'no table'}, restored ${rows}`);
    }
    out.log(`recovery time: ${result.recoverySeconds.toFixed(2)} s`);
    out.log(`data-loss window: ${formatDuration(result.dataLossMs)} (since the snapshot at ${result.header.snapshotAt})`);
    const bad = result.tables.filter((t) => !t.ok).length;
    if (bad) {
      out.error(`drill FAILED: ${bad} of ${result.tables.length} tables differ from the backup's manifest`);
      return { code: 1, result };
    }
    out.log(`drill passed: all ${result.tables.length} tables match the backup's manifest`);
    return { code: 0, result };
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    out.error(`restore drill failed: ${err.message}`);
    return { code: 1 };
  }
}

if (isMain(import.meta.url)) runMain(async () => (await runRestoreDrill(process.argv.slice(2), process.env)).code);
