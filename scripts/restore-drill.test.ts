import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPractice } from '../src/server/testing/actors.js';
import { POSTGRES_URL, testDialects } from '../src/server/testing/dialects.js';
import { runBackup } from './backup.js';
import { envFor, harnessEachTest, recorder, runScript, withSqlitePractice } from './lib/test-support.js';
import { runRestoreDrill } from './restore-drill.js';

const KEY = randomBytes(32).toString('base64');

async function drillDatabases(): Promise<string[]> {
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  try {
    return (await c.query<{ datname: string }>(`select datname from pg_database where datname like 'hearth_drill_%'`)).rows.map((r) => r.datname);
  } finally {
    await c.end();
  }
}

describe.each(testDialects())('npm run restore-drill on %s', (dialect) => {
  const harness = harnessEachTest(dialect);

  it('restores the newest backup into a scratch database, prints OK per table, the recovery time and the data-loss window, and leaves nothing behind', async () => {
    const h = await harness();
    const p = await createPractice(h);
    expect((await p.owner.post('/api/clients', { firstName: 'Sam', lastName: 'Ortiz', dateOfBirth: '1970-03-03' })).statusCode).toBe(201);
    const env = envFor(h, { BACKUP_KEY: KEY });
    await runBackup([], env, recorder());
    const newest = await runBackup([], env, recorder());
    const before = dialect === 'postgres' ? await drillDatabases() : [];
    const out = recorder();
    const drill = await runRestoreDrill([], env, out);
    const text = out.lines.join('\n');
    expect(drill.code, text).toBe(0);
    expect(out.lines[0]).toBe(`drill: ${newest.backup!.file}`);
    expect(text).toMatch(/^ {2}OK {8}clients +1 rows$/m);
    expect(text).not.toMatch(/MISMATCH/);
    expect(text).toMatch(/^recovery time: \d+\.\d\d s$/m);
    expect(text).toMatch(/^data-loss window: \d+ s \(since the snapshot at .*Z\)$/m);
    expect(text).toMatch(/^drill passed: all \d+ tables match/m);
    if (dialect === 'postgres') expect(await drillDatabases()).toEqual(before);
  });

  it('exits 1 with MISMATCH when a restored table differs from the manifest, and names a missing backup', async () => {
    const h = await harness();
    await createPractice(h);
    const env = envFor(h, { BACKUP_KEY: KEY });
    const empty = recorder();
    expect((await runRestoreDrill([], env, empty)).code).toBe(1);
    expect(empty.lines.join('\n')).toMatch(/There is no backup in .*backups \(BACKUP_DIR\)/);
    // A backup whose manifest claims one more practice than the snapshot holds: re-sealed with the
    // right key, so only the comparison can catch it (as it would catch a restore that lost rows).
    const made = (await runBackup([], env, recorder())).backup!;
    const { readBackupHeader } = await import('../src/server/modules/backups/index.js');
    const { header } = await readBackupHeader(made.file);
    header.tables.practices!.rows += 1;
    const { ChunkDecryptor, ChunkEncryptor, encodePreamble } = await import('../src/server/modules/backups/index.js');
    const key = Buffer.from(KEY, 'base64');
    const original = readFileSync(made.file);
    const { preamble } = (await import('../src/server/modules/backups/index.js')).decodePreamble(original, made.file);
    const plain = await collect(new ChunkDecryptor(key, header, preamble, made.file), original.subarray(preamble.length));
    const newPreamble = encodePreamble(header);
    const resealed = await collect(new ChunkEncryptor(key, header, newPreamble), plain);
    const forged = path.join(path.dirname(made.file), 'forged.hbk');
    writeFileSync(forged, Buffer.concat([newPreamble, resealed]));
    const out = recorder();
    expect((await runRestoreDrill([forged], env, out)).code).toBe(1);
    const text = out.lines.join('\n');
    expect(text).toMatch(/^ {2}MISMATCH {2}practices +expected 2 rows, restored 1 rows$/m);
    expect(text).toMatch(/^drill FAILED: 1 of \d+ tables differ/m);
    expect(text).toMatch(/^recovery time: /m);
  });
});

async function collect(t: NodeJS.ReadWriteStream, input: Buffer): Promise<Buffer> {
  const parts: Buffer[] = [];
  t.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise<void>((resolve, reject) => {
    t.on('end', resolve);
    t.on('error', reject);
  });
  t.end(input);
  await done;
  return Buffer.concat(parts);
}

describe('npm run restore-drill as a process', () => {
  it('exits 0 and prints the figures; exits 1 naming a wrong key', { timeout: 120_000 }, () =>
    withSqlitePractice({ BACKUP_KEY: KEY }, async (env) => {
      expect((await runBackup([], env, recorder())).code).toBe(0);
      const ok = runScript('scripts/restore-drill.ts', [], env);
      expect(ok.code, ok.out).toBe(0);
      expect(ok.out).toMatch(/^recovery time: \d+\.\d\d s$/m);
      expect(ok.out).toMatch(/^data-loss window: /m);
      const wrong = runScript('scripts/restore-drill.ts', [], { ...env, BACKUP_KEY: randomBytes(32).toString('base64') });
      expect(wrong.code).toBe(1);
      expect(wrong.out).toMatch(/restore drill failed: .*wrong BACKUP_KEY/);
    }));
});
