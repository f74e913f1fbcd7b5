// What a signed-in client does in the portal with one of their linked records: the message thread
// (with the practice's message-service buttons) and documents. Every route first checks that the
// record is linked to this portal account (another's answers 404), then calls the owning module.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { DocumentInfo, DocumentList, DocumentParams, FILENAME_HEADER, MAX_DOCUMENT_BYTES } from '../../../shared/documents.js';
import { PortalMessage, PortalMessageInput, PortalThread } from '../../../shared/messages.js';
import { PortalMessageServices } from '../../../shared/portal.js';
import { acceptFileBodies, fileBody } from '../../http/file-body.js';
import { routesOf } from '../../http/route.js';
import { clientInvalid } from '../../i18n/errors.js';
import { portalSessionOf } from '../../plugins/auth.js';
import { contentDisposition } from '../documents/index.js';
import type { DocumentService } from '../documents/index.js';
import { filenameFromHeader } from '../documents/index.js';
import { portalMessage, type MessagingService } from '../messages/index.js';
import type { PortalService } from './service.js';

/** `via=message`: the file is being attached to a message (it is a document of the record all the same). */
const UploadQuery = z.strictObject({ via: z.enum(['portal', 'message']).optional() });

export function portalContentRoutes(app: FastifyInstance, portal: PortalService, messages: MessagingService, documents: DocumentService) {
  void app.register(async (scope) => {
    acceptFileBodies(scope, MAX_DOCUMENT_BYTES);
    const route = routesOf(scope, ['portal']);
    const cfg = { portal: true } as const;
    /** The signed-in client, and their record `clientId` checked to be linked to them (404 otherwise). */
    const linked = async (req: FastifyRequest, clientId: string) => {
      const s = portalSessionOf(req);
      return { s, ...(await portal.linked(s, clientId)) };
    };

    route.get('/api/portal/clients/:id/messages', { access: cfg, summary: 'My message thread with this practice', params: IdParams, response: PortalThread }, async (req) => {
      const { s, practiceId, clientId } = await linked(req, req.params.id);
      const thread = await messages.threadForPortal(practiceId, clientId);
      await portal.recordRead(s, practiceId, { type: 'client_thread', id: clientId }, req.meta);
      return thread;
    });

    route.post(
      '/api/portal/clients/:id/messages',
      {
        access: cfg,
        summary: 'Send a secure message to the practice (optionally through one of its message services, with up to 5 documents I uploaded)',
        params: IdParams,
        body: PortalMessageInput,
        status: 201,
        response: PortalMessage,
      },
      async (req) => {
        const { s, practiceId, clientId } = await linked(req, req.params.id);
        const { body, serviceId, documentIds } = req.body;
        const message = await messages.postFromClient({ practiceId, clientId, clientAccountId: s.accountId, serviceId: serviceId ?? null, body, documentIds }, req.meta);
        return portalMessage(message);
      },
    );

    route.get('/api/portal/clients/:id/message-services', { access: cfg, summary: "The practice's message buttons (e.g. Billing question)", params: IdParams, response: PortalMessageServices }, async (req) => {
      const { practiceId } = await linked(req, req.params.id);
      return { services: await messages.activeServices(practiceId) };
    });

    route.get('/api/portal/clients/:id/documents', { access: cfg, summary: 'My documents at this practice', params: IdParams, response: DocumentList }, async (req) => {
      const { s, practiceId, clientId } = await linked(req, req.params.id);
      return documents.listForClient({ practiceId, clientId, actor: { type: 'client', id: s.accountId, meta: req.meta } });
    });

    route.post(
      '/api/portal/clients/:id/documents',
      {
        access: cfg,
        ...fileBody(MAX_DOCUMENT_BYTES),
        summary: 'Upload a document to this practice (raw body; name percent-encoded in X-Filename; via=message when it is to be attached to a message)',
        params: IdParams,
        querystring: UploadQuery,
        status: 201,
        response: DocumentInfo,
      },
      async (req) => {
        const { s, practiceId, clientId } = await linked(req, req.params.id);
        if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw clientInvalid('file', 'errors.upload.empty');
        return documents.uploadForClient({
          practiceId,
          clientId,
          uploadedBy: { type: 'client', id: s.accountId },
          filename: filenameFromHeader(req.headers[FILENAME_HEADER]),
          bytes: req.body,
          via: req.query.via ?? 'portal',
          meta: req.meta,
        });
      },
    );

    route.get('/api/portal/clients/:id/documents/:docId', { access: cfg, summary: 'Download one of my documents', params: DocumentParams }, async (req, reply) => {
      const { s, practiceId, clientId } = await linked(req, req.params.id);
      const { info, bytes } = await documents.readForClient({ practiceId, clientId, docId: req.params.docId, actor: { type: 'client', id: s.accountId, meta: req.meta } });
      return reply.header('content-disposition', contentDisposition(info.name)).header('x-content-type-options', 'nosniff').type(info.contentType).send(bytes);
    });
  });
}
