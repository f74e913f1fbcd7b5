// A throw-away PostgreSQL database beside the others on a server: created empty, and dropped (any
// session still on it closed) when done. The restore drill restores into one; the test suites run
// in one each.
import { loadPg } from './index.js';

export interface ScratchDatabase {
  /** The server's URL with the scratch database's name as its path. */
  url: string;
  drop(): Promise<void>;
}

export async function createScratchPostgres(serverUrl: string, name: string, ssl = false): Promise<ScratchDatabase> {
  const onServer = async (sql: string) => {
    const client = new (loadPg().Client)({ connectionString: serverUrl, ssl: ssl ? { rejectUnauthorized: true } : undefined });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await onServer(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`drop database if exists ${name} with (force)`) };
}
