// Issue 14, item 3: a database writer re-hashes every row from an edited one onward and updates
// the chain head. The keyed hashes name the first bad row; checkpoints kept outside the database
// catch a rewrite that also cuts off the tail.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditLogTable } from '../../db/schema.js';
import { createPractice } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness } from '../../testing/harness.js';
import { keyedRowHash, rowHash } from './chain.js';
import { appendCheckpoint, AuditCheckpointer, CHECKPOINT_FILE, readCheckpoints, takeCheckpoint } from './checkpoint.js';
import { verifyAuditChain } from './verify.js';
import { suiteHarness } from '../../testing/suite.js';

type Row = AuditLogTable;
type Hasher = (row: Omit<Row, 'hash'>) => string;

describe.each(testDialects())('audit chain anchored outside the database on %s', (dialect) => {
  const h = suiteHarness(dialect);
  let key: Buffer;
  let dir: string;
  beforeAll(async () => {
    key = await h.app.services.ctx.crypto.auditKey();
  });

  const db = () => h.database.db;
  const rows = () => db().selectFrom('audit_log').selectAll().orderBy('seq').execute();
  const checkpoints = () => readCheckpoints(dir);
  const verify = (opts: { key?: Buffer; withCheckpoints?: boolean } = {}) =>
    verifyAuditChain(db(), { key: opts.key ?? key, checkpoints: opts.withCheckpoints === false ? [] : checkpoints() });

  let snapshot: Row[] = [];
  let headSnapshot: Awaited<ReturnType<typeof head>>;
  const head = () => db().selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();

  beforeEach(async () => {
    // A fresh checkpoint directory per case, a few dozen rows, and a checkpoint of the chain so far.
    dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-checkpoints-'));
    await createPractice(h);
    appendCheckpoint(dir, await takeCheckpoint(db(), key, h.app.services.ctx.clock));
    expect(await verify()).toMatchObject({ ok: true, checkpoints: 1 });
    snapshot = await rows();
    headSnapshot = await head();
    return async () => {
      // Put the chain back exactly as it was, whatever the case did to it.
      await db().deleteFrom('audit_log').execute();
      for (let i = 0; i < snapshot.length; i += 200) await db().insertInto('audit_log').values(snapshot.slice(i, i + 200)).execute();
      await db().updateTable('audit_head').set(headSnapshot).where('id', '=', 1).execute();
      expect(await verify({ withCheckpoints: false })).toMatchObject({ ok: true });
    };
  });

  /** The attack from the issue: edit row `from`, re-hash it and every row after it, update the head. */
  async function rewriteFrom(from: number, hasher: Hasher, opts: { dropAfter?: number } = {}) {
    const all = (await rows()).filter((r) => opts.dropAfter === undefined || r.seq <= opts.dropAfter);
    if (opts.dropAfter !== undefined) await db().deleteFrom('audit_log').where('seq', '>', opts.dropAfter).execute();
    let prev = all.find((r) => r.seq === from - 1)?.hash ?? '0'.repeat(64);
    for (const r of all.filter((x) => x.seq >= from)) {
      const content = { ...r, prev_hash: prev, ...(r.seq === from ? { outcome: r.outcome === 'success' ? 'failure' : 'success' } : {}) };
      const { hash: _old, ...rest } = content;
      prev = hasher(rest);
      await db().updateTable('audit_log').set({ outcome: content.outcome, prev_hash: content.prev_hash, hash: prev }).where('seq', '=', r.seq).execute();
    }
    const last = all[all.length - 1]!;
    await db().updateTable('audit_head').set({ last_seq: last.seq, last_hash: prev }).where('id', '=', 1).execute();
  }

  it('the chain is keyed from the first row of a new installation, and the key is not in the database in the clear', async () => {
    const hd = await head();
    expect(hd.keyed_from).toBe(1);
    const keyRow = await db().selectFrom('data_keys').selectAll().where('id', '=', 'platform:audit').executeTakeFirstOrThrow();
    expect(keyRow.wrapped_key).not.toContain(key.toString('base64url'));
    const dump = JSON.stringify(await db().selectFrom('data_keys').selectAll().execute());
    expect(dump).not.toContain(key.toString('hex'));
    expect(dump).not.toContain(key.toString('base64'));
    const first = (await rows())[0]!;
    const { hash, ...content } = first;
    expect(hash).toBe(keyedRowHash(key, content));
    expect(hash).not.toBe(rowHash(content));
  });

  it('an untouched chain verifies, checkpoints and all', async () => {
    const result = await verify();
    expect(result).toEqual({ ok: true, rows: snapshot.length, keyedFrom: 1, checkpoints: 1 });
  });

  it('re-hashing every row from an edited one onward with plain SHA-256 is named at the edited row', async () => {
    const target = snapshot[Math.floor(snapshot.length / 2)]!.seq;
    await rewriteFrom(target, rowHash);
    // Even without the checkpoint file: the keyed hash alone names the row.
    expect(await verify({ withCheckpoints: false })).toMatchObject({ ok: false, problem: 'edited', seq: target });
    expect(await verify()).toMatchObject({ ok: false, problem: 'edited', seq: target });
  });

  it('re-hashing with a key of the attacker\'s own (HMAC under the wrong key) is named at the edited row', async () => {
    const wrong = randomBytes(32);
    const target = snapshot[5]!.seq;
    await rewriteFrom(target, (r) => keyedRowHash(wrong, r));
    expect(await verify({ withCheckpoints: false })).toMatchObject({ ok: false, problem: 'edited', seq: target });
  });

  it('moving the cut-over to keyed hashes (to pass re-hashed rows off as old plain ones) is refused', async () => {
    const target = snapshot[4]!.seq;
    await rewriteFrom(target, rowHash);
    await db().updateTable('audit_head').set({ keyed_from: snapshot.length + 1 }).where('id', '=', 1).execute();
    expect(await verify({ withCheckpoints: false })).toMatchObject({ ok: false, problem: 'edited', seq: snapshot.length + 1 });
  });

  it('a full rewrite as an unkeyed chain that also deletes the tail is caught by the checkpoint file', async () => {
    // Everything re-hashed the old way from row 1, the cut-over erased, the last rows deleted:
    // the database alone now looks like an intact pre-key chain.
    const keep = snapshot.length - 5;
    await rewriteFrom(1, rowHash, { dropAfter: keep });
    await db().updateTable('audit_head').set({ keyed_from: null, keyed_from_mac: null }).where('id', '=', 1).execute();
    expect(await verify({ withCheckpoints: false })).toMatchObject({ ok: true, rows: keep });
    const result = await verify();
    expect(result).toMatchObject({ ok: false, problem: 'checkpoint' });
    if (!result.ok) expect(result.message).toContain(CHECKPOINT_FILE);
  });

  it('cutting off the tail (keyed rows untouched, head moved back) is caught by the checkpoint file', async () => {
    const keep = snapshot.length - 3;
    const newLast = snapshot[keep - 1]!;
    await db().deleteFrom('audit_log').where('seq', '>', keep).execute();
    await db().updateTable('audit_head').set({ last_seq: newLast.seq, last_hash: newLast.hash }).where('id', '=', 1).execute();
    expect(await verify({ withCheckpoints: false })).toMatchObject({ ok: true });
    expect(await verify()).toMatchObject({ ok: false, problem: 'truncated', seq: keep + 1 });
  });

  it('a forged or edited checkpoint is refused', async () => {
    const [entry] = checkpoints();
    const forged = { ...entry!.checkpoint, seq: entry!.checkpoint.seq + 1000 };
    const wrongKey = { ...entry!.checkpoint, mac: createHmac('sha256', randomBytes(32)).update('x').digest('hex') };
    expect(await verifyAuditChain(db(), { key, checkpoints: [{ checkpoint: forged, source: 'forged' }] })).toMatchObject({ ok: false, problem: 'checkpoint' });
    expect(await verifyAuditChain(db(), { key, checkpoints: [{ checkpoint: wrongKey, source: 'foreign' }] })).toMatchObject({ ok: false, problem: 'checkpoint' });
  });

  it('without the audit key a keyed chain is not declared intact', async () => {
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, problem: 'key' });
  });

  it('the checkpointer writes a 0600 file on start and at clean shutdown, skipping unchanged heads', async () => {
    const own = mkdtempSync(path.join(os.tmpdir(), 'hearth-checkpointer-'));
    const ctx = h.app.services.ctx;
    const cp = new AuditCheckpointer({ db: db(), clock: ctx.clock, log: ctx.log, key: (tx) => ctx.crypto.auditKey(tx) }, path.join(own, 'audit-checkpoints'), 60);
    const file = path.join(own, 'audit-checkpoints', CHECKPOINT_FILE);
    cp.start();
    expect(cp.active).toBe(true);
    // The start's checkpoint is written in the background: the row below comes after it (on a
    // loaded machine the start could otherwise read the head after the row, and the shutdown's
    // would then be skipped as unchanged).
    await vi.waitFor(() => expect(existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0).toBe(1), { timeout: 10_000 });
    await ctx.audit.record({ actor: { type: 'system', id: null }, practiceId: null, action: 'read', resource: { type: 'test', id: 'x' }, outcome: 'success' });
    await cp.stop();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number });
    expect(lines.length).toBe(2);
    expect(lines[1]!.seq).toBe((await head()).last_seq);
    expect(await verifyAuditChain(db(), { key, checkpoints: readCheckpoints(path.dirname(file)) })).toMatchObject({ ok: true, checkpoints: 2 });
    // Nothing new: a second stop-start cycle writes nothing more at shutdown.
    expect(await cp.write({ skipUnchanged: true })).toBeNull();
  });
});

describe.each(testDialects())('audit checkpoints in the web process on %s', (dialect) => {
  it('start with the background work (DISPATCHER=inline) and write one more at clean shutdown', async () => {
    const h = await createHarness(dialect, { env: { DISPATCHER: 'inline', AUDIT_CHECKPOINT_INTERVAL_MINUTES: '60', BACKUP_INTERVAL_MINUTES: '0' } });
    let closed = false;
    try {
      const cp = h.app.services.auditCheckpoints;
      expect(cp.active).toBe(true);
      expect(cp.dir).toBe(path.join(h.dir, 'audit-checkpoints'));
      await createPractice(h);
      const head = await h.database.db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
      const key = await h.app.services.ctx.crypto.auditKey();
      await h.app.close();
      closed = true;
      const found = readCheckpoints(cp.dir);
      expect(found.length).toBeGreaterThanOrEqual(1);
      const last = found[found.length - 1]!.checkpoint;
      expect(last.seq).toBeGreaterThanOrEqual(head.last_seq);
      expect(statSync(path.join(cp.dir, CHECKPOINT_FILE)).mode & 0o777).toBe(0o600);
      expect(await verifyAuditChain(h.database.db, { key, checkpoints: found })).toMatchObject({ ok: true, checkpoints: found.length });
    } finally {
      if (!closed) await h.app.close();
      await h.close();
    }
  });
});
