// Backups: whole-database snapshots, encrypted again as whole files under a backup key kept apart
// from the master key (the PHI columns inside are already envelope-encrypted). Operator guide:
// docs/backups.md. File format: format.ts.
//
// - create(): SQLite through the online backup API (a second, read-only connection; the app keeps
//   writing) into a private temp directory in BACKUP_DIR, hashed, then gzip + AES-256-GCM into
//   `hearth-<dialect>-<UTC timestamp>.hbk`; the plaintext temp is removed whatever happens.
//   PostgreSQL: a repeatable-read snapshot is exported, the row hashes are taken inside it, and
//   `pg_dump --format=custom --snapshot` of that same snapshot is piped straight into the
//   encryptor (no plaintext on disk). Connection settings go to pg_dump/pg_restore through PG*
//   environment variables, never the command line (where `ps` would show a password).
// - The header's manifest holds each table's row count and a hash of its rows in primary-key
//   order (rowHashes), as of the snapshot; the restore drill compares a restored copy against it.
// - restore(): checks the key and authenticates the whole file first (a wrong key or a changed
//   byte stops it before the target is touched), refuses a target that already holds tables
//   unless forced, then streams the snapshot in: SQLite through a temp file renamed over the
//   target, PostgreSQL through `pg_restore --no-owner --clean --if-exists --single-transaction`.
// - list()/latest()/prune(): the files in BACKUP_DIR, newest first; retention keeps the newest
//   BACKUP_RETAIN_COUNT and any younger than BACKUP_RETAIN_DAYS, and never the newest one.
//
// Nothing here logs or stores PHI: file names, sizes, times, table names and counts only.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../../config.js';
import { columnNames, primaryKeyColumns, tableNames, type DatabaseHandle, type Dialect } from '../../db/index.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import type { AuditCheckpoint, AuditService } from '../audit/index.js';
import { BackupError, backupKeyId, ChunkDecryptor, ChunkEncryptor, decodePreamble, encodePreamble, newHeader, type BackupDialect, type BackupHeader, type TableManifest } from './format.js';

export { BackupError, type BackupHeader, type TableManifest } from './format.js';

export interface BackupInfo {
  file: string;
  createdAt: Date;
  bytes: number;
  dialect: BackupDialect;
}

export interface CreatedBackup extends BackupInfo {
  snapshotAt: Date;
  seconds: number;
  tables: Record<string, TableManifest>;
}

export interface RestoreResult {
  header: BackupHeader;
  /** Time to verify and restore. */
  seconds: number;
}

/** sqlite: a file path (or sqlite:path); postgres: a postgres:// URL. */
export type RestoreTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; ssl: boolean };

const FILE_RE = /^hearth-(sqlite|postgres)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.hbk$/;
const PAGE = 1000;

// ---------------------------------------------------------------------------------------------
// Row hashes

function canonical(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : `num:${String(v)}`;
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return `ts:${v.getTime()}`;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `b64:${Buffer.from(v).toString('base64')}`;
  return `json:${JSON.stringify(v)}`;
}

/**
 * Per table: the row count and a sha256 over every row in primary-key order, each row serialised
 * canonically (columns by name; numbers, bigints and booleans as decimal strings, bytes as base64,
 * dates as epoch ms). Two databases of the same dialect with the same rows give the same hashes.
 */
export async function rowHashes(db: Kysely<unknown>, dialect: Dialect): Promise<Record<string, TableManifest>> {
  const out: Record<string, TableManifest> = {};
  for (const table of await tableNames(db, dialect)) {
    const cols = (await columnNames(db, dialect, table)).sort();
    const pk = await primaryKeyColumns(db, dialect, table);
    const order = (pk.length ? pk : cols).map((c) => sql.ref(c));
    const hash = createHash('sha256');
    let rows = 0;
    // One-column keys page by key (each page an index range); others by offset.
    const key = pk.length === 1 ? pk[0]! : undefined;
    let last: unknown;
    for (let offset = 0; ; offset += PAGE) {
      const page =
        key === undefined
          ? await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.join(order)} limit ${PAGE} offset ${offset}`.execute(db)
          : offset === 0
            ? await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.ref(key)} limit ${PAGE}`.execute(db)
            : await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${sql.ref(key)} > ${last} order by ${sql.ref(key)} limit ${PAGE}`.execute(db);
      if (key !== undefined && page.rows.length) last = page.rows[page.rows.length - 1]![key];
      for (const row of page.rows) {
        hash.update(JSON.stringify(cols.map((c) => [c, canonical(row[c])])));
        hash.update('\n');
      }
      rows += page.rows.length;
      if (page.rows.length < PAGE) break;
    }
    out[table] = { rows, hash: hash.digest('hex') };
  }
  return out;
}

/** Opens an SQLite file read-only for hashing (no pragmas that would write to it). */
export async function withSqliteFile<T>(file: string, fn: (db: Kysely<unknown>) => Promise<T>): Promise<T> {
  const database = new SQLite(file, { readonly: true, fileMustExist: true });
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

export interface TableComparison {
  table: string;
  ok: boolean;
  expected: TableManifest | undefined;
  actual: TableManifest | undefined;
}

/** Table by table, the manifest against hashes of a restored copy (a table missing on either side is a mismatch). */
export function compareHashes(expected: Record<string, TableManifest>, actual: Record<string, TableManifest>): TableComparison[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.map((table) => {
    const e = expected[table];
    const a = actual[table];
    return { table, ok: !!e && !!a && e.rows === a.rows && e.hash === a.hash, expected: e, actual: a };
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL tools: settings in the environment, never on the command line.

const PG_CONN_VARS = ['PGHOST', 'PGHOSTADDR', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGPASSFILE', 'PGDATABASE', 'PGSERVICE', 'PGSERVICEFILE', 'PGOPTIONS'];

export function pgEnv(url: string, ssl: boolean): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of PG_CONN_VARS) delete env[k];
  const host = u.searchParams.get('host') ?? decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ''));
  env.PGHOST = host || 'localhost';
  env.PGPORT = u.port || '5432';
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const dbname = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (dbname) env.PGDATABASE = dbname;
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  else if (ssl && !env.PGSSLMODE) env.PGSSLMODE = 'require';
  env.PGAPPNAME = 'hearth-backup';
  return env;
}

interface Child {
  done: Promise<void>;
  kill(): void;
}

function runTool(cmd: string, args: string[], env: NodeJS.ProcessEnv, stdio: ['ignore' | 'pipe', 'ignore' | 'pipe', 'pipe']) {
  const child = spawn(cmd, args, { env, stdio });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    if (stderr.length < 4000) stderr += d;
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (err) => reject(new BackupError(`${cmd} could not be run (${err.message}); is the PostgreSQL client installed and on PATH?`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${cmd} failed (${code === null ? `signal ${String(signal)}` : `exit ${code}`}): ${stderr.trim().split('\n').slice(0, 3).join(' | ') || 'no message'}`));
    });
  });
  const handle: Child = { done, kill: () => void child.kill('SIGTERM') };
  return { child, handle };
}

// ---------------------------------------------------------------------------------------------
// Reading a backup file

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
  const client = new pg.Client({ connectionString: url, ssl: ssl ? { rejectUnauthorized: true } : undefined });
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

// ---------------------------------------------------------------------------------------------
// The service

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

export function backupFileInfo(dir: string, name: string): BackupInfo | null {
  const m = FILE_RE.exec(name);
  if (!m) return null;
  const [, dialect, y, mo, d, h, mi, s, ms] = m;
  const file = path.join(dir, name);
  let bytes: number;
  try {
    bytes = statSync(file).size;
  } catch {
    return null;
  }
  return { file, createdAt: new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`), bytes, dialect: dialect as BackupDialect };
}

/** Backups in a directory, newest first. */
export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((n) => backupFileInfo(dir, n))
    .filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.file.localeCompare(a.file));
}

export interface BackupServiceOptions {
  clock?: Clock;
  /** Records backup_created in the live database when given. */
  audit?: AuditService;
  /** Takes (and writes to the checkpoint file) an audit checkpoint; put in each backup's header. */
  auditCheckpoint?: () => Promise<AuditCheckpoint | null>;
}

export class BackupService {
  private readonly clock: Clock;
  readonly dir: string;
  private keyBytes: Buffer | undefined;

  /** `key` may be a loader, called on first use (a process that never backs up never needs the key). */
  constructor(
    private readonly config: Readonly<Config>,
    private readonly database: DatabaseHandle,
    private readonly keySource: Buffer | (() => Buffer),
    private readonly opts: BackupServiceOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.dir = config.backup.dir;
  }

  private get key(): Buffer {
    this.keyBytes ??= Buffer.isBuffer(this.keySource) ? this.keySource : this.keySource();
    return this.keyBytes;
  }

  get dialect(): BackupDialect {
    return this.database.dialect;
  }

  /** Makes one backup now. */
  async create(): Promise<CreatedBackup> {
    const started = performance.now();
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const createdAt = new Date(this.clock.now());
    const file = path.join(this.dir, `hearth-${this.dialect}-${stamp(createdAt)}.hbk`);
    const partial = `${file}.partial`;
    let tables: Record<string, TableManifest> = {};
    let snapshotAt = createdAt;
    // Taken before the snapshot, so the backed-up chain holds it (and so does the live one, later).
    const auditCheckpoint = (await this.opts.auditCheckpoint?.()) ?? undefined;
    const extra = auditCheckpoint ? { auditCheckpoint } : {};
    try {
      if (this.database.dialect === 'sqlite') {
        const source = this.database.file;
        if (!source || source === ':memory:') throw new BackupError('An in-memory SQLite database cannot be backed up');
        // The plaintext snapshot lives only in a private directory, removed in every case.
        const tmpDir = mkdtempSync(path.join(this.dir, '.snapshot-'));
        try {
          const snap = path.join(tmpDir, 'snapshot.db');
          snapshotAt = new Date(this.clock.now());
          const conn = new SQLite(source, { readonly: true, fileMustExist: true });
          try {
            await conn.backup(snap);
          } finally {
            conn.close();
          }
          tables = await withSqliteFile(snap, (db) => rowHashes(db, 'sqlite'));
          const header = newHeader({ dialect: 'sqlite', createdAt: createdAt.toISOString(), snapshotAt: snapshotAt.toISOString(), tables, ...extra }, this.key);
          await this.writeEncrypted(partial, header, createReadStream(snap));
        } finally {
          rmSync(tmpDir, { recursive: true, force: true });
        }
      } else {
        const cfg = this.config.database;
        if (cfg.dialect !== 'postgres') throw new Error('The configured database is not PostgreSQL');
        // One snapshot for both the manifest and the dump: exported from a repeatable-read
        // transaction held open until pg_dump has read everything.
        await this.database.db.connection().execute(async (conn) => {
          await sql`begin transaction isolation level repeatable read read only`.execute(conn);
          try {
            const { rows } = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(conn);
            snapshotAt = new Date(this.clock.now());
            tables = await rowHashes(conn as unknown as Kysely<unknown>, 'postgres');
            const header = newHeader({ dialect: 'postgres', createdAt: createdAt.toISOString(), snapshotAt: snapshotAt.toISOString(), tables, ...extra }, this.key);
            const { child, handle } = runTool('pg_dump', ['--format=custom', '--compress=0', `--snapshot=${rows[0]!.id}`, '--no-password'], pgEnv(cfg.url, cfg.ssl), ['ignore', 'pipe', 'pipe']);
            try {
              await Promise.all([this.writeEncrypted(partial, header, child.stdout!), handle.done]);
            } catch (err) {
              handle.kill();
              await handle.done.catch(() => undefined);
              throw err;
            }
          } finally {
            await sql`commit`.execute(conn);
          }
        });
      }
      renameSync(partial, file);
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    }
    const bytes = statSync(file).size;
    const seconds = (performance.now() - started) / 1000;
    await this.opts.audit?.record({
      actor: { type: 'system', id: null },
      practiceId: null,
      action: 'backup_created',
      resource: { type: 'backup', id: path.basename(file) },
      outcome: 'success',
      details: { dialect: this.dialect, bytes, tables: Object.keys(tables).length, keyId: backupKeyId(this.key) },
    });
    return { file, createdAt, bytes, dialect: this.dialect, snapshotAt, seconds, tables };
  }

  private async writeEncrypted(partial: string, header: BackupHeader, source: Readable): Promise<void> {
    const preamble = encodePreamble(header);
    const out: WriteStream = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    out.write(preamble);
    await pipeline(source, createGzip(), new ChunkEncryptor(this.key, header, preamble), out);
  }

  list(): Promise<BackupInfo[]> {
    return Promise.resolve(listBackups(this.dir));
  }

  /** The newest backup, or null (the status page's backup freshness). */
  async latest(): Promise<BackupInfo | null> {
    return (await this.list())[0] ?? null;
  }

  /** Deletes backups outside retention; returns what was deleted. The newest is always kept. */
  async prune(): Promise<BackupInfo[]> {
    const now = this.clock.now();
    const maxAge = this.config.backup.retainDays * 86_400_000;
    const all = await this.list();
    const doomed = all.filter((b, i) => i > 0 && i >= this.config.backup.retainCount && now - b.createdAt.getTime() >= maxAge);
    for (const b of doomed) rmSync(b.file, { force: true });
    return doomed;
  }

  /** Restores a backup file into a target (an SQLite path or a postgres:// URL). */
  restore(file: string, target: string, opts: { force?: boolean } = {}): Promise<RestoreResult> {
    const ssl = this.config.database.dialect === 'postgres' ? this.config.database.ssl : false;
    return restoreBackup(file, parseTarget(target, ssl), this.key, opts);
  }

  /** Row hashes of the live database (what the drill's manifest is compared with in tests). */
  liveHashes(): Promise<Record<string, TableManifest>> {
    return rowHashes(this.database.db as unknown as Kysely<unknown>, this.database.dialect);
  }
}
