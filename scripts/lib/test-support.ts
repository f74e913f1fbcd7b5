// Test support for the operator scripts (imported by scripts/*.test.ts only): the environment a
// script would be run with against a harness's database, and an Out that records lines.
import type { Harness } from '../../src/server/testing/harness.js';
import type { Env, Out } from './cli.js';

export function envFor(h: Harness, extra: Env = {}): Env {
  const db = h.config.database;
  return {
    NODE_ENV: 'test',
    DATA_DIR: h.dir,
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.dialect === 'sqlite' ? `sqlite:${db.file}` : db.url,
    MASTER_KEY: h.masterKey.toString('base64'),
    PUBLIC_URL: h.config.publicUrl,
    ...extra,
  };
}

export function recorder(): Out & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (l) => lines.push(l), error: (l) => lines.push(l) };
}
