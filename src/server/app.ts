// buildApp(config, deps): the services (services.ts), then plugins and each module's routes over
// them; it never listens (main.ts does).
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Db, Dialect } from './db/index.js';
import { migrationsCurrent } from './db/migrate.js';
import { servedTlsOptions } from './lib/tls.js';
import type { ModuleName } from './modules/contract.js';
import { COMPRESSION } from './http/tagged-answer.js';
import { registerAuthGuard } from './plugins/auth.js';
import { registerErrorHandler } from './plugins/errors.js';
import { registerLoadShedding, type LoadShedding } from './plugins/load-shedding.js';
import { createMetrics, registerMetrics, type Metrics } from './plugins/metrics.js';
import { registerSecurity } from './plugins/security.js';
import { processRoles } from './jobs/index.js';
import { buildServices, MODULES, type BuiltServices, type ServiceDeps } from './services.js';
import { serveSpa } from './spa.js';
import { registerWebSocket } from './ws.js';

/** What buildApp is handed: the same as buildServices (the database, keys, replaceable adapters). */
export type AppDeps = ServiceDeps;

/** Every module's service (services.ts), the shared context, the open sockets, and the HTTP metrics. */
export interface Services extends BuiltServices {
  /** Prometheus registry (served at /metrics) and a snapshot read API over the same figures. */
  metrics: Metrics;
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
  const built = await buildServices(config, deps);
  const { ctx, sockets, pump, outbox, auth, calls, reminders, notifications, workers } = built;
  const { db, dialect, mailer } = ctx;
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy ?? false,
    requestIdHeader: false,
    return503OnClosing: true,
    ...(config.tls ? { https: servedTlsOptions(await readFileAsync(config.tls.certFile), await readFileAsync(config.tls.keyFile)) } : {}),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Load shedding reports to the metrics, and the metrics read its in-flight count: set once it is registered below.
  const load: { shedding?: LoadShedding } = {};
  const metrics = createMetrics({
    clock: ctx.clock,
    sockets: () => ({ app: sockets.size, signaling: calls.signaling.size }),
    inflight: () => load.shedding?.inflight ?? 0,
    reminderOldestDue: () => reminders.dispatcher.oldestDue(),
    notificationOldestDue: () => notifications.dispatcher.oldestDue(),
    outboxConsumers: () => pump.registered().map((c) => ({ name: c.name, oldestPending: () => pump.oldestPending(c) })),
  });
  const services: Services = { ...built, metrics };
  app.decorate('services', services);

  const routeList: RouteEntry[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
      routeList.push({ method, url: r.url, config: r.config as RouteEntry['config'] });
    }
  });
  registerErrorHandler(app);
  await registerOpenApi(app);
  await registerSecurity(app, config);
  // Before the session guard: a shed request costs no database work.
  load.shedding = await registerLoadShedding(app, config, (reason) => metrics.shed(reason));
  registerMetrics(app, config, metrics);
  await registerCompression(app);
  await app.register(cookie);
  registerAuthGuard(app, ctx, auth);
  // Consumers run after a request that emitted events has been answered (its transaction has
  // committed by then), and on the poll for events emitted elsewhere.
  app.decorateRequest('outboxMark', -1);
  app.addHook('onRequest', async (req) => {
    req.outboxMark = outbox.emitted;
  });
  app.addHook('onResponse', async (req) => {
    if (req.outboxMark >= 0 && outbox.emitted !== req.outboxMark) pump.kick();
  });

  systemRoutes(app, db, dialect);
  await registerModuleRoutes(app, built);
  await registerWebSocket(app, ctx, { auth, calls: calls.service, signaling: calls.signaling }, sockets);
  await serveSpa(app, config);

  // Background work (jobs/registry.ts): one start for this process's roles when ready, the rest once
  // it listens (rings and probes go from processes that hold sockets), one stop.
  const roles = processRoles('web', config);
  app.addHook('onReady', async () => void (await workers.start(roles)));
  app.addHook('onListen', async () => void (await workers.start(roles, { listening: true })));
  // onClose hooks run last added first: the workers stop (sends in flight finish) before the mailer closes.
  app.addHook('onClose', async () => mailer.close());
  app.addHook('onClose', async () => workers.stop());
  return app;
}

async function registerOpenApi(app: FastifyInstance): Promise<void> {
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
}

/**
 * Compressed answers (brotli at quality 4, or gzip, as the client accepts: COMPRESSION, which the
 * pre-rendered answers of http/tagged-answer.ts share) for compressible types
 * of 1 KB and more: the bench's month of 2,000 appointments goes from 1.4 MB to 60 kB (brotli).
 * Registered before any route, so every route gets it; its hook runs after a route's own onSend
 * (http/etag.ts tags the plain answer). Partial content (206), event streams, 204 and 304 answers
 * pass through as they are; WebSocket upgrades never reach it. Request bodies are never inflated:
 * a compressed body could unpack far past the body limit.
 */
async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    encodings: [...COMPRESSION.encodings],
    threshold: COMPRESSION.threshold,
    globalDecompression: false,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: COMPRESSION.brotliQuality } },
    zlibOptions: { level: COMPRESSION.gzipLevel },
  });
}

function systemRoutes(app: FastifyInstance, db: Db, dialect: Dialect): void {
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
}

/** Each module's routes, in the order of services.ts's list (the order of the OpenAPI document). */
async function registerModuleRoutes(app: FastifyInstance, built: BuiltServices): Promise<void> {
  for (const def of MODULES) {
    if (!def.routes) continue;
    const needs = Object.fromEntries([...def.needs, ...(def.routeNeeds ?? [])].map((n: ModuleName) => [n, built[n]]));
    await def.routes(app, built[def.name], needs as never, built.ctx);
  }
}

async function readFileAsync(file: string): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  return readFile(file);
}
