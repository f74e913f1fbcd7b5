import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index.js';
import { createPractice } from '../../testing/actors.js';
import { freshPostgresDatabase, testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { restoreDrill } from './drill.js';
import { BackupScheduler } from './scheduler.js';
import { BackupError, BackupService, compareHashes, listBackups, parseTarget, restoreBackup, verifyBackup } from './service.js';

const KEY = randomBytes(32);

describe.each(testDialects())('backups on %s', (dialect) => {
  let h: Harness | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await h?.close();
    h = undefined;
  });

  function scratchDir(): string {
    const d = mkdtempSync(path.join(tmpdir(), 'hearth-bk-test-'));
    cleanups.push(() => rmSync(d, { recursive: true, force: true }));
    return d;
  }

  async function setup(env: Record<string, string> = {}) {
    h = await createHarness(dialect, { env: { BACKUP_KEY: KEY.toString('base64'), ...env } });
    const service = new BackupService(h.config, h.database, KEY, { audit: h.app.services.ctx.audit });
    return { h, service };
  }

  /** A target of this dialect that does not exist yet (an SQLite path, or a fresh empty PostgreSQL database). */
  async function emptyTarget(): Promise<string> {
    if (dialect === 'sqlite') return path.join(scratchDir(), 'restored.db');
    const fresh = await freshPostgresDatabase(undefined, 'hearth_rt');
    cleanups.push(fresh.drop);
    return fresh.url;
  }

  it('backs up, and the drill restores into a scratch database whose row hashes equal the manifest', async () => {
    const { h, service } = await setup();
    const p = await createPractice(h, { ownerName: 'Drill Owner' });
    expect((await p.owner.post('/api/clients', { firstName: 'Riley', lastName: 'Moss', dateOfBirth: '1990-06-01' })).statusCode).toBe(201);
    // More rows than one hashing page (1000), so paging by key is part of what the hashes cover.
    const extra = Array.from({ length: 2500 }, (_, i) => ({ key: `test:${String(i).padStart(5, '0')}:${randomBytes(4).toString('hex')}`, value: String(i) }));
    for (let i = 0; i < extra.length; i += 500) await h.database.db.insertInto('meta').values(extra.slice(i, i + 500)).execute();
    const made = await service.create();
    expect(made.tables.meta!.rows).toBeGreaterThanOrEqual(2500);
    expect(path.basename(made.file)).toMatch(new RegExp(`^hearth-${dialect}-\\d{8}T\\d{9}Z\\.hbk$`));
    expect(statSync(made.file).mode & 0o777).toBe(0o600);
    expect(made.tables.clients?.rows).toBe(1);
    expect(await service.latest()).toEqual({ file: made.file, createdAt: made.createdAt, bytes: made.bytes, dialect });
    // The live database, unchanged since, hashes the same as the manifest.
    expect(compareHashes(made.tables, await service.liveHashes()).filter((t) => !t.ok && t.table !== 'audit_log' && t.table !== 'audit_head')).toEqual([]);

    const drill = await restoreDrill(made.file, KEY, dialect === 'postgres' ? { postgres: { url: (h.config.database as { url: string }).url, ssl: false } } : {});
    expect(drill.ok, JSON.stringify(drill.tables.filter((t) => !t.ok))).toBe(true);
    expect(drill.tables.find((t) => t.table === 'clients')?.actual?.rows).toBe(1);
    expect(drill.tables.find((t) => t.table === 'meta')?.actual).toEqual(made.tables.meta);
    // The hash covers rows past the first page: one changed there is seen.
    await h.database.db.updateTable('meta').set({ value: 'changed' }).where('key', '=', extra[2200]!.key).execute();
    expect(compareHashes(made.tables, await service.liveHashes()).find((t) => t.table === 'meta')?.ok).toBe(false);
    expect(drill.recoverySeconds).toBeGreaterThan(0);
    expect(drill.dataLossMs).toBeGreaterThanOrEqual(0);

    // A change after the backup: the live database now differs from the manifest; the drill, which
    // compares the restored copy with the manifest, still passes.
    await h.database.db.updateTable('practices').set({ name: 'Renamed after the backup' }).where('id', '=', p.practiceId).execute();
    expect(compareHashes(made.tables, await service.liveHashes()).find((t) => t.table === 'practices')?.ok).toBe(false);
    expect((await restoreDrill(made.file, KEY, dialect === 'postgres' ? { postgres: { url: (h.config.database as { url: string }).url, ssl: false } } : {})).ok).toBe(true);
  });

  it('refuses a missing file, a wrong key, a changed byte, a cut-short file, a non-empty target, another dialect and an unknown target, naming the problem and writing nothing', async () => {
    const { service } = await setup();
    const made = await service.create();
    const dir = scratchDir();
    const target = await emptyTarget();
    const targetUntouched = async () => {
      if (dialect === 'sqlite') return expect(existsSync(target)).toBe(false);
      const handle = openDatabase({ dialect: 'postgres', url: target, ssl: false });
      try {
        const { rows } = await sql<{ n: string | number }>`select count(*) as n from information_schema.tables where table_schema = current_schema()`.execute(handle.db);
        expect(Number(rows[0]!.n)).toBe(0);
      } finally {
        await handle.destroy();
      }
    };
    const t = parseTarget(target);
    await expect(restoreBackup(path.join(dir, 'nope.hbk'), t, KEY)).rejects.toThrow(/Backup file .*nope\.hbk does not exist/);
    writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    await expect(restoreBackup(path.join(dir, 'notes.txt'), t, KEY)).rejects.toThrow(/is not a Hearth backup/);
    await expect(restoreBackup(made.file, t, randomBytes(32))).rejects.toThrow(/was encrypted with backup key [0-9a-f]{16}, but the configured backup key is [0-9a-f]{16} \(wrong BACKUP_KEY/);

    const bytes = readFileSync(made.file);
    // A byte of the payload flipped; a byte of the header flipped (the snapshot time); the file cut
    // inside a chunk; the file cut after its first chunk record would be, here, just the header.
    const flipped = Buffer.from(bytes);
    flipped[bytes.length - 40]! ^= 1;
    writeFileSync(path.join(dir, 'flipped.hbk'), flipped);
    await expect(restoreBackup(path.join(dir, 'flipped.hbk'), t, KEY)).rejects.toThrow(/flipped\.hbk is damaged or tampered with \(chunk 0 fails authentication\)/);
    const headerEdit = Buffer.from(bytes.toString('latin1').replace(/"snapshotAt":"(\d)/, (_m, d: string) => `"snapshotAt":"${d === '1' ? '2' : '1'}`), 'latin1');
    expect(headerEdit.equals(bytes)).toBe(false);
    writeFileSync(path.join(dir, 'header.hbk'), headerEdit);
    await expect(restoreBackup(path.join(dir, 'header.hbk'), t, KEY)).rejects.toThrow(/damaged or tampered with/);
    writeFileSync(path.join(dir, 'cut.hbk'), bytes.subarray(0, bytes.length - 100));
    await expect(restoreBackup(path.join(dir, 'cut.hbk'), t, KEY)).rejects.toThrow(/cut\.hbk is truncated \(it ends inside chunk 0\)/);
    const preambleLength = 13 + bytes.readUInt32BE(9);
    writeFileSync(path.join(dir, 'headonly.hbk'), bytes.subarray(0, preambleLength));
    await expect(restoreBackup(path.join(dir, 'headonly.hbk'), t, KEY)).rejects.toThrow(/headonly\.hbk is truncated \(its final chunk is missing\)/);
    await expect(verifyBackup(path.join(dir, 'flipped.hbk'), KEY)).rejects.toBeInstanceOf(BackupError);
    await targetUntouched();

    // Another dialect, or something that is no database at all.
    const other = dialect === 'sqlite' ? parseTarget('postgres://postgres@127.0.0.1:5432/none') : parseTarget(path.join(dir, 'x.db'));
    await expect(restoreBackup(made.file, other, KEY)).rejects.toThrow(new RegExp(`is a ${dialect} backup; the target .* is ${other.dialect}`));
    expect(() => parseTarget('mysql://root:secret@db/hearth')).toThrow(/Unknown restore target mysql:\/\/…@db\/hearth/);
    expect(() => parseTarget('mysql://root:secret@db/hearth')).not.toThrow(/secret/);

    // Restored once into the empty target; a second restore refuses without force, and works with it.
    await restoreBackup(made.file, t, KEY);
    await expect(restoreBackup(made.file, t, KEY)).rejects.toThrow(/already holds a database \(\d+ tables\); restore never overwrites one without --force. Nothing was changed/);
    await expect(restoreBackup(made.file, t, KEY, { force: true })).resolves.toMatchObject({ header: { dialect } });
    // No restore leaves a temp file beside an SQLite target.
    if (dialect === 'sqlite') expect(readdirSync(path.dirname(target)).filter((f) => !f.startsWith('restored.db'))).toEqual([]);
  });

  it('prunes by retention: the newest BACKUP_RETAIN_COUNT and any younger than BACKUP_RETAIN_DAYS, never the newest', async () => {
    const { h } = await setup({ BACKUP_RETAIN_COUNT: '2', BACKUP_RETAIN_DAYS: '3' });
    let now = Date.parse('2026-11-01T00:00:00Z');
    const service = new BackupService(h.config, h.database, KEY, { clock: { now: () => now } as never });
    const made: string[] = [];
    for (let day = 0; day < 6; day++) {
      now = Date.parse('2026-11-01T00:00:00Z') + day * 86_400_000;
      made.push(path.basename((await service.create()).file));
    }
    writeFileSync(path.join(service.dir, 'operator-notes.txt'), 'not a backup');
    // On day 6: day 5 and 4 by count; day 3 (3 days old) is not younger than 3 days, so it goes.
    now = Date.parse('2026-11-01T00:00:00Z') + 6 * 86_400_000 - 1;
    const pruned = (await service.prune()).map((b) => path.basename(b.file));
    expect(pruned.sort()).toEqual(made.slice(0, 3).sort());
    expect(listBackups(service.dir).map((b) => path.basename(b.file))).toEqual([made[5], made[4], made[3]]);
    expect(existsSync(path.join(service.dir, 'operator-notes.txt'))).toBe(true);
    // Long after: only the newest remains, whatever the settings say.
    now += 365 * 86_400_000;
    const alone = new BackupService({ ...h.config, backup: { ...h.config.backup, retainCount: 1, retainDays: 0 } }, h.database, KEY, { clock: { now: () => now } as never });
    await alone.prune();
    expect(listBackups(service.dir).map((b) => path.basename(b.file))).toEqual([made[5]]);
  });

  it('the schedule backs up once per interval however many instances run, and records each run', async () => {
    const { h, service } = await setup({ BACKUP_INTERVAL_MINUTES: '60' });
    // A second instance: its own connection pool (or SQLite connection) to the same database.
    const cfg = h.config.database;
    const second = openDatabase(cfg.dialect === 'sqlite' ? { dialect: 'sqlite', file: cfg.file } : cfg);
    cleanups.push(() => second.destroy());
    let now = Date.parse('2026-11-28T10:05:00Z');
    const clock = { now: () => now } as never;
    const log = h.app.log as never;
    const a = new BackupScheduler({ db: h.database.db, clock, log }, new BackupService(h.config, h.database, KEY, { clock }), 60);
    const b = new BackupScheduler({ db: second.db, clock, log }, new BackupService(h.config, second, KEY, { clock }), 60);
    const first = await Promise.all([a.runDue(), b.runDue(), a.runDue()]); 
    expect(first.filter((r) => r !== null)).toHaveLength(1);
    now += 20 * 60_000;
    expect(await Promise.all([a.runDue(), b.runDue()])).toEqual([null, null]);
    now += 45 * 60_000;
    const next = await Promise.all([b.runDue(), a.runDue()]);
    expect(next.filter((r) => r !== null)).toHaveLength(1);
    expect(listBackups(service.dir)).toHaveLength(2);
    const runs = await a.recentRuns();
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.ok === true && r.file !== null && (r.bytes ?? 0) > 0 && r.finishedAt !== null)).toBe(true);
    // A failing run is recorded with its error.
    now += 60 * 60_000;
    const notADir = path.join(scratchDir(), 'a-file');
    writeFileSync(notADir, '');
    const broken = new BackupScheduler({ db: h.database.db, clock, log }, new BackupService({ ...h.config, backup: { ...h.config.backup, dir: notADir } }, h.database, KEY, { clock }), 60);
    await expect(broken.runDue()).rejects.toThrow();
    expect((await a.recentRuns())[0]).toMatchObject({ ok: false, error: expect.stringMatching(/\S/) });
  });

  it('the schedule starts with the background work: in the web process when DISPATCHER=inline, not when external or off', async () => {
    const inline = await setup({ DISPATCHER: 'inline', BACKUP_INTERVAL_MINUTES: '60' });
    expect(inline.h.app.services.backups.scheduler.active).toBe(true);
    await inline.h.close();
    h = undefined;
    const external = await setup({ DISPATCHER: 'external' });
    expect(external.h.app.services.backups.scheduler.active).toBe(false);
    await external.h.close();
    h = undefined;
    const off = await setup({ DISPATCHER: 'inline', BACKUP_INTERVAL_MINUTES: '0' });
    expect(off.h.app.services.backups.scheduler.active).toBe(false);
    expect(await off.h.app.services.backups.scheduler.runDue()).toBeNull();
  });

  it('canary: a client name stored through the app appears in no byte of the backup file or BACKUP_DIR', async () => {
    const { h, service } = await setup();
    const tag = `Z${Date.now().toString(36)}${randomBytes(3).toString('hex')}Q`;
    const canary = { first: `Canarybackupfirst${tag}`, last: `Canarybackuplast${tag}`, notes: `Canarybackupnotes${tag}` };
    const p = await createPractice(h, { practiceName: `Backup Control ${tag}` });
    const client = await p.owner.post('/api/clients', { firstName: canary.first, lastName: canary.last, dateOfBirth: '1980-01-01', staffNotes: canary.notes });
    expect(client.statusCode, client.body).toBe(201);
    // Positive control: the PHI columns are what makes the difference, not the file being opaque.
    const made = await service.create();
    const files = (readdirSync(service.dir, { recursive: true }) as string[]).map((f) => path.join(service.dir, f)).filter((f) => statSync(f).isFile());
    expect(files).toEqual([made.file]);
    const hits: string[] = [];
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const value of [...Object.values(canary), `Backup Control ${tag}`]) {
        for (const enc of ['utf8', 'utf16le'] as const) if (bytes.includes(Buffer.from(value, enc))) hits.push(`${value} (${enc}) in ${path.basename(f)}`);
      }
    }
    expect(hits).toEqual([]);
    // And the snapshot inside, once restored, holds the client only as ciphertext (the practice name, not PHI, in the clear).
    if (dialect === 'sqlite') {
      const restored = path.join(scratchDir(), 'r.db');
      await restoreBackup(made.file, parseTarget(restored), KEY);
      const raw = readFileSync(restored);
      expect(raw.includes(Buffer.from(`Backup Control ${tag}`))).toBe(true);
      for (const value of Object.values(canary)) expect(raw.includes(Buffer.from(value))).toBe(false);
    }
  });
});
