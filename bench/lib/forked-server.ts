// A Hearth server forked by a bench part (the soak, the signaling sockets): its output kept for
// errors, a stop that ends it and removes its data, and a wait until GET /readyz answers 200.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';

/**
 * The environment of a forked bench server on 127.0.0.1: SQLite in its data folder, a fresh master
 * key, no demo data, idle sessions kept for 30 minutes, a lenient overload guard, and the limiter
 * lifted (it is keyed by address and all bench traffic comes from one: it would measure 429s).
 */
export function forkedServerEnv(o: { port: number; dataDir: string; smtpUrl: string }): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PORT: String(o.port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${o.port}`,
    DATA_DIR: o.dataDir,
    DATABASE_URL: `sqlite:${path.join(o.dataDir, 'hearth.db')}`,
    MASTER_KEY: randomBytes(32).toString('base64'),
    SEED_DEMO: 'false',
    SMTP_URL: o.smtpUrl,
    SESSION_IDLE_SECONDS: '1800',
    MAX_EVENT_LOOP_DELAY_MS: '5000',
    RATE_LIMIT_PER_MINUTE: '100000000',
  };
}

export async function superviseForkedServer(child: ChildProcess, opts: { base: string; dataDir: string; name: string }) {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  let exited: number | null = null;
  const gone = new Promise<void>((r) =>
    child.once('exit', (code) => {
      exited = code ?? -1;
      r();
    }),
  );
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(t);
    }
    rmSync(opts.dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`${opts.name}: server exited with ${exited} before ready:\n${out.slice(-3000)}`);
    }
    try {
      if ((await fetch(`${opts.base}/readyz`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${opts.name}: server not ready after 60 s:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { output: () => out, stop };
}
