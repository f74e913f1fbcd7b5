// The real entry point as an operator runs it: a child process with an environment.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from './testing/eventually.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const children: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  // A failed assertion must not leave a server running.
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempDir() {
  const d = mkdtempSync(path.join(tmpdir(), 'hearth-main-'));
  dirs.push(d);
  return d;
}

async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  return port;
}

function run(script: string, env: Record<string, string>, timeoutMs = 60_000) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  void exited.then(() => clearTimeout(timer));
  return { child, exited, output: () => out };
}

describe('main.ts', () => {
  it('refuses production without TLS, a supplied master key, and with demo seeding — and says why', async () => {
    const p = run('src/server/main.ts', { NODE_ENV: 'production', DATA_DIR: tempDir(), SEED_DEMO: 'true', PUBLIC_URL: 'https://hearth.example' });
    expect(await p.exited).not.toBe(0);
    expect(p.output()).toMatch(/Refusing to start in production/);
    expect(p.output()).toMatch(/TLS_CERT_FILE/);
    expect(p.output()).toMatch(/MASTER_KEY/);
    expect(p.output()).toMatch(/SEED_DEMO/);
  });

  it('in local mode generates a master key with a warning, seeds the demo practice once, and serves; SIGTERM exits cleanly', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const port = await freePort();
    const env = { DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn', WEB_DIST_DIR: path.join(dir, 'none') };
    const first = run('src/server/main.ts', env);
    await expect.poll(() => first.output(), { timeout: 40_000 }).toMatch(/listening/);
    expect(first.output()).toMatch(/WARNING: Generated a new master key/);
    expect(first.output()).toMatch(/owner@demo\.hearth\.local\s+\S{16,}/);
    expect(first.output()).toMatch(/two-factor sign-in is OFF/);
    expect(existsSync(path.join(dir, 'master.key'))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = run('src/server/main.ts', env);
    await expect.poll(() => second.output(), { timeout: 40_000 }).toMatch(/listening/);
    // Passwords are printed once only; the key is reused.
    expect(second.output()).not.toMatch(/demo\.hearth\.local/);
    expect(second.output()).not.toMatch(/Generated a new master key/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('serves HTTPS with TLS 1.2+ and HSTS when given a certificate', async () => {
    const dir = tempDir();
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    const port = await freePort();
    const p = run('src/server/main.ts', {
      NODE_ENV: 'production',
      DATA_DIR: dir,
      PORT: String(port),
      PUBLIC_URL: `https://127.0.0.1:${port}`,
      TLS_CERT_FILE: path.join(dir, 'cert.pem'),
      TLS_KEY_FILE: path.join(dir, 'key.pem'),
      MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      BACKUP_KEY: Buffer.alloc(32, 8).toString('base64'),
      SMTP_URL: 'smtp://127.0.0.1:1',
      LOG_LEVEL: 'warn',
      WEB_DIST_DIR: path.join(dir, 'none'),
    });
    await expect.poll(() => p.output(), { timeout: 40_000 }).toMatch(/listening/);
    const ca = readFileSync(path.join(dir, 'cert.pem'));
    const get = (opts: { maxVersion?: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'; minVersion?: 'TLSv1' | 'TLSv1.1' }) =>
      new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/legal/baa', ca, ...opts }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, headers: res.headers });
        });
        req.on('error', reject);
        req.end();
      });
    const ok = await get({});
    expect(ok.status).toBe(200);
    expect(String(ok.headers['strict-transport-security'])).toMatch(/max-age=31536000/);
    await expect(get({ maxVersion: 'TLSv1.1', minVersion: 'TLSv1' })).rejects.toThrow();
    p.child.kill('SIGTERM');
    await p.exited;
  });

  it('npm run db:migrate applies migrations and is idempotent', () => {
    const dir = tempDir();
    const env = { PATH: process.env.PATH ?? '', DATA_DIR: dir, DATABASE_URL: `sqlite:${path.join(dir, 'm.db')}` };
    const once1 = execFileSync(process.execPath, ['--import', 'tsx', 'src/server/db/migrate-cli.ts'], { cwd: ROOT, env }).toString();
    expect(once1).toMatch(/Applied: 2026-11-28T0900-foundation/);
    const once2 = execFileSync(process.execPath, ['--import', 'tsx', 'src/server/db/migrate-cli.ts'], { cwd: ROOT, env }).toString();
    expect(once2).toMatch(/up to date/);
  });
});

describe('dispatcher.ts', () => {
  it('npm run dispatcher on SQLite stays up while there is nothing to send, and SIGTERM stops it cleanly', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const env = { DATA_DIR: dir, DATABASE_URL: `sqlite:${path.join(dir, 'd.db')}`, LOG_LEVEL: 'info', MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), REMINDER_POLL_MS: '200' };
    const p = run('src/server/dispatcher.ts', env);
    await eventually(() => /reminder dispatcher started/.test(p.output()), { timeoutMs: 30_000, intervalMs: 100 }).catch(() => undefined);
    expect(p.output()).toMatch(/reminder dispatcher started/);
    // Nothing holds SQLite's event loop open: an idle dispatcher once simply exited (code 0).
    await new Promise((r) => setTimeout(r, 1500));
    expect(p.child.exitCode, p.output()).toBeNull();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/reminder dispatcher stopping/);
  });
});
