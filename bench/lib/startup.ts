// The start-up part of `npm run bench` (BENCH_ONLY=startup): how long a restart of an existing
// installation takes to answer, and how much memory an idle web process holds.
//
// What production runs is measured: `npm start`, i.e. the node command of package.json's start script
// (`node <its flags> dist/server/main.js`) over the server build (`tsc -p tsconfig.build.json`,
// scripts/copy-assets.mjs and, where the commit has it, scripts/bundle-server.mjs, as `npm run build`
// does after the SPA).
// This checkout is built into dist/ first; with BENCH_STARTUP_BEFORE=<git ref> that commit's server
// is also built (under .tmp/, from `git archive`) and measured in the same run, interleaved, so the
// before and after figures share the machine's state.
//
// Each build gets an installation of its own: a SQLite DATA_DIR whose database was migrated and whose
// platform keys were made by one first start (then stopped), master and backup keys in files, the
// production settings (NODE_ENV=production, TLS terminated by a proxy on 127.0.0.1, an smtp-server
// receiver as the mail relay) and a small SPA build. Then BENCH_STARTUP_RUNS (5) times, for each build in turn: spawn the process → first 200 from
// GET /healthz (polled every 5 ms), a few requests (/healthz ×10, /readyz, the SPA's index, an
// unauthenticated /api/me), BENCH_STARTUP_IDLE_MS (2000) idle, then its RSS from /proc (VmRSS),
// then SIGTERM. The baseline is a bare `node -e` http server measured the same way.
// Prints the medians (and each run) beside the goals (start ≤ 1 s, idle RSS ≤ 120 MB); fails only
// when a start or a request fails, not on a missed goal.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, ROOT } from '../../e2e/fixtures/server.js';
import { startSmtpReceiver } from '../../src/server/testing/smtp.js';

const GOAL_START_MS = 1000;
const GOAL_RSS_MB = 120;

function boundedInt(raw: string | undefined, fallback: number, min: number, max: number): number {
  const n = raw === undefined ? fallback : Number.parseInt(raw, 10);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`expected an integer in ${min}..${max}, got ${raw}`);
  return n;
}

interface Target {
  label: string;
  /** The command after `node`. */
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

interface Run {
  startMs: number;
  rssMb: number;
}

/** GET on 127.0.0.1 with no keep-alive: the status, or undefined when nothing answers yet. */
function get(port: number, url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: url, agent: false, headers: { 'x-forwarded-proto': 'https' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve(undefined));
    });
    req.on('error', () => resolve(undefined));
    req.setTimeout(10_000, () => req.destroy());
    req.end();
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) / 1024;
}

function watch(child: ChildProcess) {
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  let exited: number | null = null;
  const gone = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : -1);
      r();
    }),
  );
  return { stderr: () => err, exited: () => exited, gone };
}

/** One start: spawn → first 200 from /healthz; a few requests; idle; RSS; SIGTERM. */
async function startOnce(t: Target, idleMs: number, requests: [string, number][]): Promise<Run> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, t.args, { cwd: t.cwd, env: { ...t.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  const w = watch(child);
  try {
    const deadline = t0 + 60_000;
    for (;;) {
      if (w.exited() !== null) throw new Error(`${t.label}: exited with ${w.exited()} before answering:\n${w.stderr()}`);
      if ((await get(port, '/healthz')) === 200) break;
      if (performance.now() > deadline) throw new Error(`${t.label}: no 200 from /healthz within 60 s:\n${w.stderr()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const startMs = performance.now() - t0;
    for (const [url, want] of requests) {
      const got = await get(port, url);
      if (got !== want) throw new Error(`${t.label}: GET ${url} answered ${got}, expected ${want}:\n${w.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, idleMs));
    if (w.exited() !== null) throw new Error(`${t.label}: exited with ${w.exited()} while idle:\n${w.stderr()}`);
    return { startMs, rssMb: rssMb(child.pid!) };
  } finally {
    if (w.exited() === null) {
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await w.gone;
      clearTimeout(kill);
    }
  }
}

function run(cmd: string, args: string[], cwd: string, what: string) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
}

/** The production build of the server (tsc + the assets it reads + the bundle, where the commit has one) in `dir`, as `npm run build` makes it. */
function buildServer(dir: string, what: string) {
  const started = performance.now();
  run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.build.json')], dir, `tsc (${what})`);
  run(process.execPath, ['scripts/copy-assets.mjs'], dir, `copy-assets (${what})`);
  if (existsSync(path.join(dir, 'scripts/bundle-server.mjs'))) run(process.execPath, ['scripts/bundle-server.mjs'], dir, `bundle-server (${what})`);
  console.log(`built ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** A checkout of `ref`'s server sources under .tmp/ (inside the repository, so node_modules resolves). */
function checkoutRef(ref: string): { dir: string; sha: string } {
  const r = spawnSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`BENCH_STARTUP_BEFORE: ${ref} is not a commit`);
  const sha = r.stdout.trim();
  const dir = path.join(ROOT, '.tmp', `startup-${sha.slice(0, 12)}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const paths = ['src/server', 'src/shared', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/copy-assets.mjs', 'scripts/bundle-server.mjs', 'legal'];
  const present = paths.filter((p) => spawnSync('git', ['cat-file', '-e', `${sha}:${p}`], { cwd: ROOT }).status === 0);
  const tar = spawnSync('git', ['archive', '--format=tar', sha, ...present], { cwd: ROOT, maxBuffer: 1 << 30 });
  if (tar.status !== 0) throw new Error(`git archive ${sha} failed: ${tar.stderr.toString()}`);
  const x = spawnSync('tar', ['-x', '-C', dir], { input: tar.stdout });
  if (x.status !== 0) throw new Error(`tar -x failed: ${x.stderr.toString()}`);
  return { dir, sha };
}

/** The arguments after `node` of package.json's start script in `dir` (`node [flags] dist/server/main.js`). */
function startArgs(dir: string): string[] {
  const script = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  const words = script.trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/server/main.js' || words.slice(1, -1).some((w) => !w.startsWith('--'))) {
    throw new Error(`expected the start script in ${dir}/package.json to be "node [--flags] dist/server/main.js", got "${script}"`);
  }
  return words.slice(1);
}

/** A migrated SQLite installation with its keys, made by one first start of the build in `cwd`. */
async function installation(label: string, cwd: string, base: string, smtpUrl: string): Promise<Target> {
  const dataDir = path.join(base, label.replace(/\W+/g, '-'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const web = path.join(dataDir, 'web');
  mkdirSync(path.join(web, 'assets'), { recursive: true });
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Hearth</title><div id="root"></div>');
  writeFileSync(path.join(web, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dataDir, 'master.key'), randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  writeFileSync(path.join(dataDir, 'backup.key'), randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  const target: Target = {
    label,
    args: startArgs(cwd),
    cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'https://hearth.bench.test',
      TRUST_PROXY: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${path.join(dataDir, 'hearth.db')}`,
      MASTER_KEY_FILE: path.join(dataDir, 'master.key'),
      BACKUP_KEY_FILE: path.join(dataDir, 'backup.key'),
      BACKUP_DIR: path.join(dataDir, 'backups'),
      WEB_DIST_DIR: web,
      SMTP_URL: smtpUrl,
      LOG_LEVEL: 'info',
    },
  };
  // The first start creates and migrates the database and makes the platform keys.
  await startOnce(target, 0, []);
  return target;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** The medians of this checkout's restarts and idle RSS beside the bare node server's (the baseline). */
export interface StartupFigures {
  ok: boolean;
  restartMs: number;
  baselineMs: number;
  idleRssMb: number;
  baselineRssMb: number;
}

/** BENCH_ONLY=startup: measures and prints; false when a start or a request failed. */
export async function benchStartup(): Promise<boolean> {
  return (await measureStartup()).ok;
}

/** Measures and prints the start-up figures, and returns this checkout's medians beside the baseline's (NaN when it failed). */
export async function measureStartup(): Promise<StartupFigures> {
  const runs = boundedInt(process.env.BENCH_STARTUP_RUNS, 5, 1, 50);
  const idleMs = boundedInt(process.env.BENCH_STARTUP_IDLE_MS, 2000, 0, 60_000);
  const before = process.env.BENCH_STARTUP_BEFORE;
  const base = mkdtempSync(path.join(tmpdir(), 'hearth-bench-startup-'));
  let beforeDir: string | undefined;
  // Production refuses to start without a mail relay; the relay check of the status probes talks to this one.
  const mailbox = await startSmtpReceiver();
  try {
    const targets: Target[] = [
      {
        label: 'baseline: bare node -e http server',
        args: ['-e', "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')"],
        cwd: base,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      },
    ];
    if (before) {
      const co = checkoutRef(before);
      beforeDir = co.dir;
      buildServer(co.dir, `before (${before} = ${co.sha.slice(0, 12)})`);
      targets.push(await installation(`before: ${before} (${co.sha.slice(0, 12)})`, co.dir, base, mailbox.url));
    }
    buildServer(ROOT, 'this checkout');
    targets.push(await installation(`this checkout: node ${startArgs(ROOT).join(' ')}`, ROOT, base, mailbox.url));

    const requests: [string, number][] = [...Array.from({ length: 10 }, (): [string, number] => ['/healthz', 200]), ['/readyz', 200], ['/', 200], ['/api/me', 401]];
    const results = new Map<Target, Run[]>(targets.map((t) => [t, []]));
    for (let i = 0; i < runs; i++) {
      for (const t of targets) {
        const r = await startOnce(t, idleMs, t.env.NODE_ENV ? requests : requests.slice(0, 10));
        results.get(t)!.push(r);
      }
    }

    const rows = [
      ['process', 'start → /healthz 200 (median)', 'runs (ms)', 'idle RSS (median)', 'runs (MB)'],
      ...targets.map((t) => {
        const rs = results.get(t)!;
        return [
          t.label,
          `${median(rs.map((r) => r.startMs)).toFixed(0)} ms`,
          rs.map((r) => r.startMs.toFixed(0)).join(', '),
          `${median(rs.map((r) => r.rssMb)).toFixed(1)} MB`,
          rs.map((r) => r.rssMb.toFixed(0)).join(', '),
        ];
      }),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log('');
    console.log(`Hearth start-up: ${runs} restarts of each (interleaved) over an existing SQLite installation, NODE_ENV=production, Node ${process.version}`);
    console.log(`RSS read from /proc after ${requests.length} requests and ${idleMs} ms idle; goals: start ≤ ${GOAL_START_MS} ms, idle RSS ≤ ${GOAL_RSS_MB} MB`);
    console.log('');
    for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
    for (const t of targets.slice(1)) {
      const rs = results.get(t)!;
      const s = median(rs.map((r) => r.startMs));
      const m = median(rs.map((r) => r.rssMb));
      console.log(`${t.label}: start ${s <= GOAL_START_MS ? 'meets' : 'misses'} the goal, idle RSS ${m <= GOAL_RSS_MB ? 'meets' : 'misses'} the goal`);
    }
    const of = (t: Target) => results.get(t)!;
    const [bare, current] = [of(targets[0]!), of(targets.at(-1)!)];
    return { ok: true, restartMs: median(current.map((r) => r.startMs)), baselineMs: median(bare.map((r) => r.startMs)), idleRssMb: median(current.map((r) => r.rssMb)), baselineRssMb: median(bare.map((r) => r.rssMb)) };
  } catch (err) {
    console.error('startup bench failed:', err instanceof Error ? err.message : err);
    return { ok: false, restartMs: NaN, baselineMs: NaN, idleRssMb: NaN, baselineRssMb: NaN };
  } finally {
    await mailbox.close();
    rmSync(base, { recursive: true, force: true });
    if (beforeDir && !process.env.BENCH_STARTUP_KEEP) rmSync(beforeDir, { recursive: true, force: true });
  }
}
