import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { IdParams } from '../../../shared/api.js';
import { PortalAcceptRequest, PortalAccess, PortalClient, PortalInvitationPreview, PortalInviteResponse, PortalLoginResponse, PortalMe, PortalVerifyRequest } from '../../../shared/portal.js';
import { portalSessionOf, sessionOf } from '../../plugins/auth.js';
import { portalSignedIn } from '../auth/index.js';
import type { PortalService } from './service.js';

const tags = ['portal'];
const Empty = z.strictObject({});

export function portalRoutes(app: FastifyInstance, ctx: AppContext, portal: PortalService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Staff side: invite a client to the portal.
  r.post(
    '/api/clients/:id/portal-invitation',
    { config: { permission: 'clients.write' }, schema: { tags, summary: 'E-mail a client a single-use, expiring portal invitation (PHI-free)', params: IdParams, body: Empty.optional(), response: { 201: PortalInviteResponse } } },
    async (req, reply) => reply.code(201).send(await portal.invite(sessionOf(req), req.params.id, req.meta)),
  );

  r.get(
    '/api/clients/:id/portal-access',
    {
      config: { permission: 'clients.read' },
      schema: { tags, summary: 'Whether a client has a portal account linked, or an invitation pending', params: IdParams, response: { 200: PortalAccess } },
    },
    async (req) => portal.access(sessionOf(req), req.params.id, req.meta),
  );

  const pub = { portal: true, public: true } as const;
  r.post('/api/portal/invitations/inspect', { config: pub, schema: { tags, summary: 'What a portal invitation is for', body: PortalVerifyRequest, response: { 200: PortalInvitationPreview } } }, async (req) =>
    portal.previewInvitation(req.body.token),
  );
  r.post(
    '/api/portal/invitations/accept',
    { config: pub, schema: { tags, summary: 'Accept a portal invitation: set a password (or confirm an existing account)', body: PortalAcceptRequest, response: { 201: PortalLoginResponse } } },
    async (req, reply) => reply.code(201).send(portalSignedIn(reply, ctx, await portal.acceptInvitation(req.body.token, req.body.password, req.meta))),
  );

  r.get('/api/portal/me', { config: { portal: true }, schema: { tags, summary: 'The signed-in client: account and linked practices', response: { 200: PortalMe } } }, async (req) =>
    portal.me(portalSessionOf(req)),
  );
  r.get(
    '/api/portal/clients/:id',
    { config: { portal: true }, schema: { tags, summary: "The client's own record", params: IdParams, response: { 200: PortalClient } } },
    async (req) => portal.ownRecord(portalSessionOf(req), req.params.id, req.meta),
  );
}
