// Test support for the operator scripts (imported by scripts/*.test.ts only): the environment a
// script would be run with against a harness's database, and an Out that records lines.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createPractice } from '../../src/server/testing/actors.js';
import type { TestDialect } from '../../src/server/testing/dialects.js';
import { createHarness, type Harness } from '../../src/server/testing/harness.js';
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

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Runs a script as an operator would (node + tsx), returning its exit code and everything it printed. */
export function runScript(script: string, args: string[], env: Env): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A fresh harness on `dialect` for each test that opens one (`const h = await harness()`), closed after that test. */
export function harnessEachTest(dialect: TestDialect): () => Promise<Harness> {
  let open: Harness | undefined;
  afterEach(async () => {
    await open?.close();
    open = undefined;
  });
  return async () => (open = await createHarness(dialect));
}

/** A SQLite harness with one practice, for a test that runs scripts as processes in the environment `envFor(h, extra)`; closed after. */
export async function withSqlitePractice(extra: Env, body: (env: Env) => Promise<void>): Promise<void> {
  const h = await createHarness('sqlite');
  try {
    await createPractice(h);
    await body(envFor(h, extra));
  } finally {
    await h.close();
  }
}
