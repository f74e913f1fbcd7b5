// Status routes. Public (no login): the Statuspage JSON under /api/v2, the page's own view
// (/api/status/page), open incidents for the in-app banner, the Atom feed, and mail subscription
// (confirmed opt-in, rate-limited). Platform operators (Authorization: Bearer hso_…; a token
// opens these routes and nothing else, so an operator never reaches PHI): incidents, updates,
// maintenance, probe states. Every operator write is audited.
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
import { routesOf } from '../../http/route.js';
import { atomFeed } from './feed.js';
import type { Prober } from './probes.js';
import type { Operator, StatusService } from './service.js';

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
  const route = routesOf(app, ['status']);
  const pub = { public: true } as const;

  // Status aggregators read these from other origins.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/v2/')) {
      reply.header('access-control-allow-origin', '*');
      reply.header('cache-control', 'public, max-age=10');
    }
  });

  /** A Statuspage answer: the part of the statuspage one route shows. */
  const statuspage = async <T>(part: (s: Awaited<ReturnType<StatusService['statuspage']>>) => T) => part(await status.statuspage());
  route.get('/api/v2/summary.json', { access: pub, summary: 'Statuspage summary: page, components, unresolved incidents, upcoming and active maintenance, overall status', response: SpSummary }, async () =>
    statuspage((s) => ({ page: s.page, components: s.components, incidents: s.unresolved, scheduled_maintenances: s.upcomingOrActiveMaintenances, status: s.status })),
  );
  route.get('/api/v2/status.json', { access: pub, summary: 'Statuspage status: the overall indicator and description', response: SpStatusResponse }, async () =>
    statuspage((s) => ({ page: s.page, status: s.status })),
  );
  route.get('/api/v2/components.json', { access: pub, summary: 'Statuspage components and their state', response: SpComponentsResponse }, async () =>
    statuspage((s) => ({ page: s.page, components: s.components })),
  );
  route.get('/api/v2/incidents.json', { access: pub, summary: 'Statuspage incidents of the last 90 days, newest first, with their updates', response: SpIncidentsResponse }, async () =>
    statuspage((s) => ({ page: s.page, incidents: s.incidents })),
  );
  route.get('/api/v2/incidents/unresolved.json', { access: pub, summary: 'Statuspage incidents not yet resolved', response: SpIncidentsResponse }, async () =>
    statuspage((s) => ({ page: s.page, incidents: s.unresolved })),
  );
  route.get('/api/v2/scheduled-maintenances.json', { access: pub, summary: 'Statuspage scheduled maintenance of the last 90 days and upcoming', response: SpMaintenancesResponse }, async () =>
    statuspage((s) => ({ page: s.page, scheduled_maintenances: s.maintenances })),
  );
  route.get('/api/v2/scheduled-maintenances/upcoming.json', { access: pub, summary: 'Statuspage scheduled maintenance not yet started', response: SpMaintenancesResponse }, async () =>
    statuspage((s) => ({ page: s.page, scheduled_maintenances: s.maintenances.filter((m) => m.status === 'scheduled') })),
  );
  route.get('/api/v2/scheduled-maintenances/active.json', { access: pub, summary: 'Statuspage maintenance in progress or being verified', response: SpMaintenancesResponse }, async () =>
    statuspage((s) => ({ page: s.page, scheduled_maintenances: s.maintenances.filter((m) => m.status === 'in_progress' || m.status === 'verifying') })),
  );

  route.get('/api/status/page', { access: pub, summary: "The status page: components with 90-day uptime, open, upcoming and past incidents, dates in the page's zone", response: StatusPage }, async () => status.statusPage());
  route.get('/api/status/active', { access: pub, summary: 'Open incidents and maintenance in progress (the in-app banner)', response: ActiveIncidents }, async () => status.active());
  route.get('/status/history.atom', { access: pub, summary: 'Incident history as an Atom feed' }, async (_req, reply) => {
    const page = await status.statusPage();
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=60').send(atomFeed(page, app.services.ctx.config.publicUrl));
  });

  route.post(
    '/api/status/subscribers',
    { access: { ...pub, rateLimit: SUBSCRIBE_RATE }, summary: 'Subscribe an address to status updates by mail: a confirmation is mailed first (the answer is the same whether or not the address was known)', body: Subscribe, status: 202, response: Accepted },
    async (req) => {
      await status.subscribe(req.body.email, req.body.locale);
      return { status: 'confirmation_sent' as const, message: 'If this address can receive mail, a confirmation link is on its way.' };
    },
  );
  route.post('/api/status/subscribers/confirm', { access: { ...pub, rateLimit: TOKEN_RATE }, summary: 'Confirm a subscription with the token from its mail', body: SubscriberToken, response: Done }, async (req) => {
    await status.confirm(req.body.token);
    return { ok: true as const };
  });
  route.post('/api/status/subscribers/unsubscribe', { access: { ...pub, rateLimit: TOKEN_RATE }, summary: 'Stop status mails with the token from any of them', body: SubscriberToken, response: Done }, async (req) => {
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
  const op = { access: { ...pub, rateLimit: TOKEN_RATE }, preHandler: asOperator, security: [{ operator: [] as string[] }] };

  route.get('/api/status/incidents', { ...op, summary: 'Operators: every incident of the last 90 days, internal ones too', response: z.object({ incidents: z.array(OperatorIncident) }) }, async () => ({ incidents: await status.operatorIncidents() }));
  route.post('/api/status/incidents', { ...op, summary: 'Operators: open an incident with its first update and affected components (mailed to subscribers unless notify is false)', body: CreateIncident, status: 201, response: Created }, async (req) =>
    status.createIncident(req.body, by(req)),
  );
  route.post('/api/status/incidents/:id/updates', { ...op, summary: 'Operators: post an update (investigating, identified, monitoring, resolved; maintenance: in_progress, verifying, completed) and change component states', params: IdParams, body: PostUpdate, status: 201, response: Created }, async (req) =>
    status.postUpdate(req.params.id, req.body, by(req)),
  );
  route.post('/api/status/maintenances', { ...op, summary: 'Operators: schedule maintenance (it starts and completes itself at its window)', body: CreateMaintenance, status: 201, response: Created }, async (req) =>
    status.createMaintenance(req.body, by(req)),
  );
  route.get('/api/status/probes', { ...op, summary: "Operators: each automatic probe's last result on this instance", response: ProbeStates }, async () => ({ probes: prober.snapshot() }));
}
