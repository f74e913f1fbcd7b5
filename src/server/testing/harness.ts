// A real Hearth app over a fresh database (SQLite file or a throw-away PostgreSQL database),
// with a real SMTP receiver when asked. Tests talk to it through app.inject, as a browser would.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import type { Logger } from 'pino';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Clock } from '../lib/clock.js';
import type { Mail, Mailer } from '../modules/mail/index.js';
import type { SmsChannel, SmsHooks } from '../modules/sms/index.js';
import { droppedEarlier, dropLater, migratedPostgresDatabase, postgresReachable, type TestDialect } from './dialects.js';
import { startSmtpReceiver, type SmtpReceiver, type SmtpReceiverOptions } from './smtp.js';

export interface Harness {
  dialect: TestDialect;
  app: FastifyInstance;
  config: Readonly<Config>;
  database: DatabaseHandle;
  dir: string;
  smtp: SmtpReceiver | undefined;
  /** Without `smtp` (and without a mailer of the test's own): every mail the app sent, in order. */
  mailbox: Mail[];
  masterKey: Buffer;
  close(): Promise<void>;
}

export interface HarnessOptions {
  clock?: Clock;
  env?: Record<string, string>;
  smtp?: boolean | SmtpReceiverOptions;
  logger?: Logger;
  /** Kysely plugins around the app's database (e.g. to inject a failure mid-request). */
  dbPlugins?: KyselyPlugin[];
  /** Texts (an in-test provider and policy that record what they are asked to do). */
  sms?: SmsChannel;
  /** Wraps the reminders module's SMS hooks (what status callbacks and replies reach). */
  smsHooks?: (reminders: SmsHooks) => SmsHooks;
  /** Instead of nodemailer towards the SMTP receiver (e.g. a mailer that fails on demand). */
  mailer?: Mailer;
  /**
   * The notification dispatcher (alerts, waitlist offers, invitations) runs in the test's app by
   * default, woken by each enqueue, so their mail arrives as it would in production; false leaves
   * it to the test (app.services.notifications.dispatcher.drain()).
   */
  notifications?: boolean;
}

export async function createHarness(dialect: TestDialect, opts: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hearth-test-'));
  let databaseUrl = `sqlite:${path.join(dir, 'hearth.db')}`;
  let drop: (() => Promise<void>) | undefined;
  if (dialect === 'postgres') {
    if (!(await postgresReachable())) {
      throw new Error('PostgreSQL is not reachable at TEST_POSTGRES_URL; start it (see .ci/run) or set HEARTH_TEST_DB=sqlite');
    }
    const fresh = await migratedPostgresDatabase();
    databaseUrl = fresh.url;
    drop = fresh.drop;
  }
  const smtp = opts.smtp ? await startSmtpReceiver(opts.smtp === true ? {} : opts.smtp) : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: 'http://127.0.0.1:3000',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    // The tests share this event loop with the app: on a loaded machine the overload guard would
    // answer 503 to test setup. Off here (0); a test of load shedding sets its own in opts.env.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    // No reminder dispatcher polling in the background of every suite: reminder tests drive it
    // (app.services.reminders.dispatcher.drain()) or set DISPATCHER=inline in opts.env.
    DISPATCHER: 'external',
    WEB_DIST_DIR: path.join(dir, 'no-web'),
    ...(smtp ? { SMTP_URL: smtp.url } : {}),
    ...opts.env,
  });
  const mailbox: Mail[] = [];
  const recorder: Mailer = {
    async send(mail) {
      mailbox.push(mail);
    },
    close() {},
  };
  const database = openDatabase(config.database);
  await migrateToLatest(database.db, database.dialect);
  for (const plugin of opts.dbPlugins ?? []) database.db = database.db.withPlugin(plugin);
  const masterKey = randomBytes(32);
  const app = await buildApp(config, {
    database,
    masterKey,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.sms ? { sms: opts.sms } : {}),
    ...(opts.smsHooks ? { smsHooks: opts.smsHooks } : {}),
    ...(opts.mailer ? { mailer: opts.mailer } : smtp ? {} : { mailer: recorder }),
  });
  await app.ready();
  if (opts.notifications !== false) app.services.notifications.dispatcher.start();
  await droppedEarlier();
  return {
    dialect,
    app,
    config,
    database,
    dir,
    smtp,
    mailbox,
    masterKey,
    async close() {
      await app.close();
      await database.destroy();
      await smtp?.close();
      if (drop) dropLater(drop);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
