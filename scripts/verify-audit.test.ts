import { afterEach, describe, expect, it } from 'vitest';
import { rowHash } from '../src/server/modules/audit/chain.js';
import { createHarness, type Harness } from '../src/server/testing/harness.js';
import { createPractice } from '../src/server/testing/actors.js';
import { testDialects } from '../src/server/testing/dialects.js';
import { envFor, recorder } from './lib/test-support.js';
import { runVerifyAudit } from './verify-audit.js';

describe.each(testDialects())('verify-audit on %s', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function withHistory() {
    h = await createHarness(dialect);
    await createPractice(h);
    await createPractice(h);
    const { db } = h.database;
    const n = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(n).toBeGreaterThan(4);
    return n;
  }

  it('reports an intact chain with its row count and exits 0', async () => {
    const n = await withHistory();
    const out = recorder();
    const { exitCode, result } = await runVerifyAudit(envFor(h), out);
    expect(exitCode).toBe(0);
    expect(result).toEqual({ ok: true, rows: n });
    expect(out.lines).toEqual([`audit chain OK: ${n} rows`]);
  });

  it('names an edited row and exits 1', async () => {
    await withHistory();
    await h.database.db.updateTable('audit_log').set({ outcome: 'failure' }).where('seq', '=', 3).execute();
    const out = recorder();
    const { exitCode, result } = await runVerifyAudit(envFor(h), out);
    expect(exitCode).toBe(1);
    expect(result).toMatchObject({ ok: false, seq: 3, problem: 'edited' });
    expect(out.lines[0]).toMatch(/^row 3: edited — /);
  });

  it('names a removed row', async () => {
    await withHistory();
    await h.database.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
    const out = recorder();
    const { exitCode } = await runVerifyAudit(envFor(h), out);
    expect(exitCode).toBe(1);
    expect(out.lines[0]).toMatch(/^row 2: removed — /);
  });

  it('names a row re-hashed to follow another (reordered or replaced)', async () => {
    await withHistory();
    const { db } = h.database;
    const row = await db.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
    const { hash: _old, ...content } = { ...row, prev_hash: 'f'.repeat(64) };
    await db.updateTable('audit_log').set({ prev_hash: content.prev_hash, hash: rowHash(content) }).where('seq', '=', 3).execute();
    const out = recorder();
    const { exitCode } = await runVerifyAudit(envFor(h), out);
    expect(exitCode).toBe(1);
    expect(out.lines[0]).toMatch(/^row 3: reordered — /);
  });

  it('names a chain cut short at its end', async () => {
    const n = await withHistory();
    await h.database.db.deleteFrom('audit_log').where('seq', '=', n).execute();
    const out = recorder();
    const { exitCode } = await runVerifyAudit(envFor(h), out);
    expect(exitCode).toBe(1);
    expect(out.lines[0]).toMatch(new RegExp(`^row ${n}: truncated — `));
  });
});
