// Running the PostgreSQL tools (pg_dump, pg_restore): connection settings in the environment,
// never on the command line.
import { spawn } from 'node:child_process';
import { BackupError } from './format.js';

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

export function runTool(cmd: string, args: string[], env: NodeJS.ProcessEnv, stdio: ['ignore' | 'pipe', 'ignore' | 'pipe', 'pipe']) {
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
