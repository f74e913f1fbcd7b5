// A throw-away PostgreSQL database made beside the others on a server (a restore drill's scratch,
// a test run's fresh database) and dropped when done, with any connection still open to it.
import type { ClientConfig } from 'pg';
import pg from 'pg';

export interface ScratchDatabase {
  /** The server's URL with the new database as its path. */
  url: string;
  drop: () => Promise<void>;
}

/** Creates the database `name` through `serverUrl` (any database on that server will do). */
export async function createScratchDatabase(serverUrl: string, name: string, ssl?: ClientConfig['ssl']): Promise<ScratchDatabase> {
  const run = async (statement: string) => {
    const admin = new pg.Client({ connectionString: serverUrl, ssl });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
