// Load for the dispatcher: due reminders written straight into the ledger (with the appointments
// they are for), for the chaos and multi-process tests and the bench, where the subject is the
// dispatcher and booking tens of thousands of visits through the API would only measure booking.
// The clients are real records (their addresses encrypted, imported through the API by the caller);
// only e-mail consent is switched on here.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/index.js';
import type { PracticeFixture } from './actors.js';
import type { Harness } from './harness.js';
import type { ReceivedMail } from './smtp.js';

export interface LoadOptions {
  practiceId: string;
  providerId: string;
  clientIds: string[];
  /** Ledger rows to write. */
  count: number;
  /** Rows per appointment (distinct rule keys); each appointment has one client. */
  perAppointment?: number;
  /** The visits' start (all at one time; the appointments allow overlap). */
  start: number;
  /** When row i falls due. */
  dueAt: (i: number) => number;
  channel?: 'email' | 'sms';
  now: number;
}

/** Imports `count` clients (`${prefix}${i} Client${i}`, e-mail `${prefix}${i}@example.test` in lower case) into the practice by CSV through the API; the ids of all the practice's clients. */
export async function importLoadClients(h: Harness, p: PracticeFixture, prefix: string, count: number): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => `${prefix}${i},Client${i},1980-01-01,${prefix.toLowerCase()}${i}@example.test`);
  const res = await p.owner.request('POST', '/api/clients/import', ['firstName,lastName,dateOfBirth,email', ...rows].join('\n'), { 'content-type': 'text/csv' });
  if (res.statusCode !== 201) throw new Error(`client import answered ${res.statusCode}: ${res.body}`);
  return (await h.database.db.selectFrom('clients').select('id').where('practice_id', '=', p.practiceId).execute()).map((c) => c.id);
}

/** Writes the appointments and the due rows; returns the appointment ids. */
export async function seedDueReminders(db: Db, o: LoadOptions): Promise<string[]> {
  const per = o.perAppointment ?? 1;
  const appointments = Math.ceil(o.count / per);
  const ids = Array.from({ length: appointments }, () => randomUUID());
  await db.updateTable('clients').set({ consent_email: 1, consent_sms: 1 }).where('practice_id', '=', o.practiceId).execute();
  const CHUNK = 500;
  for (let a = 0; a < appointments; a += CHUNK) {
    const slice = ids.slice(a, a + CHUNK);
    await db
      .insertInto('appointments')
      .values(
        slice.map((id) => ({
          id,
          practice_id: o.practiceId,
          series_id: null,
          series_index: null,
          provider_id: o.providerId,
          start_at: o.start,
          end_at: o.start + 50 * 60_000,
          time_zone: 'America/Chicago',
          type: 'video',
          format: 'individual',
          service_id: null,
          allow_overlap: 1,
          place_of_service: 'telehealth_home',
          status: 'scheduled',
          cancelled_by: null,
          cancelled_by_id: null,
          cancelled_at: null,
          late_cancel: 0,
          cancel_reason_enc: null,
          booked_in_past: 0,
          note_enc: null,
          version: 1,
          created_by: null,
          created_at: o.now,
          updated_at: o.now,
        })),
      )
      .execute();
    await db
      .insertInto('appointment_clients')
      .values(slice.map((id, k) => ({ appointment_id: id, client_id: o.clientIds[(a + k) % o.clientIds.length]!, practice_id: o.practiceId })))
      .execute();
  }
  for (let i = 0; i < o.count; i += CHUNK) {
    const rows = [];
    for (let k = i; k < Math.min(o.count, i + CHUNK); k++) {
      const a = Math.floor(k / per);
      const due = o.dueAt(k);
      rows.push({
        id: randomUUID(),
        practice_id: o.practiceId,
        appointment_id: ids[a]!,
        client_id: o.clientIds[a % o.clientIds.length]!,
        kind: 'reminder' as const,
        rule_key: `load-${k % per}`,
        minutes_before: 60,
        channel: o.channel ?? 'email',
        occurrence_start: o.start,
        due_at: due,
        status: 'scheduled' as const,
        attempts: 0,
        next_attempt_at: due,
        claimed_at: null,
        claimed_by: null,
        provider_id: null,
        failure: null,
        sent_at: null,
        delivered_at: null,
        created_at: o.now,
        updated_at: o.now,
      });
    }
    await db.insertInto('reminders').values(rows).execute();
  }
  return ids;
}

/** Ledger rows by status. */
export async function statusCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('reminders')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** How many mails arrived per ledger id: each reminder's Message-ID is `<reminder.<id>@…>`. */
export function mailsPerReminder(messages: readonly ReceivedMail[]): Map<string, number> {
  const received = new Map<string, number>();
  for (const m of messages) {
    const id = /^<reminder\.([0-9a-f-]{36})@/.exec(m.messageId)?.[1];
    if (id) received.set(id, (received.get(id) ?? 0) + 1);
  }
  return received;
}

export interface DispatcherProcess {
  child: ChildProcess;
  /** Resolves with the dispatcher's id once it has started. */
  ready: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
  /** The process's last log lines (LOG_LEVEL warn unless the env says otherwise): what it said went wrong. */
  logs: () => string;
}

/**
 * What a dispatcher process needs to work beside this harness: its database, master key, data
 * folder, public URL and SMTP receiver; the outbox left to the test (OUTBOX_POLL_MS 0) and reminders
 * polled every `reminderPollMs`.
 */
export function dispatcherEnv(h: Harness, reminderPollMs = 100): Record<string, string> {
  return {
    DATABASE_URL: h.config.database.dialect === 'postgres' ? h.config.database.url : `sqlite:${h.config.database.file}`,
    MASTER_KEY: h.masterKey.toString('base64'),
    DATA_DIR: h.dir,
    PUBLIC_URL: h.config.publicUrl,
    SMTP_URL: h.smtp!.url,
    OUTBOX_POLL_MS: '0',
    REMINDER_POLL_MS: String(reminderPollMs),
  };
}

/** `node --import tsx src/server/dispatcher.ts`, as `npm run dispatcher` runs it, with this environment. */
export function spawnDispatcher(env: Record<string, string>): DispatcherProcess {
  const entry = fileURLToPath(new URL('../dispatcher.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let err = '';
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-8000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<string>((resolve, reject) => {
    child.on('message', (m: { ready?: string }) => {
      if (m.ready) resolve(m.ready);
    });
    void exited.then(({ code, signal }) => reject(new Error(`dispatcher exited before it was ready (${code ?? signal}): ${err}`)));
  });
  // A rejection nobody awaits (a process killed after it was ready) is not an error.
  ready.catch(() => undefined);
  return { child, ready, exited, stderr: () => err, logs: () => out };
}
