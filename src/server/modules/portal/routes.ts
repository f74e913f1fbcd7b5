import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { IdParams } from '../../../shared/api.js';
import { PortalAcceptRequest, PortalAccess, PortalClient, PortalInvitationPreview, PortalInviteResponse, PortalLocaleRequest, PortalLoginResponse, PortalMe, PortalVerifyRequest } from '../../../shared/portal.js';
import { routesOf } from '../../http/route.js';
import { portalSessionOf, sessionOf } from '../../plugins/auth.js';
import { portalSignedIn } from '../auth/index.js';
import type { PortalService } from './service.js';

const Empty = z.strictObject({});

export function portalRoutes(app: FastifyInstance, ctx: AppContext, portal: PortalService) {
  const route = routesOf(app, ['portal']);

  // Staff side: invite a client to the portal.
  route.post('/api/clients/:id/portal-invitation', { access: 'clients.write', summary: 'E-mail a client a single-use, expiring portal invitation (PHI-free)', params: IdParams, body: Empty.optional(), status: 201, response: PortalInviteResponse }, async (req) =>
    portal.invite(sessionOf(req), req.params.id, req.meta),
  );

  route.get('/api/clients/:id/portal-access', { access: 'clients.read', summary: 'Whether a client has a portal account linked, or an invitation pending', params: IdParams, response: PortalAccess }, async (req) =>
    portal.access(sessionOf(req), req.params.id, req.meta),
  );

  const pub = { portal: true, public: true } as const;
  route.post('/api/portal/invitations/inspect', { access: pub, summary: 'What a portal invitation is for', body: PortalVerifyRequest, response: PortalInvitationPreview }, async (req) =>
    portal.previewInvitation(req.body.token),
  );
  route.post('/api/portal/invitations/accept', { access: pub, summary: 'Accept a portal invitation: set a password (or confirm an existing account)', body: PortalAcceptRequest, status: 201, response: PortalLoginResponse }, async (req, reply) =>
    portalSignedIn(reply, ctx, await portal.acceptInvitation(req.body.token, req.body.password, req.meta)),
  );

  route.get('/api/portal/me', { access: { portal: true }, summary: 'The signed-in client: account and linked practices', response: PortalMe }, async (req) =>
    portal.me(portalSessionOf(req)),
  );
  route.put('/api/portal/me/locale', { access: { portal: true }, summary: "The client's own choice of language for the portal and their mail and texts", body: PortalLocaleRequest, status: 204 }, async (req) =>
    portal.setLocale(portalSessionOf(req), req.body.locale, req.meta),
  );
  route.get('/api/portal/clients/:id', { access: { portal: true }, summary: "The client's own record", params: IdParams, response: PortalClient }, async (req) =>
    portal.ownRecord(portalSessionOf(req), req.params.id, req.meta),
  );
}
