// Reading, verifying and restoring a backup file (npm run restore, the restore drill).
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import SQLite from 'better-sqlite3';
import { loadPg } from '../../db/index.js';
import { BackupError, backupKeyId, ChunkDecryptor, decodePreamble, type BackupHeader } from './format.js';
import { pgEnv, runTool } from './tools.js';

export interface RestoreResult {
  header: BackupHeader;
  /** Time to verify and restore. */
  seconds: number;
}

export type RestoreTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; ssl: boolean };

/** The header of a backup file (readable without the key). */
export async function readBackupHeader(file: string): Promise<{ header: BackupHeader; preamble: Buffer }> {
  if (!existsSync(file)) throw new BackupError(`Backup file ${file} does not exist`);
  if (!statSync(file).isFile()) throw new BackupError(`${file} is not a file`);
  const fh = await openFile(file, 'r');
  try {
    const head = Buffer.alloc(13);
    const { bytesRead } = await fh.read(head, 0, 13, 0);
    const first = decodePreambleLength(head.subarray(0, bytesRead), file);
    const buf = Buffer.alloc(first);
    const r = await fh.read(buf, 0, first, 0);
    return decodePreamble(buf.subarray(0, r.bytesRead), file);
  } finally {
    await fh.close();
  }
}

function decodePreambleLength(head: Buffer, name: string): number {
  if (head.length < 13 || head.subarray(0, 9).toString('latin1') !== 'HEARTHBK1') throw new BackupError(`${name} is not a Hearth backup (no HEARTHBK1 header)`);
  return 13 + head.readUInt32BE(9);
}

function checkKey(header: BackupHeader, key: Buffer, file: string): void {
  const id = backupKeyId(key);
  if (header.keyId !== id) {
    throw new BackupError(`${file} was encrypted with backup key ${header.keyId}, but the configured backup key is ${id} (wrong BACKUP_KEY / BACKUP_KEY_FILE)`);
  }
}

/** The decrypted, decompressed snapshot as a stream (errors are BackupErrors naming the file). */
function plaintextStream(file: string, header: BackupHeader, preamble: Buffer, key: Buffer): Readable {
  const source = createReadStream(file, { start: preamble.length });
  const decrypt = new ChunkDecryptor(key, header, preamble, file);
  const gunzip = createGunzip();
  source.on('error', (err) => decrypt.destroy(err));
  decrypt.on('error', (err) => gunzip.destroy(err));
  return source.pipe(decrypt).pipe(gunzip);
}

function asBackupError(err: unknown, file: string): Error {
  if (err instanceof BackupError) return err;
  return new BackupError(`${file} is damaged (${(err as Error).message})`);
}

/** Reads the whole file, authenticating every chunk and the compressed stream; writes nothing. */
export async function verifyBackup(file: string, key: Buffer): Promise<BackupHeader> {
  const { header, preamble } = await readBackupHeader(file);
  checkKey(header, key, file);
  try {
    await pipeline(plaintextStream(file, header, preamble, key), new Writable({ write: (_c, _e, cb) => cb() }));
  } catch (err) {
    throw asBackupError(err, file);
  }
  return header;
}

// ---------------------------------------------------------------------------------------------
// Restore

/** `sqlite:<path>`, a plain path, or a postgres:// URL; anything else is refused by name. */
export function parseTarget(target: string, ssl = false): RestoreTarget {
  if (/^postgres(ql)?:\/\//i.test(target)) return { dialect: 'postgres', url: target, ssl };
  if (/^sqlite:/i.test(target)) return { dialect: 'sqlite', file: path.resolve(target.replace(/^sqlite:(\/\/)?/i, '')) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) throw new BackupError(`Unknown restore target ${target.replace(/\/\/[^@/]*@/, '//…@')}: give an SQLite file path or a postgres:// URL`);
  if (!target.trim()) throw new BackupError('The restore target is empty: give an SQLite file path or a postgres:// URL');
  return { dialect: 'sqlite', file: path.resolve(target) };
}

function describeTarget(t: RestoreTarget): string {
  if (t.dialect === 'sqlite') return t.file;
  const u = new URL(t.url);
  u.password = '';
  return u.toString();
}

async function sqliteTableCount(file: string): Promise<number> {
  if (!existsSync(file) || statSync(file).size === 0) return 0;
  try {
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`select count(*) as n from sqlite_master where type = 'table'`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    // Not a database we can read: still something we would overwrite.
    return 1;
  }
}

async function postgresTableCount(url: string, ssl: boolean): Promise<number> {
  const client = new (loadPg().Client)({ connectionString: url, ssl: ssl ? { rejectUnauthorized: true } : undefined });
  try {
    await client.connect();
  } catch (err) {
    throw new BackupError(`Cannot connect to the restore target ${describeTarget({ dialect: 'postgres', url, ssl })}: ${(err as Error).message}`);
  }
  try {
    const r = await client.query<{ n: string }>(`select count(*) as n from information_schema.tables where table_schema = current_schema()`);
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/**
 * Restores `file` into `target`. Order: key check, whole-file authentication, the target-is-empty
 * check (unless force), then the write. Before the write nothing in the target has changed.
 */
export async function restoreBackup(file: string, target: RestoreTarget, key: Buffer, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  const started = performance.now();
  const { header, preamble } = await readBackupHeader(file);
  checkKey(header, key, file);
  if (header.dialect !== target.dialect) {
    throw new BackupError(`${file} is a ${header.dialect} backup; the target ${describeTarget(target)} is ${target.dialect}. Restore it into a ${header.dialect} database`);
  }
  await verifyBackup(file, key);
  const existing = target.dialect === 'sqlite' ? await sqliteTableCount(target.file) : await postgresTableCount(target.url, target.ssl);
  if (existing > 0 && !opts.force) {
    throw new BackupError(`The target ${describeTarget(target)} already holds a database (${existing} tables); restore never overwrites one without --force. Nothing was changed`);
  }
  if (target.dialect === 'sqlite') {
    const dir = path.dirname(target.file);
    mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.${path.basename(target.file)}.restoring-${randomBytes(6).toString('hex')}`);
    try {
      closeSync(openSync(tmp, 'wx', 0o600));
      await pipeline(plaintextStream(file, header, preamble, key), createWriteStream(tmp, { flags: 'r+' }));
      for (const side of ['-wal', '-shm', '-journal']) rmSync(target.file + side, { force: true });
      renameSync(tmp, target.file);
    } finally {
      rmSync(tmp, { force: true });
    }
  } else {
    const env = pgEnv(target.url, target.ssl);
    const args = ['--no-owner', '--no-acl', '--clean', '--if-exists', '--exit-on-error', '--single-transaction', '--no-password', `--dbname=${env.PGDATABASE ?? ''}`];
    const { child, handle } = runTool('pg_restore', args, env, ['pipe', 'ignore', 'pipe']);
    try {
      await Promise.all([pipeline(plaintextStream(file, header, preamble, key), child.stdin!), handle.done]);
    } catch (err) {
      handle.kill();
      await handle.done.catch(() => undefined);
      throw err;
    }
  }
  return { header, seconds: (performance.now() - started) / 1000 };
}
