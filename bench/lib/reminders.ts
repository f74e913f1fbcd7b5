// The reminders part of `npm run bench` (PostgreSQL only): 100,000 reminders falling due within
// one minute, sent by two dispatcher instances — two processes, as two `npm run dispatcher` would
// be — beside a baseline of the same load with one instance. Each scenario gets a fresh database:
// a practice signed up through the API (owner with TOTP), 1,000 clients imported by CSV, then the
// appointments and ledger rows written straight into the tables (reminder-load.ts: the subject is
// the dispatcher, not booking), due evenly over one minute starting a few seconds after the
// instances are up. The channel is in-process and sends nothing: it records the ledger id of each
// mail handed to it, so the figures are the dispatcher's own (claim, consent, decrypt, link token,
// re-check, ledger update, audit record), not an SMTP server's.
//
// Figures: dispatch lag (sent_at − due_at) p50/p99/max, the time from the first due to the last
// sent, and duplicates (ledger ids handed over more than once: must be 0).
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/index.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { createLogger } from '../../src/server/lib/logger.js';
import type { Mailer } from '../../src/server/modules/mail/index.js';
import { freshPostgresDatabase } from '../../src/server/testing/dialects.js';
import { seedDueReminders, statusCounts } from '../../src/server/testing/reminder-load.js';
import { benchOwner } from './owner.js';

export const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 100_000);
const WINDOW_MS = 60_000;
const LEAD_MS = 5_000;
const CONCURRENCY = process.env.BENCH_REMINDER_CONCURRENCY ?? '100';
const POLL_MS = process.env.BENCH_REMINDER_POLL_MS ?? '1000';

export interface ReminderRun {
  instances: number;
  sent: number;
  duplicates: number;
  lag: { p50: number; p99: number; max: number };
  /** First due to last sent. */
  spanSeconds: number;
  /** Rows each instance claimed. */
  shares: number[];
  /** `notification_sent` audit records written (one per send). */
  audited: number;
}

const nullMailer: Mailer = { async send() {}, close() {} };


/** Signs a practice up through the API (owner enrols TOTP) and imports 1,000 clients; returns ids. */
async function practiceWithClients(app: Awaited<ReturnType<typeof buildApp>>): Promise<{ practiceId: string; providerId: string; clientIds: string[] }> {
  const { headers } = await benchOwner(app);
  const csv = ['firstName,lastName,dateOfBirth,email', ...Array.from({ length: 1000 }, (_, i) => `Bench${i},Client${i},1980-01-01,client${i}@bench.test`)].join('\n');
  const imported = await app.inject({ method: 'POST', url: '/api/clients/import', headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
  if (imported.statusCode !== 201) throw new Error(`import: ${imported.statusCode} ${imported.body}`);
  const me = (await app.inject({ method: 'GET', url: '/api/me', headers })).json() as { user: { id: string }; practice: { id: string } };
  const { db } = app.services.ctx;
  const clientIds = (await db.selectFrom('clients').select('id').where('practice_id', '=', me.practice.id).execute()).map((c) => c.id);
  return { practiceId: me.practice.id, providerId: me.user.id, clientIds };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function runReminderScenario(adminUrl: string, instances: number): Promise<ReminderRun> {
  const fresh = await freshPostgresDatabase(adminUrl, 'hearth_bench_rem');
  const dir = mkdtempSync(path.join(tmpdir(), 'hearth-bench-rem-'));
  const masterKey = randomBytes(32).toString('base64');
  const env = {
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DATABASE_URL: fresh.url,
    MASTER_KEY: masterKey,
    PUBLIC_URL: 'https://hearth.bench.test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000000',
    OUTBOX_POLL_MS: '0',
    DISPATCHER: 'external',
    REMINDER_CONCURRENCY: CONCURRENCY,
    REMINDER_POLL_MS: POLL_MS,
  };
  const config = loadConfig(env);
  const database = openDatabase(config.database);
  const workers: ReturnType<typeof fork>[] = [];
  try {
    await migrateToLatest(database.db, database.dialect);
    const app = await buildApp(config, { database, masterKey: Buffer.from(masterKey, 'base64'), mailer: nullMailer, logger: createLogger({ level: 'silent' }) });
    await app.ready();
    const { practiceId, providerId, clientIds } = await practiceWithClients(app);
    await app.close();
    // Written due far ahead, then moved into the minute once the instances are up.
    const FAR = Date.now() + 365 * 24 * 3600_000;
    await seedDueReminders(database.db, { practiceId, providerId, clientIds, count: REMINDERS, perAppointment: 2, start: FAR + 24 * 3600_000, dueAt: (i) => FAR + Math.floor((i * WINDOW_MS) / REMINDERS), now: Date.now() });
    await database.db.updateTable('appointments').set({ start_at: Date.now() + 2 * 3600_000, end_at: Date.now() + 3 * 3600_000 }).where('practice_id', '=', practiceId).execute();

    const seen = new Map<string, number>();
    const worker = fileURLToPath(new URL('./reminder-worker.ts', import.meta.url));
    const ready: Promise<string>[] = [];
    for (let i = 0; i < instances; i++) {
      const w = fork(worker, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env } });
      workers.push(w);
      w.on('message', (m: { ids?: string[] }) => {
        for (const id of m.ids ?? []) seen.set(id, (seen.get(id) ?? 0) + 1);
      });
      ready.push(new Promise((resolve, reject) => {
        w.on('message', (m: { ready?: string }) => m.ready && resolve(m.ready));
        w.once('exit', (code) => reject(new Error(`bench dispatcher exited (${code})`)));
      }));
    }
    await Promise.all(ready);
    const t0 = Date.now() + LEAD_MS;
    const start = await database.db.selectFrom('appointments').select('start_at').where('practice_id', '=', practiceId).executeTakeFirstOrThrow();
    const shift = t0 - FAR;
    await database.db
      .updateTable('reminders')
      .set((eb) => ({ due_at: eb('due_at', '+', shift), next_attempt_at: eb('next_attempt_at', '+', shift), occurrence_start: Number(start.start_at) }))
      .execute();
    const deadline = t0 + WINDOW_MS + 10 * 60_000;
    for (;;) {
      const c = await statusCounts(database.db);
      if (!c.scheduled && !c.sending) break;
      if (Date.now() > deadline) throw new Error(`reminders still pending after 10 minutes: ${JSON.stringify(c)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
      w.once('exit', () => resolve());
      w.kill('SIGTERM');
    })));
    const rows = await database.db.selectFrom('reminders').select(['due_at', 'sent_at', 'status', 'claimed_by']).execute();
    const lags = rows.filter((r) => r.sent_at !== null).map((r) => Number(r.sent_at) - Number(r.due_at)).sort((a, b) => a - b);
    const shares = new Map<string, number>();
    for (const r of rows) if (r.claimed_by) shares.set(r.claimed_by, (shares.get(r.claimed_by) ?? 0) + 1);
    const lastSent = Math.max(...rows.map((r) => Number(r.sent_at ?? 0)));
    const counts = await statusCounts(database.db);
    const audited = Number(
      (await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'notification_sent').executeTakeFirstOrThrow()).n,
    );
    if ((counts.sent ?? 0) !== REMINDERS) throw new Error(`not every reminder was sent: ${JSON.stringify(counts)}`);
    return {
      instances,
      sent: counts.sent ?? 0,
      duplicates: [...seen.values()].filter((n) => n > 1).length + (REMINDERS - seen.size),
      lag: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags.at(-1) ?? NaN },
      spanSeconds: (lastSent - t0) / 1000,
      shares: [...shares.values()],
      audited,
    };
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await database.destroy();
    await fresh.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the baseline (one instance) and the two-instance scenario and prints both. */
export async function benchReminders(adminUrl: string | undefined): Promise<boolean> {
  console.log('');
  if (!adminUrl) {
    console.log('reminders: skipped — the dispatcher bench (two instances, FOR UPDATE SKIP LOCKED) needs PostgreSQL; run with DATABASE_URL=postgres://…');
    return true;
  }
  const one = await runReminderScenario(adminUrl, 1);
  const two = await runReminderScenario(adminUrl, 2);
  const rows = [
    ['dispatcher instances', 'sent', 'lag p50 ms', 'lag p99 ms', 'lag max ms', 'first due → last sent', 'duplicates', 'audited', 'rows per instance'],
    ...[one, two].map((r) => [
      `${r.instances}${r.instances === 1 ? ' (baseline)' : ''}`,
      String(r.sent),
      String(r.lag.p50),
      String(r.lag.p99),
      String(r.lag.max),
      `${r.spanSeconds.toFixed(1)} s`,
      String(r.duplicates),
      String(r.audited),
      r.shares.join(' / '),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`reminders: ${REMINDERS.toLocaleString('en-US')} due evenly over one minute, on PostgreSQL (fresh database per run), each instance its own process`);
  console.log(`  channel: in-process, sends nothing, records each ledger id it is handed (duplicates = ids handed over twice, or never)`);
  console.log(`  REMINDER_CONCURRENCY=${CONCURRENCY} (rows per claim and per group of sends), REMINDER_POLL_MS=${POLL_MS}; lag = sent_at − due_at`);
  for (const r of rows) console.log('  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  const ok = one.duplicates === 0 && two.duplicates === 0 && one.audited === one.sent && two.audited === two.sent;
  if (!ok) console.log('FAILED: a reminder was handed over twice (or never), or a send was not audited');
  return ok;
}
