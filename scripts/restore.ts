// `npm run restore -- <file> [--target <sqlite path | postgres url>] [--force]`
// Restores an encrypted backup (BACKUP_KEY / BACKUP_KEY_FILE) into the target, by default the
// configured database (DATABASE_URL, or DATA_DIR/hearth.db). The key and every byte of the file
// are checked before the target is touched; a target that already holds tables is refused
// unless --force. Stop Hearth before restoring over its own database. docs/backups.md.
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/index.js';
import { BackupError, parseTarget, restoreBackup, type RestoreTarget } from '../src/server/modules/backups/index.js';
import path from 'node:path';
import { backupKeyOf, scriptAudit, consoleOut, isMain, parseCommand, runMain, type Env, type Out } from './lib/cli.js';

const USAGE = 'usage: npm run restore -- <backup file> [--target <sqlite file | postgres://url>] [--force]';

export async function runRestore(argv: string[], env: Env, out: Out = consoleOut): Promise<number> {
  const parsed = parseCommand<{ target?: string; force?: boolean }>(argv, { target: { type: 'string' }, force: { type: 'boolean' } }, USAGE, out);
  if ('exit' in parsed) return parsed.exit;
  const [file, extra] = parsed.positionals;
  if (!file || extra !== undefined) {
    out.error(USAGE);
    return 2;
  }
  try {
    const config = loadConfig(env);
    const ssl = config.database.dialect === 'postgres' ? config.database.ssl : false;
    const target: RestoreTarget =
      parsed.values.target !== undefined
        ? parseTarget(parsed.values.target, ssl)
        : config.database.dialect === 'postgres'
          ? { dialect: 'postgres', url: config.database.url, ssl }
          : { dialect: 'sqlite', file: path.resolve(config.database.file) };
    const key = backupKeyOf(config, { generateIfMissing: false });
    const result = await restoreBackup(path.resolve(file), target, key, { force: parsed.values.force ?? false });
    // The restored database records that it was restored (its audit chain continues from the backup).
    const restored = openDatabase(target.dialect === 'sqlite' ? { dialect: 'sqlite', file: target.file } : target);
    try {
      await scriptAudit(config, restored).record({
        actor: { type: 'system', id: null },
        practiceId: null,
        action: 'backup_restored',
        resource: { type: 'backup', id: path.basename(file) },
        outcome: 'success',
        details: { dialect: result.header.dialect, snapshotAt: result.header.snapshotAt, forced: parsed.values.force ?? false },
      });
    } finally {
      await restored.destroy();
    }
    const where = target.dialect === 'sqlite' ? target.file : `${new URL(target.url).host}${new URL(target.url).pathname}`;
    out.log(`restored ${path.basename(file)} (snapshot ${result.header.snapshotAt}) into ${where}`);
    out.log(`tables: ${Object.keys(result.header.tables).length}, rows: ${Object.values(result.header.tables).reduce((n, t) => n + t.rows, 0)}`);
    out.log(`seconds: ${result.seconds.toFixed(2)}`);
    return 0;
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    out.error(`restore failed: ${err.message}`);
    return 1;
  }
}

if (isMain(import.meta.url)) runMain(() => runRestore(process.argv.slice(2), process.env));
