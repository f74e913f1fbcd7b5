// Call routes: staff (Call Now, the room of an appointment, the call record, the safety check,
// ending, ICE servers, call settings), the portal (my ringing calls, ICE servers) and the public
// join-link redemption. Signaling itself goes over the WebSocket entry (ws.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FILENAME_HEADER, MAX_DOCUMENT_BYTES } from '../../../shared/documents.js';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { CallList, CallNowRequest, CallRecord, CallSettings, CallSummary, IceConfig, JoinTokenRequest, JoinTokenResponse, SafetyCheck, SharedFile } from '../../../shared/calls.js';
import { CallHistory, CallHistoryQuery } from '../../../shared/today.js';
import { ClientError } from '../../i18n/errors.js';
import { acceptFileBodies, fileBody } from '../../http/file-body.js';
import { routesOf } from '../../http/route.js';
import { cookieName, portalSessionOf, sessionOf } from '../../plugins/auth.js';
import { pathCheckRoutes } from './path-check.js';
import type { CallIdentity, CallService } from './service.js';

const tags = ['calls'];
/** Join links: per IP, far below the global limit (a token is 256 random bits; this stops hammering). */
const LINK_RATE = { max: 20, timeWindow: '1 minute' };

export function callRoutes(app: FastifyInstance, calls: CallService) {
  const route = routesOf(app, tags);

  route.post('/api/calls', { access: 'calls.start', summary: 'Call Now: ring a client at once (portal), and send them a join link by text or mail if they agreed (audited)', body: CallNowRequest, status: 201, response: CallSummary }, async (req) =>
    calls.callNow(sessionOf(req), req.body, req.meta),
  );
  route.get('/api/calls', { access: 'calls.start', summary: 'My calls ringing or in progress (an owner: the whole practice)', response: CallList }, async (req) =>
    calls.current(sessionOf(req)),
  );
  route.post('/api/appointments/:id/call', { access: 'calls.start', summary: "The call room of a video or audio appointment's current occurrence (made if missing)", params: IdParams, body: z.strictObject({}).optional(), response: CallSummary }, async (req) =>
    calls.forAppointment(sessionOf(req), req.params.id, req.meta),
  );
  route.get('/api/calls/ice', { access: 'calls.start', summary: 'ICE servers for a call or the network check: STUN, and TURN with short-lived credentials', response: IceConfig }, async (req) => {
    const s = sessionOf(req);
    return calls.ice(s.user.practiceId, `check:${s.session.id}`);
  });
  route.get('/api/calls/history', { access: 'calls.start', summary: 'Past calls ended in [from, to): duration, participants, mode; exact total, cursor paging (a provider: their own; audited)', querystring: CallHistoryQuery, response: CallHistory }, async (req) =>
    calls.history(sessionOf(req), req.query, req.meta),
  );
  route.get('/api/calls/:id', { access: 'calls.start', summary: 'The call record: start, end, duration, participants, mode, events, safety check (audited)', params: IdParams, response: CallRecord }, async (req) =>
    calls.record(sessionOf(req), req.params.id, req.meta),
  );
  route.post('/api/calls/:id/safety-check', { access: 'calls.start', summary: "Start-of-session safety check: the client's current location and emergency contact, confirmed (encrypted, audited)", params: IdParams, body: SafetyCheck, response: CallRecord }, async (req) =>
    calls.safetyCheck(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.post('/api/calls/:id/end', { access: 'calls.start', summary: 'End the call for everyone (audited)', params: IdParams, body: z.strictObject({}).optional(), response: CallRecord }, async (req) =>
    calls.end(sessionOf(req), req.params.id, req.meta),
  );
  route.get('/api/practice/call-settings', { access: 'appointments.read', summary: 'When scheduled calls ring, when the join link follows, relay-only media', response: CallSettings }, async (req) =>
    calls.settings(sessionOf(req).user.practiceId),
  );
  route.put('/api/practice/call-settings', { access: 'practice.settings.write', summary: 'Set when scheduled calls ring, when the join link follows, relay-only media (audited)', body: CallSettings, response: CallSettings }, async (req) =>
    calls.updateSettings(sessionOf(req), req.body, req.meta),
  );

  const clientIdentity = clientIdentityOf(app, calls);
  portalCallRoutes(app, calls, clientIdentity);
  pathCheckRoutes(app, clientIdentity);
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
    if (!g) throw new ClientError('unauthenticated', 401, 'errors.calls.signIn');
    return g;
  };
}

// ---- the portal, and guests of one call ----
function portalCallRoutes(app: FastifyInstance, calls: CallService, clientIdentity: ClientIdentity) {
  const route = routesOf(app, tags);
  const portalRoute = routesOf(app, ['portal', ...tags]);
  const config = app.services.ctx.config;
  portalRoute.get('/api/portal/calls', { access: { portal: true, public: true }, summary: 'My calls ringing or in progress (portal session or join link)', response: CallList }, async (req) =>
    calls.currentForClient(await clientIdentity(req)),
  );
  portalRoute.get('/api/portal/calls/ice', { access: { portal: true, public: true }, summary: 'ICE servers for my call or the network check', response: IceConfig }, async (req) => {
    const who = await clientIdentity(req);
    const practiceId = who.kind === 'guest' ? who.practiceId : (who.clients[0]?.practiceId ?? null);
    return calls.ice(practiceId, `check:${who.kind === 'guest' ? who.guestSessionId : who.sessionId}`);
  });
  portalRoute.post(
    '/api/portal/appointments/:id/call',
    { access: { portal: true }, summary: "Join a video or audio appointment from the portal: inside its join window (from 10 minutes before the start), the call room of that visit (made if missing)", params: IdParams, body: z.strictObject({}).optional(), response: CallSummary },
    async (req) => {
      const p = portalSessionOf(req);
      return calls.joinFromPortal(await calls.portalIdentity(p.accountId, p.session.id), req.params.id, req.meta);
    },
  );
  route.post('/api/calls/join-link', { access: { public: true, rateLimit: LINK_RATE }, summary: 'Redeem a join link (single use, expiring): opens a session for that call only', body: JoinTokenRequest, response: JoinTokenResponse }, async (req, reply) => {
    const out = await calls.redeemLink(req.body.token, req.meta);
    reply.setCookie(cookieName(config, 'call'), out.session, { path: '/', httpOnly: true, secure: config.cookieSecure, sameSite: 'strict', expires: new Date(out.expiresAt) });
    return out.response;
  });
}

/** Files shared in a call: the raw bytes (name percent-encoded in X-Filename), saved to documents. */
function callFileRoutes(app: FastifyInstance, calls: CallService, clientIdentity: ClientIdentity) {
  void app.register(async (scope) => {
    acceptFileBodies(scope, MAX_DOCUMENT_BYTES);
    const headers = z.object({ [FILENAME_HEADER]: z.string().optional().meta({ description: 'The file name, percent-encoded UTF-8' }) });
    /** Both routes take the raw bytes of one file (at most MAX_DOCUMENT_BYTES) and answer 201 with what was shared. */
    const file = { ...fileBody(MAX_DOCUMENT_BYTES), params: IdParams, headers, status: 201, response: SharedFile } as const;
    routesOf(scope, tags).post('/api/calls/:id/files', { access: 'calls.start', summary: "Share a file in the call: saved to the documents of the call's clients, announced to the room (audited)", ...file }, async (req) =>
      calls.shareFile({ staff: sessionOf(req) }, req.params.id, { filenameHeader: req.headers[FILENAME_HEADER], body: req.body }, req.meta),
    );
    routesOf(scope, ['portal', ...tags]).post('/api/portal/calls/:id/files', { access: { portal: true, public: true }, summary: 'Share a file in my call: saved to my documents at the practice, announced to the room', ...file }, async (req) =>
      calls.shareFile({ client: await clientIdentity(req) }, req.params.id, { filenameHeader: req.headers[FILENAME_HEADER], body: req.body }, req.meta),
    );
  });
}
