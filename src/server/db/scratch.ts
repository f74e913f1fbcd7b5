// A throw-away PostgreSQL database beside the others on a server: created empty (or as a copy of a
// template database), and dropped (any session still on it closed) when done. The restore drill
// restores into one; the test suites run in one each.
import { loadPg } from './index.js';

export interface ScratchDatabase {
  /** The server's URL with the scratch database's name as its path. */
  url: string;
  drop(): Promise<void>;
}

export interface ScratchOptions {
  ssl?: boolean;
  /** Copy this database (CREATE DATABASE … TEMPLATE; nobody may be connected to it) instead of an empty one. */
  template?: string;
  /** Settings every later session on the database starts with (ALTER DATABASE … SET). */
  settings?: Record<string, string>;
}

/** Runs the statements one after another on one connection to the server's own database. */
export async function onPostgresServer(serverUrl: string, statements: string[], ssl = false): Promise<void> {
  const client = new (loadPg().Client)({ connectionString: serverUrl, ssl: ssl ? { rejectUnauthorized: true } : undefined });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createScratchPostgres(serverUrl: string, name: string, opts: ScratchOptions = {}): Promise<ScratchDatabase> {
  const settings = Object.entries(opts.settings ?? {}).map(([key, value]) => `alter database ${name} set ${key} = '${value.replace(/'/g, "''")}'`);
  await onPostgresServer(serverUrl, [`create database ${name}${opts.template ? ` template ${opts.template}` : ''}`, ...settings], opts.ssl);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onPostgresServer(serverUrl, [`drop database if exists ${name} with (force)`], opts.ssl) };
}
