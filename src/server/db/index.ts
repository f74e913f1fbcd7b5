// One Kysely instance over SQLite (better-sqlite3, embedded default) or PostgreSQL (pg).
// Modules never branch on the dialect inline: what differs lives in the named helpers below.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Dialect as KyselyDialect, type KyselyPlugin, type SqliteDatabase, type RawBuilder, type SelectQueryBuilder, type Transaction } from 'kysely';
import type pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;
export type Dialect = DatabaseConfig['dialect'];

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** SQLite only: the file path (for backups and canary scans). */
  file?: string;
  /** Fault injection for tests and the bench (a slow database); never set from the environment. */
  faults: DatabaseFaults;
  destroy(): Promise<void>;
}

export interface DatabaseFaults {
  /** Added to every query's round trip while above 0. */
  delayMs: number;
}

/** Delays each query's result by faults.delayMs: the database as seen from a slow disk or network. */
function faultPlugin(faults: DatabaseFaults): KyselyPlugin {
  return {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      if (faults.delayMs > 0) await new Promise((r) => setTimeout(r, faults.delayMs));
      return args.result;
    },
  };
}

/**
 * The database file is created 0600 before SQLite opens it: SQLite creates its -wal and -shm with
 * the main file's mode, so all three end up owner-only. An installation left 0644 by an older
 * version (or a restore by hand) is tightened, companions included, on every open.
 */
function ownerOnly(file: string) {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

const requireCjs = createRequire(import.meta.url);
/**
 * The PostgreSQL driver, loaded when it is first needed (synchronously: it is CommonJS), so a
 * SQLite installation never loads it at start-up.
 */
export const loadPg = (): typeof pg => requireCjs('pg') as typeof pg;

export function openDatabase(cfg: DatabaseConfig): DatabaseHandle {
  if (cfg.dialect === 'sqlite') {
    if (cfg.file !== ':memory:') {
      mkdirSync(path.dirname(path.resolve(cfg.file)), { recursive: true });
      ownerOnly(cfg.file);
    }
    const sqlite = new SQLite(cfg.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    // Freed pages are zeroed, so deleted or rewritten ciphertext does not linger in the file.
    sqlite.pragma('secure_delete = ON');
    const faults: DatabaseFaults = { delayMs: 0 };
    const db = new Kysely<Database>({ dialect: immediateSqlite(withStatementCache(sqlite)), plugins: [faultPlugin(faults)] });
    return { db, dialect: 'sqlite', file: cfg.file, faults, destroy: () => db.destroy() };
  }
  const { Pool, types } = loadPg();
  const pool = new Pool({
    connectionString: cfg.url,
    ssl: cfg.ssl ? { rejectUnauthorized: true } : undefined,
    max: cfg.poolMax ?? 10,
    // A request waits this long for a free connection, then fails (503 overloaded, plugins/errors.ts)
    // rather than queueing without end behind a slow database.
    connectionTimeoutMillis: cfg.poolTimeoutMs ?? 5000,
    // Server-side cap on one statement (57014 query_canceled -> 503); 0: none.
    ...(cfg.statementTimeoutMs ? { statement_timeout: cfg.statementTimeoutMs } : {}),
    // Epoch-millisecond bigints fit a JS number exactly; parse them as numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (v: string) => Number(v)
          : types.getTypeParser(oid, format ?? 'text')) as typeof types.getTypeParser,
    },
  });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const faults: DatabaseFaults = { delayMs: 0 };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [faultPlugin(faults)] });
  return { db, dialect: 'postgres', faults, destroy: () => db.destroy() };
}

/**
 * SQLite transactions BEGIN IMMEDIATE: the write lock is taken at the start (waiting up to
 * busy_timeout), not when the first write comes. A deferred transaction that read and then writes
 * after another process (e.g. `npm run dispatcher` on the same file) has written fails at once
 * with SQLITE_BUSY (the snapshot is stale; busy_timeout does not apply). Within one process every
 * statement already runs on one connection, so this costs nothing there.
 */
function immediateSqlite(database: SqliteDatabase): KyselyDialect {
  const base = new SqliteDialect({ database });
  class ImmediateDriver extends SqliteDriver {
    override async beginTransaction(connection: DatabaseConnection): Promise<void> {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    }
  }
  return {
    createAdapter: () => base.createAdapter(),
    createDriver: () => new ImmediateDriver({ database }),
    createQueryCompiler: () => base.createQueryCompiler(),
    createIntrospector: (db) => base.createIntrospector(db),
  };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; on SQLite preparing costs more than running. Queries are
 * built from a fixed set of shapes, so prepared statements are kept (bounded, oldest dropped).
 * SQLite re-prepares a cached statement by itself if the schema changes under it.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/** Row lock on PostgreSQL; SQLite serialises writers already (one connection, one writer). */
export function forUpdate<QB extends SelectQueryBuilder<Database, keyof Database, object>>(qb: QB, dialect: Dialect): QB {
  return dialect === 'postgres' ? (qb.forUpdate() as QB) : qb;
}

/** Column type for epoch-millisecond timestamps and counters. */
export function bigintType(dialect: Dialect): 'bigint' | 'integer' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

/** A user's roles as one comma-separated string, as a correlated subquery. */
export function rolesCsv(dialect: Dialect, userIdRef: string): RawBuilder<string | null> {
  const agg = dialect === 'postgres' ? sql`string_agg(ur.role, ',' order by ur.role)` : sql`group_concat(ur.role, ',')`;
  return sql<string | null>`(select ${agg} from user_roles ur where ur.user_id = ${sql.ref(userIdRef)})`;
}

/** The application's tables (not the engine's own), by name. */
export async function tableNames(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const { rows } =
    dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`.execute(db);
  return rows.map((r) => r.name).sort();
}

/** A table's primary-key columns in key order (empty when it has none). */
export async function primaryKeyColumns(db: Kysely<unknown>, dialect: Dialect, table: string): Promise<string[]> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ name: string }>`select a.attname as name
      from pg_index i
      join lateral unnest(i.indkey) with ordinality as k(attnum, ord) on true
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where i.indrelid = to_regclass(${`"${table.replace(/"/g, '""')}"`}) and i.indisprimary
      order by k.ord`.execute(db);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db);
  return rows.map((r) => r.name);
}

/** Every column of a table, by name. */
export async function columnNames(db: Kysely<unknown>, dialect: Dialect, table: string): Promise<string[]> {
  const { rows } =
    dialect === 'postgres'
      ? await sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db)
      : await sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`.execute(db);
  return rows.map((r) => r.name);
}
