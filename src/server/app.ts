// buildApp(config) assembles plugins and modules; it never listens (main.ts does).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { FieldCrypto } from './crypto/envelope.js';
import { loadBackupKey, LocalKeyProvider, type KeyProvider } from './crypto/keys.js';
import type { DatabaseHandle } from './db/index.js';
import { processRoles, WorkerRegistry } from './jobs/index.js';
import { migrationsCurrent } from './db/migrate.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createLogger } from './lib/logger.js';
import { servedTlsOptions } from './lib/tls.js';
import { AuditService } from './modules/audit/service.js';
import { BackupScheduler } from './modules/backups/scheduler.js';
import { AuditCheckpointer } from './modules/audit/checkpoint.js';
import { BackupService } from './modules/backups/service.js';
import { availabilityRoutes } from './modules/availability/routes.js';
import { AvailabilityService } from './modules/availability/service.js';
import { authRoutes } from './modules/auth/routes.js';
import { AuthService } from './modules/auth/service.js';
import { portalBookingRoutes } from './modules/booking/portal-routes.js';
import { bookingRoutes } from './modules/booking/routes.js';
import { BookingService } from './modules/booking/service.js';
import { WaitlistService } from './modules/booking/waitlist.js';
import { createMailer, type Mailer } from './modules/mail/mailer.js';
import { clientRoutes } from './modules/clients/routes.js';
import { ClientService } from './modules/clients/service.js';
import { LocalBlobStore, type BlobStore } from './modules/documents/blob-store.js';
import { documentRoutes } from './modules/documents/routes.js';
import { DocumentService } from './modules/documents/service.js';
import { messageRoutes } from './modules/messages/routes.js';
import { MessagingService } from './modules/messages/service.js';
import { practiceRoutes } from './modules/practices/routes.js';
import { PracticeService } from './modules/practices/service.js';
import { portalContentRoutes } from './modules/portal/content-routes.js';
import { portalRoutes } from './modules/portal/routes.js';
import { Outbox } from './modules/outbox/outbox.js';
import { OutboxPump } from './modules/outbox/pump.js';
import { CalendarFeedService } from './modules/calendar/feeds.js';
import { ClientInvitations } from './modules/calendar/invitations.js';
import { calendarRoutes } from './modules/calendar/routes.js';
import { schedulingRoutes } from './modules/scheduling/routes.js';
import { SchedulingService } from './modules/scheduling/service.js';
import type { SmsProvider } from './modules/sms/provider.js';
import { smsRoutes } from './modules/sms/routes.js';
import { SMS_STATUS_PATH, SmsService } from './modules/sms/service.js';
import { TwilioSmsProvider } from './modules/sms/twilio.js';
import { NotificationDispatcher } from './modules/notifications/dispatcher.js';
import { notificationRoutes } from './modules/notifications/routes.js';
import { NotificationService } from './modules/notifications/service.js';
import { PortalService } from './modules/portal/service.js';
import { ReminderDispatcher, type SmsChannel } from './modules/reminders/dispatcher.js';
import { ReminderLedger } from './modules/reminders/ledger.js';
import { reminderRoutes } from './modules/reminders/routes.js';
import { ReminderService } from './modules/reminders/service.js';
import { ReminderSettingsService } from './modules/reminders/settings.js';
import { auditWorkers } from './modules/audit/workers.js';
import { backupWorkers } from './modules/backups/workers.js';
import { callWorkers } from './modules/calls/workers.js';
import { notificationWorkers } from './modules/notifications/workers.js';
import { outboxWorkers } from './modules/outbox/workers.js';
import { reminderWorkers } from './modules/reminders/workers.js';
import { statusWorkers } from './modules/status/workers.js';
import { registerAuthGuard } from './plugins/auth.js';
import { registerErrorHandler } from './plugins/errors.js';
import { registerLoadShedding, type LoadShedding } from './plugins/load-shedding.js';
import { createMetrics, registerMetrics, type Metrics } from './plugins/metrics.js';
import { registerSecurity } from './plugins/security.js';
import { registerWebSocket, SocketRegistry } from './ws.js';
import { LocalBus, LocalPresence, RedisBus, RedisPresence, type Bus, type Presence } from './modules/calls/bus.js';
import { RingPlan, RingScheduler } from './modules/calls/rings.js';
import { callRoutes } from './modules/calls/routes.js';
import { CallService } from './modules/calls/service.js';
import { CallSignaling } from './modules/calls/signaling.js';
import { Prober } from './modules/status/probes.js';
import { ProcessLiveness } from './modules/status/liveness.js';
import { statusRoutes } from './modules/status/routes.js';
import { StatusService } from './modules/status/service.js';
import { TodayService, todayRoutes } from './modules/today/index.js';

export interface AppDeps {
  database: DatabaseHandle;
  masterKey: Buffer | KeyProvider;
  clock?: Clock;
  logger?: Logger;
  mailer?: Mailer;
  /** Where encrypted documents live; a directory under dataDir unless given (e.g. an S3-compatible store). */
  blobStore?: BlobStore;
  /** The SMS provider; by default Twilio's API when SMS_* is configured, else none (SMS off). */
  smsProvider?: SmsProvider;
  /**
   * Texts for reminders: the SMS provider and the per-practice STOP/START policy. By default the
   * SMS module's (when SMS is on); without either, text reminders are skipped ('sms_not_configured').
   */
  sms?: SmsChannel;
  /** The backup key; by default loaded from BACKUP_KEY / BACKUP_KEY_FILE on the first backup. */
  backupKey?: Buffer;
}

export interface Services {
  ctx: AppContext;
  auth: AuthService;
  practices: PracticeService;
  clients: ClientService;
  documents: DocumentService;
  messages: MessagingService;
  portal: PortalService;
  scheduling: SchedulingService;
  availability: AvailabilityService;
  booking: BookingService;
  waitlist: WaitlistService;
  sockets: SocketRegistry;
  /** Runs outbox consumers (register yours before the app is ready). */
  pump: OutboxPump;
  feeds: CalendarFeedService;
  /** The notification ledger: enqueue, composers; its dispatcher runs beside the reminder dispatcher. */
  notifications: NotificationService;
  /** SMS: `provider` (undefined when SMS is off), `policy` (STOP/START, reply routing), `setHooks`. */
  sms: SmsService;
  /** Video calls: the service, the signaling hub, the ring scheduler (started when the server listens). */
  calls: { service: CallService; signaling: CallSignaling; rings: RingScheduler };
  /** The status page; the probes run in web processes (started when the server listens). */
  status: { service: StatusService; prober: Prober; liveness: ProcessLiveness };
  /** Prometheus registry (served at /metrics) and a snapshot read API over the same figures. */
  metrics: Metrics;
  /** Today: the signed-in colleague's day, read from the other modules' services. */
  today: TodayService;
  reminders: {
    settings: ReminderSettingsService;
    /** The staff view, the public links, and the SmsHooks the SMS module calls. */
    service: ReminderService;
    ledger: ReminderLedger;
    /** Started on ready when DISPATCHER=inline; `npm run dispatcher` starts it in its own process. */
    dispatcher: ReminderDispatcher;
  };
  /**
   * Backups: the service (create, list, latest, prune, restore) and the schedule, started on ready
   * when DISPATCHER=inline; with DISPATCHER=external `npm run dispatcher` starts it instead.
   */
  backups: { service: BackupService; scheduler: BackupScheduler };
  /** Audit checkpoints outside the database (started with the backup schedule). */
  auditCheckpoints: AuditCheckpointer;
  /** Every module's background work by process role (jobs/registry.ts); app.ts and dispatcher.ts start and stop it. */
  workers: WorkerRegistry;
}

export interface RouteEntry {
  method: string;
  url: string;
  config: { public?: boolean; permission?: string } | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    /** Every route registered, for the access-matrix test and the OpenAPI check. */
    routeList: RouteEntry[];
  }
  interface FastifyRequest {
    /** The outbox's emit count when the request arrived (app.ts kicks the pump if it moved). */
    outboxMark: number;
  }
}

export async function buildApp(config: Readonly<Config>, deps: AppDeps): Promise<FastifyInstance> {
  const logger = deps.logger ?? createLogger({ level: config.logLevel, file: config.logFile });
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy ?? false,
    requestIdHeader: false,
    return503OnClosing: true,
    ...(config.tls ? { https: servedTlsOptions(await readFileAsync(config.tls.certFile), await readFileAsync(config.tls.keyFile)) } : {}),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

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
  const ctx: AppContext = {
    config,
    db,
    dialect,
    clock,
    crypto,
    audit,
    mailer,
    log: logger,
    onSessionsEnded: (ids, reason) => sockets.end(ids, reason),
  };
  // Texts for notifications go through the same channel as reminders (known once SMS is set up below).
  const late: { sms?: SmsChannel | undefined } = {};
  const notifications = new NotificationService(ctx, new NotificationDispatcher(ctx, () => late.sms));
  const auth = new AuthService(ctx);
  const practices = new PracticeService(ctx, auth);
  const clients = new ClientService(ctx, practices);
  const documents = new DocumentService(ctx, clients, practices, deps.blobStore ?? new LocalBlobStore(path.join(config.dataDir, 'documents')));
  const messages = new MessagingService(ctx, clients, practices, documents, notifications);
  clients.setUnreadSource((practiceId) => messages.unreadClientIds(practiceId));
  const portal = new PortalService(ctx, clients, (practiceId) => messages.senderName(practiceId));
  auth.setPortalCheck((email, password) => portal.passwordMatches(email, password));
  const outbox = new Outbox(ctx);
  const scheduling = new SchedulingService(ctx, clients, practices, outbox);
  const pump = new OutboxPump(outbox, logger, { intervalMs: config.outbox.pollMs });
  pump.register(new ClientInvitations(ctx, scheduling, clients, (practiceId) => messages.senderName(practiceId), notifications).consumer());
  const feeds = new CalendarFeedService(ctx, scheduling);
  const availability = new AvailabilityService(ctx, scheduling);
  const senderName = (practiceId: string) => messages.senderName(practiceId);
  const booking = new BookingService(ctx, scheduling, availability, clients, {
    alertStaff: (practiceId, userIds, what, path, ref, tx) => messages.alert(practiceId, userIds, what, path, ref, tx ? { tx } : {}),
    alertsCommitted: () => notifications.wake(),
    senderName,
  });
  const waitlist = new WaitlistService(ctx, scheduling, clients, senderName, notifications);
  pump.register(waitlist.consumer());
  const smsProvider =
    deps.smsProvider ?? (config.sms ? new TwilioSmsProvider({ ...config.sms, statusCallbackUrl: `${config.publicUrl}${SMS_STATUS_PATH}` }) : undefined);
  if (config.sms) logger.info({ smsApi: new URL(config.sms.apiBase).host }, 'SMS is on');
  else if (!deps.smsProvider) logger.info('SMS is off: set SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM to send texts');
  const sms = new SmsService(ctx, smsProvider, senderName);
  const reminderSettings = new ReminderSettingsService(ctx, (pid) => sms.textsFrom(pid));
  const smsChannel = deps.sms ?? (sms.provider ? { provider: sms.provider, policy: sms.policy, statusCallbackUrl: sms.statusCallbackUrl } : undefined);
  late.sms = smsChannel;
  const dispatcher = new ReminderDispatcher(ctx, { scheduling, clients, senderName, sms: smsChannel });
  const ledger = new ReminderLedger(ctx, scheduling, clients, reminderSettings, () => {
    if (config.reminders.dispatcher === 'inline') dispatcher.kick();
  });
  pump.register(ledger.consumer());
  const reminders = { settings: reminderSettings, service: new ReminderService(ctx, scheduling, clients, senderName), ledger, dispatcher };
  // Delivery-status callbacks and "C" replies reach the reminders module through these hooks.
  sms.setHooks(reminders.service);
  const callService = new CallService(ctx, clients, scheduling, notifications, senderName);
  callService.setSmsAvailable(() => late.sms !== undefined);
  callService.setDocuments(documents);
  callService.setPracticeZone((practiceId, providerId) => availability.practiceZone(practiceId, providerId));
  callService.setProviderRestriction(async (practiceId) => !(await practices.clientFlags(practiceId)).providersSeeAll);
  let bus: Bus;
  let presence: Presence;
  if (config.redisUrl) {
    const redis = new RedisBus(config.redisUrl, logger);
    await redis.ready();
    bus = redis;
    presence = new RedisPresence(redis.client);
  } else {
    bus = new LocalBus();
    presence = new LocalPresence();
  }
  const signaling = new CallSignaling(ctx, callService, bus, presence);
  const rings = new RingScheduler(ctx, scheduling, callService, notifications);
  // Only where the scheduler runs (a listening web process): the dispatcher process never rings.
  pump.register(new RingPlan(ctx, scheduling, callService, () => rings.active && rings.kick()).consumer());
  const calls = { service: callService, signaling, rings };
  const auditCheckpoints = new AuditCheckpointer({ db, clock, log: logger, key: (tx) => crypto.auditKey(tx) }, config.auditCheckpoints.dir, config.auditCheckpoints.intervalMinutes);
  const backupService = new BackupService(config, deps.database, deps.backupKey ?? (() => loadBackupKey(config.backup.key, (msg) => logger.warn(msg))), {
    clock,
    audit,
    auditCheckpoint: () => auditCheckpoints.write(),
  });
  const backups = { service: backupService, scheduler: new BackupScheduler({ db, clock, log: logger }, backupService, config.backup.intervalMinutes) };
  const statusService = new StatusService(ctx);
  const prober = new Prober(ctx, statusService, {
    bus,
    reminderOldestDue: () => dispatcher.oldestDue(),
    notificationOldestDue: () => notifications.dispatcher.oldestDue(),
    // The newest good backup: a scheduled run recorded in the database (by whichever process made
    // it), or a file in BACKUP_DIR (`npm run backup` from cron).
    latestBackupAt: async () => {
      const [runs, file] = await Promise.all([backups.scheduler.recentRuns(20), backupService.latest()]);
      const times = [...runs.filter((r) => r.ok && r.finishedAt).map((r) => r.finishedAt!.getTime()), ...(file ? [file.createdAt.getTime()] : [])];
      return times.length ? Math.max(...times) : null;
    },
  });
  // An update that mails subscribers is delivered at once where probes run (else on their next round).
  statusService.onUpdate = () => {
    if (prober.active) void prober.tick();
  };
  // This process's start, heartbeat and stop, so the uptime bars see time when no web process ran.
  const liveness = new ProcessLiveness(ctx, randomUUID());
  const status = { service: statusService, prober, liveness };
  const load: { shedding?: LoadShedding } = {};
  const metrics = createMetrics({
    clock,
    sockets: () => ({ app: sockets.size, signaling: signaling.size }),
    inflight: () => load.shedding?.inflight ?? 0,
    reminderOldestDue: () => dispatcher.oldestDue(),
    notificationOldestDue: () => notifications.dispatcher.oldestDue(),
    outboxConsumers: () => pump.registered().map((c) => ({ name: c.name, oldestPending: () => pump.oldestPending(c) })),
  });
  const today = new TodayService(ctx, { scheduling, reminders: reminders.service, calls: callService, messages, booking, notifications, clients });
  // Each module's background work, registered from its workers.ts (jobs/registry.ts, which orders
  // start and stop by layer: the audit checkpoints, written at shutdown, stop after everything else).
  const workers = new WorkerRegistry();
  workers.register(
    ...auditWorkers(auditCheckpoints),
    ...outboxWorkers(pump),
    ...backupWorkers(backups.scheduler),
    ...notificationWorkers(notifications.dispatcher),
    ...reminderWorkers(dispatcher),
    ...callWorkers(signaling, rings),
    ...statusWorkers(statusService, prober, liveness),
  );
  app.decorate('services', { ctx, auth, practices, clients, documents, messages, portal, scheduling, availability, booking, waitlist, sockets, pump, feeds, notifications, sms, reminders, calls, status, metrics, backups, auditCheckpoints, today, workers });

  const routeList: RouteEntry[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
      routeList.push({ method, url: r.url, config: r.config as RouteEntry['config'] });
    }
  });
  registerErrorHandler(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Hearth API', version: '0.1.0', description: 'Telehealth for behavioral-health practices. See README for sessions and CSRF.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hearth_sid' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
          operator: { type: 'http', scheme: 'bearer', description: 'A platform operator token (hso_…), made with `npm run status-operator -- add <name>`' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await registerSecurity(app, config);
  // Before the session guard: a shed request costs no database work.
  load.shedding = await registerLoadShedding(app, config, (reason) => metrics.shed(reason));
  registerMetrics(app, config, metrics);
  await app.register(cookie);
  registerAuthGuard(app, ctx, auth, portal);
  // Consumers run after a request that emitted events has been answered (its transaction has
  // committed by then), and on the poll for events emitted elsewhere.
  app.decorateRequest('outboxMark', -1);
  app.addHook('onRequest', async (req) => {
    req.outboxMark = outbox.emitted;
  });
  app.addHook('onResponse', async (req) => {
    if (req.outboxMark >= 0 && outbox.emitted !== req.outboxMark) pump.kick();
  });

  app.get('/healthz', { config: { public: true }, schema: { tags: ['system'], summary: 'Process is alive' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { tags: ['system'], summary: 'Database reachable and migrations current' } }, async (_req, reply) => {
    try {
      const current = await migrationsCurrent(db, dialect);
      if (!current) return reply.code(503).send({ status: 'migrations_pending' });
      return { status: 'ready', database: dialect };
    } catch {
      return reply.code(503).send({ status: 'database_unreachable' });
    }
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  authRoutes(app, ctx, auth, practices);
  practiceRoutes(app, ctx, practices, auth);
  clientRoutes(app, clients, practices);
  documentRoutes(app, documents);
  messageRoutes(app, messages);
  portalRoutes(app, ctx, portal);
  portalContentRoutes(app, portal, messages, documents);
  schedulingRoutes(app, scheduling);
  availabilityRoutes(app, availability, booking);
  bookingRoutes(app, booking, waitlist);
  portalBookingRoutes(app, portal, booking, waitlist);
  calendarRoutes(app, feeds);
  smsRoutes(app, ctx, sms);
  reminderRoutes(app, reminderSettings, reminders.service);
  notificationRoutes(app, notifications);
  callRoutes(app, callService);
  statusRoutes(app, statusService, prober);
  todayRoutes(app, today);
  await registerWebSocket(app, ctx, { auth, portal, calls: callService, signaling }, sockets);

  if (existsSync(config.webDistDir)) {
    const root = path.resolve(config.webDistDir);
    await app.register(fastifyStatic, { root, serve: false });
    // The built SPA: hashed assets are immutable; every other path answers index.html so the
    // SPA's own routes work on reload. Unknown /api paths stay 404 JSON.
    app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
      const pathname = decodeURIComponent(req.url.split('?')[0]!);
      if (pathname.startsWith('/api/')) return reply.code(404).send({ error: { code: 'not_found', message: 'No such route' } });
      const file = path.resolve(root, '.' + pathname);
      if (file.startsWith(root + path.sep) && path.extname(file) && existsSync(file)) {
        if (pathname.startsWith('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(path.relative(root, file));
      }
      if (path.extname(pathname)) return reply.code(404).send({ error: { code: 'not_found', message: 'No such file' } });
      return reply.header('cache-control', 'no-store').sendFile('index.html');
    });
  }
  // Background work: one start for this process's roles when ready, the rest once it listens, one stop.
  const roles = processRoles('web', config);
  app.addHook('onReady', async () => void (await workers.start(roles)));
  app.addHook('onListen', async () => void (await workers.start(roles, { listening: true })));
  // onClose hooks run last added first: the workers stop (sends in flight finish) before the mailer closes.
  app.addHook('onClose', async () => mailer.close());
  app.addHook('onClose', async () => workers.stop());
  return app;
}

async function readFileAsync(file: string): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  return readFile(file);
}
