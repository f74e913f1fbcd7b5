import { afterEach, describe, expect, it } from 'vitest';
import { AuditService, keyedRowHash, rowHash } from '../src/server/modules/audit/index.js';
import { createHarness, type Harness } from '../src/server/testing/harness.js';
import { createPractice } from '../src/server/testing/actors.js';
import { testDialects } from '../src/server/testing/dialects.js';
import { envFor, recorder, runScript } from './lib/test-support.js';
import { runVerifyAudit } from './verify-audit.js';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { AUDIT_KEY_ID, FieldCrypto } from '../src/server/crypto/envelope.js';
import { LocalKeyProvider } from '../src/server/crypto/keys.js';
import { systemClock } from '../src/server/lib/clock.js';
import { readBackupHeader } from '../src/server/modules/backups/index.js';

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
    expect(result).toEqual({ ok: true, rows: n, keyedFrom: 1, checkpoints: 0 });
    expect(out.lines).toEqual([`audit chain OK: ${n} rows, keyed from row 1, 0 checkpoints found in it`]);
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
    // Re-hashed with the audit key itself (someone holding it), so the broken link is what shows.
    const key = await h.app.services.ctx.crypto.auditKey();
    await db.updateTable('audit_log').set({ prev_hash: content.prev_hash, hash: keyedRowHash(key, content) }).where('seq', '=', 3).execute();
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

  it('keeps rows hashed before the audit key existed verifiable, and protects them from the cut-over on', async () => {
    const n = await withHistory();
    const { db } = h.database;
    // Make this an installation from before keyed hashes: plain SHA-256 rows, no audit key, no cut-over.
    let prev = '0'.repeat(64);
    for (const row of await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()) {
      const { hash: _h, ...content } = { ...row, prev_hash: prev };
      prev = rowHash(content);
      await db.updateTable('audit_log').set({ prev_hash: content.prev_hash, hash: prev }).where('seq', '=', row.seq).execute();
    }
    await db.updateTable('audit_head').set({ last_hash: prev, keyed_from: null, keyed_from_mac: null }).where('id', '=', 1).execute();
    await db.deleteFrom('data_keys').where('id', '=', AUDIT_KEY_ID).execute();
    expect((await runVerifyAudit(envFor(h), recorder())).result).toEqual({ ok: true, rows: n, keyedFrom: null, checkpoints: 0 });

    // The upgraded server makes the audit key; its first record starts the keyed part of the chain.
    const crypto = new FieldCrypto(db, new LocalKeyProvider(h.masterKey), systemClock);
    const audit = new AuditService(db, h.database.dialect, systemClock, (tx) => crypto.auditKey(tx));
    await audit.record({ actor: { type: 'system', id: null }, practiceId: null, action: 'read', resource: { type: 'test', id: null }, outcome: 'success' });
    const out = recorder();
    expect((await runVerifyAudit(envFor(h), out)).result).toEqual({ ok: true, rows: n + 1, keyedFrom: n + 1, checkpoints: 0 });
    expect(out.lines).toEqual([`audit chain OK: ${n + 1} rows, keyed from row ${n + 1}, 0 checkpoints found in it`]);

    // Old rows edited and re-hashed the old way: the first keyed row (whose MAC covers the last
    // old hash, and which cannot be re-hashed without the key) names the break.
    prev = (await db.selectFrom('audit_log').select('hash').where('seq', '=', 1).executeTakeFirstOrThrow()).hash;
    for (const row of await db.selectFrom('audit_log').selectAll().where('seq', '>=', 2).where('seq', '<=', n).orderBy('seq').execute()) {
      const { hash: _h, ...content } = { ...row, prev_hash: prev, ...(row.seq === 2 ? { outcome: 'failure' } : {}) };
      prev = rowHash(content);
      await db.updateTable('audit_log').set({ outcome: content.outcome, prev_hash: content.prev_hash, hash: prev }).where('seq', '=', row.seq).execute();
    }
    const broken = recorder();
    expect((await runVerifyAudit(envFor(h), broken)).exitCode).toBe(1);
    expect(broken.lines[0]).toMatch(new RegExp(`^row ${n + 1}: reordered — `));
  });

  it('a rewrite that also deletes the tail is named by the checkpoint in a backup\'s header', async () => {
    const n = await withHistory();
    const { db } = h.database;
    const made = await h.app.services.backups.service.create();
    const { header } = await readBackupHeader(made.file);
    expect(header.auditCheckpoint).toMatchObject({ v: 1, keyedFrom: 1 });
    const at = header.auditCheckpoint!.seq;
    expect(at).toBeGreaterThanOrEqual(n);
    // The checkpoint file beside the database is lost (or rewritten) too: only the backup remains.
    rmSync(h.config.auditCheckpoints.dir, { recursive: true, force: true });
    const last = await db.selectFrom('audit_log').selectAll().where('seq', '=', at - 2).executeTakeFirstOrThrow();
    await db.deleteFrom('audit_log').where('seq', '>', at - 2).execute();
    await db.updateTable('audit_head').set({ last_seq: last.seq, last_hash: last.hash }).where('id', '=', 1).execute();
    expect((await runVerifyAudit(envFor(h), recorder())).exitCode).toBe(0);
    const out = recorder();
    const { exitCode, result } = await runVerifyAudit(envFor(h), out, { backups: [made.file] });
    expect(exitCode).toBe(1);
    expect(result).toMatchObject({ ok: false, problem: 'truncated', seq: at - 1 });
    expect(out.lines[0]).toContain(`backup ${path.basename(made.file)}`);
  });

  it('the command line runs the check the operator runs', async () => {
    await withHistory();
    const env = envFor(h);
    const ok = runScript('scripts/verify-audit.ts', [], env);
    expect(ok.out).toMatch(/audit chain OK: \d+ rows, keyed from row 1/);
    expect(ok.code).toBe(0);
    // The rewrite: row 3 edited, every row from it re-hashed with plain SHA-256, head updated.
    const { db } = h.database;
    const all = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = all[1]!.hash;
    for (const row of all.slice(2)) {
      const { hash: _h, ...content } = { ...row, prev_hash: prev, ...(row.seq === 3 ? { outcome: 'failure' } : {}) };
      prev = rowHash(content);
      await db.updateTable('audit_log').set({ outcome: content.outcome, prev_hash: content.prev_hash, hash: prev }).where('seq', '=', row.seq).execute();
    }
    await db.updateTable('audit_head').set({ last_hash: prev }).where('id', '=', 1).execute();
    const bad = runScript('scripts/verify-audit.ts', [], env);
    expect(bad.out).toMatch(/^row 3: edited — /m);
    expect(bad.code).toBe(1);
  });
});
