// `npm run backup`: makes one encrypted backup of the configured database now (into BACKUP_DIR,
// under BACKUP_KEY / BACKUP_KEY_FILE), then prunes by retention. Prints the file, its size and
// how long it took. The same as one scheduled run, without the schedule's interval claim.
// docs/backups.md.
import path from 'node:path';
import { systemClock } from '../src/server/lib/clock.js';
import { appendCheckpoint, takeCheckpoint } from '../src/server/modules/audit/index.js';
import { BackupService, type CreatedBackup } from '../src/server/modules/backups/index.js';
import { backupKeyOf, scriptAudit, scriptAuditKey, consoleOut, isMain, openFromEnv, parseCommand, runMain, type Env, type Out } from './lib/cli.js';

const USAGE = 'usage: npm run backup   (one backup now into BACKUP_DIR, then retention; docs/backups.md)';

export async function runBackup(argv: string[], env: Env, out: Out = consoleOut): Promise<{ code: number; backup?: CreatedBackup }> {
  const parsed = parseCommand(argv, {}, USAGE, out);
  if ('exit' in parsed) return { code: parsed.exit };
  if (parsed.positionals.length) {
    out.error(`unexpected argument ${parsed.positionals[0]}\n${USAGE}`);
    return { code: 2 };
  }
  const { config, database } = await openFromEnv(env);
  try {
    const key = backupKeyOf(config, { generateIfMissing: true });
    const auditKey = scriptAuditKey(config, database);
    const service = new BackupService(config, database, key, {
      audit: scriptAudit(config, database),
      // The backup's header carries an audit checkpoint, also appended to the checkpoint file.
      auditCheckpoint: async () => {
        const c = await takeCheckpoint(database.db, await auditKey(database.db), systemClock);
        appendCheckpoint(config.auditCheckpoints.dir, c);
        return c;
      },
    });
    const made = await service.create();
    const pruned = await service.prune();
    out.log(`backup: ${made.file}`);
    out.log(`bytes: ${made.bytes}`);
    out.log(`seconds: ${made.seconds.toFixed(2)}`);
    out.log(`tables: ${Object.keys(made.tables).length}, rows: ${Object.values(made.tables).reduce((n, t) => n + t.rows, 0)}`);
    if (pruned.length) out.log(`pruned ${pruned.length} older backup(s): ${pruned.map((b) => path.basename(b.file)).join(', ')}`);
    return { code: 0, backup: made };
  } finally {
    await database.destroy();
  }
}

if (isMain(import.meta.url)) runMain(async () => (await runBackup(process.argv.slice(2), process.env)).code);
