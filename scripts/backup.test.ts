import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPractice } from '../src/server/testing/actors.js';
import { freshPostgresDatabase, testDialects } from '../src/server/testing/dialects.js';
import { createHarness, type Harness } from '../src/server/testing/harness.js';
import { runBackup } from './backup.js';
import { envFor, recorder, runScript, withSqlitePractice } from './lib/test-support.js';
import { runRestore } from './restore.js';
import { runVerifyAudit } from './verify-audit.js';

const KEY = randomBytes(32).toString('base64');

describe.each(testDialects())('npm run backup / restore on %s', (dialect) => {
  let h: Harness;
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await h?.close();
  });

  it('backs up (file, bytes, seconds printed), restores into an empty target, and refuses to overwrite one without --force', async () => {
    h = await createHarness(dialect);
    const p = await createPractice(h);
    expect((await p.owner.post('/api/clients', { firstName: 'Jamie', lastName: 'Lee', dateOfBirth: '1985-05-05' })).statusCode).toBe(201);
    const env = envFor(h, { BACKUP_KEY: KEY });
    const out = recorder();
    const made = await runBackup([], env, out);
    expect(made.code).toBe(0);
    expect(out.lines[0]).toBe(`backup: ${made.backup!.file}`);
    expect(out.lines[1]).toMatch(/^bytes: \d+$/);
    expect(out.lines[2]).toMatch(/^seconds: \d+\.\d\d$/);
    expect(path.dirname(made.backup!.file)).toBe(path.join(h.dir, 'backups'));

    let target: string;
    if (dialect === 'sqlite') target = path.join(mkdtempSync(path.join(tmpdir(), 'hearth-restore-')), 'restored.db');
    else {
      const fresh = await freshPostgresDatabase(undefined, 'hearth_rs');
      cleanups.push(fresh.drop);
      target = fresh.url;
    }
    if (dialect === 'sqlite') cleanups.push(() => rmSync(path.dirname(target), { recursive: true, force: true }));
    const r1 = recorder();
    expect(await runRestore([made.backup!.file, '--target', target], env, r1)).toBe(0);
    expect(r1.lines.join('\n')).toMatch(/^restored hearth-.*\.hbk \(snapshot .*\) into /m);
    // The restored copy is a whole Hearth database: its audit chain (with the restore recorded) verifies.
    const vr = recorder();
    expect((await runVerifyAudit({ ...env, DATABASE_URL: dialect === 'sqlite' ? `sqlite:${target}` : target }, vr)).exitCode, vr.lines.join('\n')).toBe(0);

    const r2 = recorder();
    expect(await runRestore([made.backup!.file, '--target', target], env, r2)).toBe(1);
    expect(r2.lines.join('\n')).toMatch(/restore failed: The target .* already holds a database \(\d+ tables\); restore never overwrites one without --force/);
    expect(await runRestore([made.backup!.file, '--target', target, '--force'], env, recorder())).toBe(0);
    // With no --target the configured (live, non-empty) database is the target: refused.
    const r3 = recorder();
    expect(await runRestore([made.backup!.file], env, r3)).toBe(1);
    expect(r3.lines.join('\n')).toMatch(/already holds a database/);
  });
});

describe('npm run backup / restore as processes', () => {
  it('exit codes and messages: a backup, then a missing file, a wrong key, a tampered file, an unknown target, bad usage', { timeout: 120_000 }, () =>
    withSqlitePractice({ BACKUP_KEY: KEY }, async (env) => {
      const made = runScript('scripts/backup.ts', [], env);
      expect(made.code, made.out).toBe(0);
      const file = /^backup: (.*)$/m.exec(made.out)![1]!;
      expect(made.out).toMatch(/^bytes: \d+$/m);
      expect(made.out).toMatch(/^seconds: \d+\.\d\d$/m);
      const dir = mkdtempSync(path.join(tmpdir(), 'hearth-restore-cli-'));
      try {
        const target = path.join(dir, 'restored.db');
        const missing = runScript('scripts/restore.ts', [path.join(dir, 'missing.hbk'), '--target', target], env);
        expect(missing.code).toBe(1);
        expect(missing.out).toMatch(/restore failed: Backup file .*missing\.hbk does not exist/);
        const wrongKey = runScript('scripts/restore.ts', [file, '--target', target], { ...env, BACKUP_KEY: randomBytes(32).toString('base64') });
        expect(wrongKey.code).toBe(1);
        expect(wrongKey.out).toMatch(/wrong BACKUP_KEY/);
        const bytes = readFileSync(file);
        bytes[bytes.length - 20]! ^= 0x80;
        writeFileSync(path.join(dir, 'tampered.hbk'), bytes);
        const tampered = runScript('scripts/restore.ts', [path.join(dir, 'tampered.hbk'), '--target', target], env);
        expect(tampered.code).toBe(1);
        expect(tampered.out).toMatch(/tampered\.hbk is damaged or tampered with/);
        const unknown = runScript('scripts/restore.ts', [file, '--target', 'mysql://db/hearth'], env);
        expect(unknown.code).toBe(1);
        expect(unknown.out).toMatch(/Unknown restore target mysql:/);
        expect(existsSync(target)).toBe(false);
        const usage = runScript('scripts/restore.ts', [], env);
        expect(usage.code).toBe(2);
        expect(usage.out).toMatch(/usage: npm run restore/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }));
});
