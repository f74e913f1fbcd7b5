// Call routes: staff (Call Now, the room of an appointment, the call record, the safety check,
// ending, ICE servers, call settings), the portal (my ringing calls, ICE servers) and the public
// join-link redemption. Signaling itself goes over the WebSocket entry (ws.ts).
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { FILENAME_HEADER, MAX_DOCUMENT_BYTES } from '../../../shared/documents.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { CallList, CallNowRequest, CallRecord, CallSettings, CallSummary, IceConfig, JoinTokenRequest, JoinTokenResponse, SafetyCheck, SharedFile } from '../../../shared/calls.js';
import { CallHistory, CallHistoryQuery } from '../../../shared/today.js';
import { AppError } from '../../errors.js';
import { cookieName, portalSessionOf, sessionOf } from '../../plugins/auth.js';
import type { CallIdentity, CallService } from './service.js';

const tags = ['calls'];
/** Join links: per IP, far below the global limit (a token is 256 random bits; this stops hammering). */
const LINK_RATE = { max: 20, timeWindow: '1 minute' };

export function callRoutes(app: FastifyInstance, calls: CallService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/calls',
    { config: { permission: 'calls.start' }, schema: { tags, summary: 'Call Now: ring a client at once (portal), and send them a join link by text or mail if they agreed (audited)', body: CallNowRequest, response: { 201: CallSummary } } },
    async (req, reply) => reply.code(201).send(await calls.callNow(sessionOf(req), req.body, req.meta)),
  );
  r.get(
    '/api/calls',
    { config: { permission: 'calls.start' }, schema: { tags, summary: 'My calls ringing or in progress (an owner: the whole practice)', response: { 200: CallList } } },
    async (req) => calls.current(sessionOf(req)),
  );
  r.post(
    '/api/appointments/:id/call',
    { config: { permission: 'calls.start' }, schema: { tags, summary: "The call room of a video or audio appointment's current occurrence (made if missing)", params: IdParams, body: z.strictObject({}).optional(), response: { 200: CallSummary } } },
    async (req) => calls.forAppointment(sessionOf(req), req.params.id, req.meta),
  );
  r.get(
    '/api/calls/ice',
    { config: { permission: 'calls.start' }, schema: { tags, summary: 'ICE servers for a call or the network check: STUN, and TURN with short-lived credentials', response: { 200: IceConfig } } },
    async (req) => {
      const s = sessionOf(req);
      return calls.ice(s.user.practiceId, `check:${s.session.id}`);
    },
  );
  r.get(
    '/api/calls/history',
    {
      config: { permission: 'calls.start' },
      schema: { tags, summary: 'Past calls ended in [from, to): duration, participants, mode; exact total, cursor paging (a provider: their own; audited)', querystring: CallHistoryQuery, response: { 200: CallHistory } },
    },
    async (req) => calls.history(sessionOf(req), req.query, req.meta),
  );
  r.get(
    '/api/calls/:id',
    { config: { permission: 'calls.start' }, schema: { tags, summary: 'The call record: start, end, duration, participants, mode, events, safety check (audited)', params: IdParams, response: { 200: CallRecord } } },
    async (req) => calls.record(sessionOf(req), req.params.id, req.meta),
  );
  r.post(
    '/api/calls/:id/safety-check',
    { config: { permission: 'calls.start' }, schema: { tags, summary: "Start-of-session safety check: the client's current location and emergency contact, confirmed (encrypted, audited)", params: IdParams, body: SafetyCheck, response: { 200: CallRecord } } },
    async (req) => calls.safetyCheck(sessionOf(req), req.params.id, req.body, req.meta),
  );
  r.post(
    '/api/calls/:id/end',
    { config: { permission: 'calls.start' }, schema: { tags, summary: 'End the call for everyone (audited)', params: IdParams, body: z.strictObject({}).optional(), response: { 200: CallRecord } } },
    async (req) => calls.end(sessionOf(req), req.params.id, req.meta),
  );
  r.get(
    '/api/practice/call-settings',
    { config: { permission: 'appointments.read' }, schema: { tags, summary: 'When scheduled calls ring, when the join link follows, relay-only media', response: { 200: CallSettings } } },
    async (req) => calls.settings(sessionOf(req).user.practiceId),
  );
  r.put(
    '/api/practice/call-settings',
    { config: { permission: 'practice.settings.write' }, schema: { tags, summary: 'Set when scheduled calls ring, when the join link follows, relay-only media (audited)', body: CallSettings, response: { 200: CallSettings } } },
    async (req) => calls.updateSettings(sessionOf(req), req.body, req.meta),
  );

  const clientIdentity = clientIdentityOf(app, calls);
  portalCallRoutes(app, calls, clientIdentity);
  callFileRoutes(app, calls, clientIdentity);
}

type ClientIdentity = (req: FastifyRequest) => Promise<Extract<CallIdentity, { kind: 'client' | 'guest' }>>;

/** A signed-in portal client, or the guest of a redeemed join link. */
function clientIdentityOf(app: FastifyInstance, calls: CallService): ClientIdentity {
  const config = app.services.ctx.config;
  return async (req) => {
    if (req.portal) return calls.portalIdentity(req.portal.accountId, req.portal.session.id);
    const guest = req.cookies[cookieName(config, 'call')];
    const g = guest ? await calls.resolveGuest(guest) : null;
    if (!g) throw new AppError('unauthenticated', 401, 'Sign in to your portal, or open your join link again');
    return g;
  };
}

// ---- the portal, and guests of one call ----
function portalCallRoutes(app: FastifyInstance, calls: CallService, clientIdentity: ClientIdentity) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = app.services.ctx.config;
  r.get(
    '/api/portal/calls',
    { config: { portal: true, public: true }, schema: { tags: ['portal', ...tags], summary: 'My calls ringing or in progress (portal session or join link)', response: { 200: CallList } } },
    async (req) => calls.currentForClient(await clientIdentity(req)),
  );
  r.get(
    '/api/portal/calls/ice',
    { config: { portal: true, public: true }, schema: { tags: ['portal', ...tags], summary: 'ICE servers for my call or the network check', response: { 200: IceConfig } } },
    async (req) => {
      const who = await clientIdentity(req);
      const practiceId = who.kind === 'guest' ? who.practiceId : (who.clients[0]?.practiceId ?? null);
      return calls.ice(practiceId, `check:${who.kind === 'guest' ? who.guestSessionId : who.sessionId}`);
    },
  );
  r.post(
    '/api/portal/appointments/:id/call',
    { config: { portal: true }, schema: { tags: ['portal', ...tags], summary: "Join a video or audio appointment from the portal: inside its join window (from 10 minutes before the start), the call room of that visit (made if missing)", params: IdParams, body: z.strictObject({}).optional(), response: { 200: CallSummary } } },
    async (req) => {
      const p = portalSessionOf(req);
      return calls.joinFromPortal(await calls.portalIdentity(p.accountId, p.session.id), req.params.id, req.meta);
    },
  );
  r.post(
    '/api/calls/join-link',
    { config: { public: true, rateLimit: LINK_RATE }, schema: { tags, summary: 'Redeem a join link (single use, expiring): opens a session for that call only', body: JoinTokenRequest, response: { 200: JoinTokenResponse } } },
    async (req, reply) => {
      const out = await calls.redeemLink(req.body.token, req.meta);
      reply.setCookie(cookieName(config, 'call'), out.session, { path: '/', httpOnly: true, secure: config.cookieSecure, sameSite: 'strict', expires: new Date(out.expiresAt) });
      return out.response;
    },
  );
}

/** Files shared in a call: the raw bytes (name percent-encoded in X-Filename), saved to documents. */
function callFileRoutes(app: FastifyInstance, calls: CallService, clientIdentity: ClientIdentity) {
  void app.register(async (scope) => {
    const OCTET = 'application/octet-stream';
    if (scope.hasContentTypeParser(OCTET)) scope.removeContentTypeParser(OCTET);
    scope.addContentTypeParser(OCTET, { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES }, (_req, body: Buffer, done) => done(null, body));
    const s = scope.withTypeProvider<ZodTypeProvider>();
    const tooLarge = (err: FastifyError) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new AppError('payload_too_large', 413, `file: must be at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`, 'file');
      throw err;
    };
    const headers = z.object({ [FILENAME_HEADER]: z.string().optional().meta({ description: 'The file name, percent-encoded UTF-8' }) });
    s.post(
      '/api/calls/:id/files',
      { config: { permission: 'calls.start' }, bodyLimit: MAX_DOCUMENT_BYTES, errorHandler: tooLarge, schema: { tags, summary: "Share a file in the call: saved to the documents of the call's clients, announced to the room (audited)", consumes: [OCTET], params: IdParams, headers, response: { 201: SharedFile } } },
      async (req, reply) => reply.code(201).send(await calls.shareFile({ staff: sessionOf(req) }, req.params.id, { filenameHeader: req.headers[FILENAME_HEADER], body: req.body }, req.meta)),
    );
    s.post(
      '/api/portal/calls/:id/files',
      { config: { portal: true, public: true }, bodyLimit: MAX_DOCUMENT_BYTES, errorHandler: tooLarge, schema: { tags: ['portal', ...tags], summary: 'Share a file in my call: saved to my documents at the practice, announced to the room', consumes: [OCTET], params: IdParams, headers, response: { 201: SharedFile } } },
      async (req, reply) => reply.code(201).send(await calls.shareFile({ client: await clientIdentity(req) }, req.params.id, { filenameHeader: req.headers[FILENAME_HEADER], body: req.body }, req.meta)),
    );
  });
}
