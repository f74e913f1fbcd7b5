// The SQLite installation's files hold ciphertext, blind indexes and audit rows: owner-only
// (0600), like the keys, backups and documents, not left to the process umask.
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './index.js';
import { migrateToLatest } from './migrate.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'hearth-modes-'));
  dirs.push(d);
  return d;
};
const mode = (f: string) => (statSync(f).mode & 0o777).toString(8).padStart(4, '0');

describe('SQLite file modes', () => {
  it('a fresh installation creates hearth.db, -wal and -shm 0600 (not 0644 from the usual umask)', async () => {
    const file = path.join(tempDir(), 'data', 'hearth.db');
    const handle = openDatabase({ dialect: 'sqlite', file });
    try {
      await migrateToLatest(handle.db, handle.dialect);
      await sql`create table t (x text)`.execute(handle.db);
      await sql`insert into t values ('something')`.execute(handle.db);
      // Both companions exist while the connection is open (WAL mode).
      expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['0600', '0600', '0600']);
    } finally {
      await handle.destroy();
    }
  });

  it('an existing installation created 0644 is tightened to 0600 when opened', async () => {
    const file = path.join(tempDir(), 'hearth.db');
    const first = openDatabase({ dialect: 'sqlite', file });
    await sql`create table t (x text)`.execute(first.db);
    await first.destroy();
    // As an older version left it (and a -wal that outlived a crash).
    chmodSync(file, 0o644);
    closeSync(openSync(`${file}-wal`, 'a', 0o644));
    chmodSync(`${file}-wal`, 0o644);
    const again = openDatabase({ dialect: 'sqlite', file });
    try {
      await sql`insert into t values ('something')`.execute(again.db);
      expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['0600', '0600', '0600']);
    } finally {
      await again.destroy();
    }
  });
});
