// Status routes. Public (no login): the Statuspage JSON under /api/v2, the page's own view
// (/api/status/page), open incidents for the in-app banner, the Atom feed, and mail subscription
// (confirmed opt-in, rate-limited). Platform operators (Authorization: Bearer hso_…; a token
// opens these routes and nothing else, so an operator never reaches PHI): incidents, updates,
// maintenance, probe states. Every operator write is audited.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import {
  ActiveIncidents,
  CreateIncident,
  CreateMaintenance,
  PostUpdate,
  ProbeStates,
  SpComponentsResponse,
  SpIncidentsResponse,
  SpMaintenancesResponse,
  SpStatusResponse,
  SpSummary,
  StatusPage,
  Subscribe,
  SubscriberToken,
} from '../../../shared/status.js';
import { AppError } from '../../errors.js';
import { atomFeed } from './feed.js';
import type { Prober } from './probes.js';
import type { Operator, StatusService } from './service.js';

const tags = ['status'];
/** Subscribing mails a stranger's address: per IP, far below the global limit. */
const SUBSCRIBE_RATE = { max: 5, timeWindow: '1 hour' };
const TOKEN_RATE = { max: 30, timeWindow: '1 minute' };
const Created = z.object({ id: z.string() });
const Accepted = z.object({ status: z.literal('confirmation_sent'), message: z.string() });
const Done = z.object({ ok: z.literal(true) });
const OperatorIncident = z.object({
  id: z.string(),
  kind: z.enum(['incident', 'maintenance']),
  name: z.string(),
  status: z.string(),
  impact: z.string(),
  internal: z.boolean(),
  probe: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  components: z.record(z.string(), z.string()),
});

export function statusRoutes(app: FastifyInstance, status: StatusService, prober: Prober) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pub = { public: true } as const;

  // Status aggregators read these from other origins.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/v2/')) {
      reply.header('access-control-allow-origin', '*');
      reply.header('cache-control', 'public, max-age=10');
    }
  });

  r.get('/api/v2/summary.json', { config: pub, schema: { tags, summary: 'Statuspage summary: page, components, unresolved incidents, upcoming and active maintenance, overall status', response: { 200: SpSummary } } }, async () => {
    const s = await status.statuspage();
    return { page: s.page, components: s.components, incidents: s.unresolved, scheduled_maintenances: s.upcomingOrActiveMaintenances, status: s.status };
  });
  r.get('/api/v2/status.json', { config: pub, schema: { tags, summary: 'Statuspage status: the overall indicator and description', response: { 200: SpStatusResponse } } }, async () => {
    const s = await status.statuspage();
    return { page: s.page, status: s.status };
  });
  r.get('/api/v2/components.json', { config: pub, schema: { tags, summary: 'Statuspage components and their state', response: { 200: SpComponentsResponse } } }, async () => {
    const s = await status.statuspage();
    return { page: s.page, components: s.components };
  });
  r.get('/api/v2/incidents.json', { config: pub, schema: { tags, summary: 'Statuspage incidents of the last 90 days, newest first, with their updates', response: { 200: SpIncidentsResponse } } }, async () => {
    const s = await status.statuspage();
    return { page: s.page, incidents: s.incidents };
  });
  r.get('/api/v2/incidents/unresolved.json', { config: pub, schema: { tags, summary: 'Statuspage incidents not yet resolved', response: { 200: SpIncidentsResponse } } }, async () => {
    const s = await status.statuspage();
    return { page: s.page, incidents: s.unresolved };
  });
  r.get('/api/v2/scheduled-maintenances.json', { config: pub, schema: { tags, summary: 'Statuspage scheduled maintenance of the last 90 days and upcoming', response: { 200: SpMaintenancesResponse } } }, async () => {
    const s = await status.statuspage();
    return { page: s.page, scheduled_maintenances: s.maintenances };
  });
  r.get('/api/v2/scheduled-maintenances/upcoming.json', { config: pub, schema: { tags, summary: 'Statuspage scheduled maintenance not yet started', response: { 200: SpMaintenancesResponse } } }, async () => {
    const s = await status.statuspage();
    return { page: s.page, scheduled_maintenances: s.maintenances.filter((m) => m.status === 'scheduled') };
  });
  r.get('/api/v2/scheduled-maintenances/active.json', { config: pub, schema: { tags, summary: 'Statuspage maintenance in progress or being verified', response: { 200: SpMaintenancesResponse } } }, async () => {
    const s = await status.statuspage();
    return { page: s.page, scheduled_maintenances: s.maintenances.filter((m) => m.status === 'in_progress' || m.status === 'verifying') };
  });

  r.get('/api/status/page', { config: pub, schema: { tags, summary: "The status page: components with 90-day uptime, open, upcoming and past incidents, dates in the page's zone", response: { 200: StatusPage } } }, async () => status.statusPage());
  r.get('/api/status/active', { config: pub, schema: { tags, summary: 'Open incidents and maintenance in progress (the in-app banner)', response: { 200: ActiveIncidents } } }, async () => status.active());
  app.get('/status/history.atom', { config: pub, schema: { tags, summary: 'Incident history as an Atom feed' } }, async (_req, reply) => {
    const page = await status.statusPage();
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=60').send(atomFeed(page, app.services.ctx.config.publicUrl));
  });

  r.post(
    '/api/status/subscribers',
    { config: { ...pub, rateLimit: SUBSCRIBE_RATE }, schema: { tags, summary: 'Subscribe an address to status updates by mail: a confirmation is mailed first (the answer is the same whether or not the address was known)', body: Subscribe, response: { 202: Accepted } } },
    async (req, reply) => {
      await status.subscribe(req.body.email);
      return reply.code(202).send({ status: 'confirmation_sent', message: 'If this address can receive mail, a confirmation link is on its way.' });
    },
  );
  r.post('/api/status/subscribers/confirm', { config: { ...pub, rateLimit: TOKEN_RATE }, schema: { tags, summary: 'Confirm a subscription with the token from its mail', body: SubscriberToken, response: { 200: Done } } }, async (req) => {
    await status.confirm(req.body.token);
    return { ok: true as const };
  });
  r.post('/api/status/subscribers/unsubscribe', { config: { ...pub, rateLimit: TOKEN_RATE }, schema: { tags, summary: 'Stop status mails with the token from any of them', body: SubscriberToken, response: { 200: Done } } }, async (req) => {
    await status.unsubscribe(req.body.token);
    return { ok: true as const };
  });

  // ---- platform operators ----
  const operators = new WeakMap<FastifyRequest, Operator>();
  const asOperator = async (req: FastifyRequest) => {
    const h = req.headers.authorization;
    const token = typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7).trim() : '';
    const op = token ? await status.operator(token) : null;
    if (!op) throw new AppError('unauthenticated', 401, 'authorization: a platform operator token is required (Bearer hso_…)', 'authorization');
    operators.set(req, op);
  };
  const by = (req: FastifyRequest) => ({ operator: operators.get(req)!, ip: req.meta.ip, userAgent: req.meta.userAgent });
  const op = { config: { ...pub, rateLimit: TOKEN_RATE }, preHandler: asOperator } as const;
  const security = [{ operator: [] as string[] }];

  r.get('/api/status/incidents', { ...op, schema: { tags, security, summary: 'Operators: every incident of the last 90 days, internal ones too', response: { 200: z.object({ incidents: z.array(OperatorIncident) }) } } }, async () => ({ incidents: await status.operatorIncidents() }));
  r.post('/api/status/incidents', { ...op, schema: { tags, security, summary: 'Operators: open an incident with its first update and affected components (mailed to subscribers unless notify is false)', body: CreateIncident, response: { 201: Created } } }, async (req, reply) =>
    reply.code(201).send(await status.createIncident(req.body, by(req))),
  );
  r.post('/api/status/incidents/:id/updates', { ...op, schema: { tags, security, summary: 'Operators: post an update (investigating, identified, monitoring, resolved; maintenance: in_progress, verifying, completed) and change component states', params: IdParams, body: PostUpdate, response: { 201: Created } } }, async (req, reply) =>
    reply.code(201).send(await status.postUpdate(req.params.id, req.body, by(req))),
  );
  r.post('/api/status/maintenances', { ...op, schema: { tags, security, summary: 'Operators: schedule maintenance (it starts and completes itself at its window)', body: CreateMaintenance, response: { 201: Created } } }, async (req, reply) =>
    reply.code(201).send(await status.createMaintenance(req.body, by(req))),
  );
  r.get('/api/status/probes', { ...op, schema: { tags, security, summary: "Operators: each automatic probe's last result on this instance", response: { 200: ProbeStates } } }, async () => ({ probes: prober.snapshot() }));
}
