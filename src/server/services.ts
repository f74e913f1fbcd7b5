// buildServices(config, deps): the shared context (crypto, audit, mailer, logger, clock) and every
// module's service, resolved from the module definitions in dependency order. No HTTP: the web
// process hands the result to buildApp (app.ts), which adds plugins and each module's routes; the
// dispatcher process starts background work over it and never builds the HTTP app. A missing need
// or a cycle of needs fails here, at start-up, naming the modules (modules/contract.ts).
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { WorkerRegistry } from './jobs/index.js';
import { FieldCrypto } from './crypto/envelope.js';
import { LocalKeyProvider, type KeyProvider } from './crypto/keys.js';
import type { DatabaseHandle } from './db/index.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createLogger } from './lib/logger.js';
import { resolveOrder, type AnyModuleDefinition, type ModuleContext, type ServiceRegistry } from './modules/contract.js';
import { AuditService, auditCheckpointsModule } from './modules/audit/index.js';
import { authModule } from './modules/auth/index.js';
import { availabilityModule } from './modules/availability/index.js';
import { backupsModule } from './modules/backups/index.js';
import { billingModule } from './modules/billing/index.js';
import { bookingModule, waitlistModule } from './modules/booking/index.js';
import { calendarInvitationsModule, feedsModule } from './modules/calendar/index.js';
import { callsModule } from './modules/calls/index.js';
import { clientsModule } from './modules/clients/index.js';
import { documentsModule, type BlobStore } from './modules/documents/index.js';
import { createMailer, type Mailer } from './modules/mail/index.js';
import { messagesModule, unreadMessagesModule } from './modules/messages/index.js';
import { notificationsModule } from './modules/notifications/index.js';
import { outboxModule, pumpModule } from './modules/outbox/index.js';
import { portalModule } from './modules/portal/index.js';
import { practicesModule } from './modules/practices/index.js';
import { recordsModule } from './modules/records/index.js';
import { notesModule } from './modules/notes/index.js';
import { remindersModule } from './modules/reminders/index.js';
import { schedulingModule } from './modules/scheduling/index.js';
import { smsChannelModule, smsModule, type SmsChannel, type SmsHooks, type SmsProvider } from './modules/sms/index.js';
import { statusModule } from './modules/status/index.js';
import { todayModule } from './modules/today/index.js';
import { SocketRegistry } from './sockets.js';

/**
 * Every module, in the order their routes are registered (which is the order of the OpenAPI
 * document) and their outbox consumers run. Build order is derived from the needs, not from this list.
 */
export const MODULES: readonly AnyModuleDefinition[] = [
  authModule,
  practicesModule,
  unreadMessagesModule,
  clientsModule,
  documentsModule,
  messagesModule,
  portalModule,
  outboxModule,
  pumpModule,
  schedulingModule,
  availabilityModule,
  calendarInvitationsModule,
  bookingModule,
  waitlistModule,
  feedsModule,
  smsChannelModule,
  smsModule,
  remindersModule,
  notificationsModule,
  callsModule,
  billingModule,
  recordsModule,
  notesModule,
  auditCheckpointsModule,
  backupsModule,
  statusModule,
  todayModule,
];

/** What the host process hands in: the database and keys, and adapters a test or host may replace. */
export interface ServiceDeps {
  database: DatabaseHandle;
  masterKey: Buffer | KeyProvider;
  clock?: Clock;
  logger?: Logger;
  mailer?: Mailer;
  /** Where encrypted documents live; by default the store BLOB_STORE names (DATA_DIR/documents, or an S3-compatible bucket). */
  blobStore?: BlobStore;
  /** The SMS provider; by default Twilio's API when SMS_* is configured, else none (SMS off). */
  smsProvider?: SmsProvider;
  /**
   * Texts for reminders: the SMS provider and the per-practice STOP/START policy. By default the
   * SMS module's (when SMS is on); without either, text reminders are skipped ('sms_not_configured').
   */
  sms?: SmsChannel;
  /** Tests only: wraps the reminders module's SMS hooks (e.g. to record the webhooks that reach them). */
  smsHooks?: (reminders: SmsHooks) => SmsHooks;
  /** The backup key; by default loaded from BACKUP_KEY / BACKUP_KEY_FILE on the first backup. */
  backupKey?: Buffer;
}

/** Every module's service by name, with the shared context and this process's open sockets. */
export type BuiltServices = ServiceRegistry & {
  ctx: ModuleContext;
  /** The open sockets of this process, closed when their session ends. */
  sockets: SocketRegistry;
  /** Every module's background work by process role (jobs/registry.ts); app.ts and dispatcher.ts start and stop it. */
  workers: WorkerRegistry;
};

export async function buildServices(config: Readonly<Config>, deps: ServiceDeps, modules: readonly AnyModuleDefinition[] = MODULES): Promise<BuiltServices> {
  const logger = deps.logger ?? createLogger({ level: config.logLevel, file: config.logFile });
  const clock = deps.clock ?? systemClock;
  const { db, dialect } = deps.database;
  const sockets = new SocketRegistry();
  const provider = Buffer.isBuffer(deps.masterKey) ? new LocalKeyProvider(deps.masterKey) : deps.masterKey;
  // The chain is hashed with the audit key (wrapped by the master key, docs/audit.md).
  const audit = new AuditService(db, dialect, clock, (tx) => crypto.auditKey(tx));
  const crypto = new FieldCrypto(db, provider, clock, (ref) => {
    // A tampered or misplaced ciphertext is a security event, recorded without the value.
    void audit
      .record({
        actor: { type: 'system', id: null },
        practiceId: null,
        action: 'integrity_failure',
        resource: { type: ref.table, id: ref.rowId },
        outcome: 'failure',
        details: { column: ref.column },
      })
      .catch((err: Error) => logger.error({ err: { type: err.name } }, 'could not audit an integrity failure'));
  });
  await crypto.ensurePlatformKeys();
  await crypto.auditKey();
  const mailer = deps.mailer ?? createMailer({ smtpUrl: config.smtpUrl, timeoutMs: config.smtpTimeoutMs, from: config.mailFrom, production: config.env === 'production', log: logger });
  // One context object for every module (build and routes); `deps` rides along for definitions.
  const ctx: ModuleContext = {
    config,
    db,
    dialect,
    clock,
    crypto,
    audit,
    mailer,
    log: logger,
    onSessionsEnded: (ids, reason) => sockets.end(ids, reason),
    deps,
  };

  const built: Record<string, unknown> = {};
  for (const def of resolveOrder(modules)) {
    const needs = Object.fromEntries(def.needs.map((n) => [n, built[n]]));
    built[def.name] = await def.build(ctx, needs as never);
  }
  // The registry orders start and stop by layer, whatever order the modules register in.
  const workers = new WorkerRegistry();
  const services: BuiltServices = { ...(built as unknown as ServiceRegistry), ctx, sockets, workers };
  // Consumers are registered in the list's order, once every service exists.
  for (const def of modules) {
    if (!def.consumers) continue;
    const needs = Object.fromEntries(def.needs.map((n) => [n, built[n]]));
    for (const consumer of def.consumers(built[def.name] as never, needs as never, ctx)) services.pump.register(consumer);
  }
  for (const def of modules) {
    if (!def.workers) continue;
    const needs = Object.fromEntries(def.needs.map((n) => [n, built[n]]));
    workers.register(...def.workers(built[def.name] as never, needs as never, ctx));
  }
  return services;
}
