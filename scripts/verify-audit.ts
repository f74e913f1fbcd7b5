// `npm run verify-audit`: walks the hash-chained audit log and reports the first row that was
// edited, removed or reordered, or a chain cut short at its end. Exit 0 when intact, 1 otherwise.
import { verifyAuditChain, type VerifyResult } from '../src/server/modules/audit/verify.js';
import { consoleOut, isMain, openFromEnv, runMain, type Env, type Out } from './lib/cli.js';

export function describeVerifyResult(result: VerifyResult): string {
  return result.ok ? `audit chain OK: ${result.rows} rows` : `row ${result.seq}: ${result.problem} — ${result.message}`;
}

/** Verifies the audit chain of the database named by `env`; returns the exit code and the result. */
export async function runVerifyAudit(env: Env, out: Out = consoleOut): Promise<{ exitCode: number; result: VerifyResult }> {
  const { database } = await openFromEnv(env);
  try {
    const result = await verifyAuditChain(database.db);
    if (result.ok) out.log(describeVerifyResult(result));
    else out.error(describeVerifyResult(result));
    return { exitCode: result.ok ? 0 : 1, result };
  } finally {
    await database.destroy();
  }
}

if (isMain(import.meta.url)) runMain(async () => (await runVerifyAudit(process.env)).exitCode);
