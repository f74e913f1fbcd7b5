import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
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
    const made = await service.create();
    expect(path.basename(made.file)).toMatch(new RegExp(`^hearth-${dialect}-\\d{8}T\\d{9}Z\\.hbk$`));
    expect(statSync(made.file).mode & 0o777).toBe(0o600);
    expect(made.tables.clients?.rows).toBe(1);
    expect(await service.latest()).toEqual({ file: made.file, createdAt: made.createdAt, bytes: made.bytes, dialect });
    // The live database, unchanged since, hashes the same as the manifest.
    expect(compareHashes(made.tables, await service.liveHashes()).filter((t) => !t.ok && t.table !== 'audit_log' && t.table !== 'audit_head')).toEqual([]);

    const drill = await restoreDrill(made.file, KEY, dialect === 'postgres' ? { postgres: { url: (h.config.database as { url: string }).url, ssl: false } } : {});
    expect(drill.ok, JSON.stringify(drill.tables.filter((t) => !t.ok))).toBe(true);
    expect(drill.tables.find((t) => t.table === 'clients')?.actual?.rows).toBe(1);
    expect(drill.recoverySeconds).toBeGreaterThan(0);
    expect(drill.dataLossMs).toBeGreaterThanOrEqual(0);

    // A change after the backup: the live database now differs from the manifest; the drill, which
    // compares the restored copy with the manifest, still passes.
    await h.database.db.updateTable('practices').set({ name: 'Renamed after the backup' }).where('id', '=', p.practiceId).execute();
    expect(compareHashes(made.tables, await service.liveHashes()).find((t) => t.table === 'practices')?.ok).toBe(false);
    expect((await restoreDrill(made.file, KEY, dialect === 'postgres' ? { postgres: { url: (h.config.database as { url: string }).url, ssl: false } } : {})).ok).toBe(true);
  });
});
