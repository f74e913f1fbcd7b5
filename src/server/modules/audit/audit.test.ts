// The audit log is append-only and hash-chained: editing, removing or reordering a row is named.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createPractice } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { AUDIT_ACTIONS } from './vocabulary.js';
import { verifyAuditChain } from './verify.js';

describe.each(testDialects())('audit chain on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    // Each case starts from an intact chain of a few dozen rows.
    await createPractice(h);
    expect(await verify()).toMatchObject({ ok: true });
  });

  const verify = async () => verifyAuditChain(h.database.db, { key: await h.app.services.ctx.crypto.auditKey() });
  const rows = () => h.database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();

  it('records who, what, outcome, when and from where, with no PHI values or tokens', async () => {
    const p = await createPractice(h, { ownerName: 'Audrey Auditwatch' });
    const mine = (await rows()).filter((r) => r.practice_id === p.practiceId);
    expect(mine.map((r) => r.action)).toEqual(expect.arrayContaining(['create', 'baa_accepted', 'login', 'mfa_enrolled']));
    for (const r of mine) {
      expect(AUDIT_ACTIONS).toContain(r.action);
      expect(r.ip).toBe('127.0.0.1');
      expect(r.at).toBeGreaterThan(0);
      const text = JSON.stringify(r);
      expect(text).not.toContain('Audrey');
      expect(text).not.toContain(p.email);
      expect(text).not.toContain(p.owner.csrf!);
      expect(text).not.toContain(p.owner.cookie!.split('=')[1]!);
    }
  });

  it('appends under concurrency without forking the chain', async () => {
    const audit = h.app.services.ctx.audit;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit.record({ actor: { type: 'system', id: null }, practiceId: null, action: 'read', resource: { type: 'test', id: String(i) }, outcome: 'success' }),
      ),
    );
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names an edited row', async () => {
    const target = (await rows())[3]!;
    await h.database.db.updateTable('audit_log').set({ outcome: 'failure' }).where('seq', '=', target.seq).execute();
    expect(await verify()).toMatchObject({ ok: false, problem: 'edited', seq: target.seq });
    await h.database.db.updateTable('audit_log').set({ outcome: target.outcome }).where('seq', '=', target.seq).execute();
  });

  it('names a removed row', async () => {
    const all = await rows();
    const target = all[5]!;
    await h.database.db.deleteFrom('audit_log').where('seq', '=', target.seq).execute();
    expect(await verify()).toMatchObject({ ok: false, problem: 'removed', seq: target.seq });
    await h.database.db.insertInto('audit_log').values(target).execute();
  });

  it('names reordered rows', async () => {
    const all = await rows();
    const [x, y] = [all[6]!, all[7]!];
    // Swap the two rows' positions in the sequence.
    const db = h.database.db;
    await db.updateTable('audit_log').set({ seq: -1 }).where('seq', '=', x.seq).execute();
    await db.updateTable('audit_log').set({ seq: x.seq }).where('seq', '=', y.seq).execute();
    await db.updateTable('audit_log').set({ seq: y.seq }).where('seq', '=', -1).execute();
    const result = await verify();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.seq).toBe(x.seq);
    await db.updateTable('audit_log').set({ seq: -1 }).where('seq', '=', x.seq).execute();
    await db.updateTable('audit_log').set({ seq: x.seq }).where('seq', '=', y.seq).execute();
    await db.updateTable('audit_log').set({ seq: y.seq }).where('seq', '=', -1).execute();
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names rows removed from the end', async () => {
    const all = await rows();
    const last = all[all.length - 1]!;
    await h.database.db.deleteFrom('audit_log').where('seq', '=', last.seq).execute();
    expect(await verify()).toMatchObject({ ok: false, problem: 'truncated' });
    await h.database.db.insertInto('audit_log').values(last).execute();
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('an edit re-hashed with plain SHA-256 is named at the edited row', async () => {
    const all = await rows();
    const target = all[2]!;
    const { rowHash } = await import('./chain.js');
    const { hash: _old, ...content } = { ...target, outcome: 'denied' };
    await h.database.db.updateTable('audit_log').set({ outcome: 'denied', hash: rowHash(content) }).where('seq', '=', target.seq).execute();
    expect(await verify()).toMatchObject({ ok: false, problem: 'edited', seq: target.seq });
    await h.database.db.updateTable('audit_log').set({ outcome: target.outcome, hash: target.hash }).where('seq', '=', target.seq).execute();
    void sql;
  });
});
