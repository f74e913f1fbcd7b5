// `npm run verify-audit [-- --backup <file.hbk> ...]`: walks the audit chain and reports the first
// row that was edited, removed, reordered or re-hashed, or a chain cut short at its end. Rows from
// the keyed cut-over on are checked with the audit key (unwrapped with the master key: MASTER_KEY
// or MASTER_KEY_FILE), and every checkpoint kept outside the database must still be in the chain:
// the lines of AUDIT_CHECKPOINT_DIR/*.jsonl, and the checkpoint in the header of each backup named
// with --backup. Exit 0 when intact, 1 otherwise, 2 for a usage error.
import { FieldCrypto, AUDIT_KEY_ID } from '../src/server/crypto/envelope.js';
import { LocalKeyProvider } from '../src/server/crypto/keys.js';
import { systemClock } from '../src/server/lib/clock.js';
import { type AuditCheckpoint, readCheckpoints, verifyAuditChain, type VerifyResult } from '../src/server/modules/audit/index.js';
import { readBackupHeader } from '../src/server/modules/backups/index.js';
import path from 'node:path';
import { consoleOut, isMain, masterKeyOf, openFromEnv, parseCommand, runMain, type Env, type Out } from './lib/cli.js';

const USAGE = 'usage: npm run verify-audit [-- --backup <file.hbk> ...]';

export function describeVerifyResult(result: VerifyResult): string {
  if (!result.ok) return `row ${result.seq}: ${result.problem} — ${result.message}`;
  const keyed = result.keyedFrom === null ? 'not keyed yet' : `keyed from row ${result.keyedFrom}`;
  return `audit chain OK: ${result.rows} rows, ${keyed}, ${result.checkpoints} checkpoint${result.checkpoints === 1 ? '' : 's'} found in it`;
}

/** Verifies the audit chain of the database named by `env`; returns the exit code and the result. */
export async function runVerifyAudit(env: Env, out: Out = consoleOut, opts: { backups?: string[] } = {}): Promise<{ exitCode: number; result: VerifyResult }> {
  const { config, database } = await openFromEnv(env);
  try {
    const db = database.db;
    // The key is read, never made: verifying must not change what it verifies.
    const stored = await db.selectFrom('data_keys').select('id').where('id', '=', AUDIT_KEY_ID).executeTakeFirst();
    const key = stored ? await new FieldCrypto(db, new LocalKeyProvider(masterKeyOf(config, { generateIfMissing: false })), systemClock).auditKey() : null;
    const checkpoints: { checkpoint: AuditCheckpoint; source: string }[] = readCheckpoints(config.auditCheckpoints.dir);
    for (const file of opts.backups ?? []) {
      const { header } = await readBackupHeader(path.resolve(file));
      if (header.auditCheckpoint) checkpoints.push({ checkpoint: header.auditCheckpoint, source: `backup ${path.basename(file)}` });
      else out.log(`${path.basename(file)}: no audit checkpoint in its header (a backup from before checkpoints)`);
    }
    const result = await verifyAuditChain(db, { key, checkpoints });
    if (result.ok) out.log(describeVerifyResult(result));
    else out.error(describeVerifyResult(result));
    return { exitCode: result.ok ? 0 : 1, result };
  } finally {
    await database.destroy();
  }
}

if (isMain(import.meta.url)) {
  runMain(async () => {
    const parsed = parseCommand<{ backup?: string[] }>(process.argv.slice(2), { backup: { type: 'string', multiple: true } }, USAGE, consoleOut);
    if ('exit' in parsed) return parsed.exit;
    if (parsed.positionals.length) {
      consoleOut.error(`unexpected argument ${parsed.positionals[0]}\n${USAGE}`);
      return 2;
    }
    return (await runVerifyAudit(process.env, consoleOut, { backups: parsed.values.backup ?? [] })).exitCode;
  });
}
