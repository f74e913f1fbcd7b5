// The restore drill: a backup restored into a fresh scratch database (a temp SQLite file, or a new
// PostgreSQL database created beside the configured one and dropped afterwards), its row hashes
// compared table by table with the manifest written at backup time. It never touches the live
// database and leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/index.js';
import { createScratchPostgres } from '../../db/scratch.js';
import type { Kysely } from 'kysely';
import { compareHashes, readBackupHeader, restoreBackup, rowHashes, withSqliteFile, type TableComparison } from './service.js';
import type { BackupHeader } from './format.js';

export interface DrillResult {
  header: BackupHeader;
  tables: TableComparison[];
  ok: boolean;
  /** Seconds to authenticate and restore the backup (the recovery time). */
  recoverySeconds: number;
  /** Now minus the backup's snapshot time, in ms (the data that a restore now would lose). */
  dataLossMs: number;
}

export interface DrillOptions {
  /** For a PostgreSQL backup: a server URL (any database on it) where the scratch database is created. */
  postgres?: { url: string; ssl: boolean };
  now?: () => number;
}

export async function restoreDrill(file: string, key: Buffer, opts: DrillOptions = {}): Promise<DrillResult> {
  const now = opts.now ?? Date.now;
  // The header's dialect decides the scratch; restoreBackup checks the key and every byte first.
  const { header } = await readBackupHeader(file);
  let actual: Awaited<ReturnType<typeof rowHashes>>;
  let seconds: number;
  if (header.dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'hearth-drill-'));
    try {
      const scratch = path.join(dir, 'drill.db');
      ({ seconds } = await restoreBackup(file, { dialect: 'sqlite', file: scratch }, key));
      actual = await withSqliteFile(scratch, (db) => rowHashes(db, 'sqlite'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    if (!opts.postgres) throw new Error(`${file} is a PostgreSQL backup: the drill needs a PostgreSQL server (DATABASE_URL=postgres://… or --server)`);
    const { url: serverUrl, ssl } = opts.postgres;
    const scratch = await createScratchPostgres(serverUrl, `hearth_drill_${randomBytes(6).toString('hex')}`, { ssl });
    try {
      ({ seconds } = await restoreBackup(file, { dialect: 'postgres', url: scratch.url, ssl }, key));
      // Opened as the app opens its database, so values come back as they did when hashed.
      const handle = openDatabase({ dialect: 'postgres', url: scratch.url, ssl });
      try {
        actual = await rowHashes(handle.db as unknown as Kysely<unknown>, 'postgres');
      } finally {
        await handle.destroy();
      }
    } finally {
      await scratch.drop();
    }
  }
  const tables = compareHashes(header.tables, actual);
  return { header, tables, ok: tables.every((t) => t.ok), recoverySeconds: seconds, dataLossMs: now() - Date.parse(header.snapshotAt) };
}

/** "3 h 12 min", "45 s": for people reading the drill's output. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
