// What a signed-in client does in the portal with one of their linked records: the message thread
// (with the practice's message-service buttons) and documents. Every route first checks that the
// record is linked to this portal account (another's answers 404), then calls the owning module.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { IdParams } from '../../../shared/api.js';
import { DocumentInfo, DocumentList, DocumentParams, FILENAME_HEADER, MAX_DOCUMENT_BYTES } from '../../../shared/documents.js';
import { PortalMessage, PortalMessageInput, PortalThread } from '../../../shared/messages.js';
import { PortalMessageServices } from '../../../shared/portal.js';
import { portalSessionOf } from '../../plugins/auth.js';
import { contentDisposition } from '../documents/index.js';
import type { DocumentService } from '../documents/index.js';
import { filenameFromHeader } from '../documents/index.js';
import { portalMessage, type MessagingService } from '../messages/index.js';
import type { PortalService } from './service.js';

const tags = ['portal'];
const OCTET = 'application/octet-stream';
/** `via=message`: the file is being attached to a message (it is a document of the record all the same). */
const UploadQuery = z.strictObject({ via: z.enum(['portal', 'message']).optional() });

export function portalContentRoutes(app: FastifyInstance, portal: PortalService, messages: MessagingService, documents: DocumentService) {
  void app.register(async (scope) => {
    if (scope.hasContentTypeParser(OCTET)) scope.removeContentTypeParser(OCTET);
    scope.addContentTypeParser(OCTET, { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES }, (_req, body: Buffer, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const cfg = { portal: true } as const;

    r.get('/api/portal/clients/:id/messages', { config: cfg, schema: { tags, summary: 'My message thread with this practice', params: IdParams, response: { 200: PortalThread } } }, async (req) => {
      const s = portalSessionOf(req);
      const { practiceId, clientId } = await portal.linked(s, req.params.id);
      const thread = await messages.threadForPortal(practiceId, clientId);
      await portal.recordRead(s, practiceId, { type: 'client_thread', id: clientId }, req.meta);
      return thread;
    });

    r.post(
      '/api/portal/clients/:id/messages',
      { config: cfg, schema: {
          tags,
          summary: 'Send a secure message to the practice (optionally through one of its message services, with up to 5 documents I uploaded)',
          params: IdParams,
          body: PortalMessageInput,
          response: { 201: PortalMessage },
        },
      },
      async (req, reply) => {
        const s = portalSessionOf(req);
        const { practiceId, clientId } = await portal.linked(s, req.params.id);
        const { body, serviceId, documentIds } = req.body;
        const message = await messages.postFromClient({ practiceId, clientId, clientAccountId: s.accountId, serviceId: serviceId ?? null, body, documentIds }, req.meta);
        return reply.code(201).send(portalMessage(message));
      },
    );

    r.get(
      '/api/portal/clients/:id/message-services',
      { config: cfg, schema: { tags, summary: "The practice's message buttons (e.g. Billing question)", params: IdParams, response: { 200: PortalMessageServices } } },
      async (req) => {
        const { practiceId } = await portal.linked(portalSessionOf(req), req.params.id);
        return { services: await messages.activeServices(practiceId) };
      },
    );

    r.get('/api/portal/clients/:id/documents', { config: cfg, schema: { tags, summary: 'My documents at this practice', params: IdParams, response: { 200: DocumentList } } }, async (req) => {
      const s = portalSessionOf(req);
      const { practiceId, clientId } = await portal.linked(s, req.params.id);
      return documents.listForClient({ practiceId, clientId, actor: { type: 'client', id: s.accountId, meta: req.meta } });
    });

    r.post(
      '/api/portal/clients/:id/documents',
      {
        config: cfg,
        bodyLimit: MAX_DOCUMENT_BYTES,
        errorHandler: (err: FastifyError) => {
          if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new AppError('payload_too_large', 413, `file: must be at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`, 'file');
          throw err;
        },
        schema: { tags, summary: 'Upload a document to this practice (raw body; name percent-encoded in X-Filename; via=message when it is to be attached to a message)',
          consumes: [OCTET],
          params: IdParams,
          querystring: UploadQuery,
          response: { 201: DocumentInfo },
        },
      },
      async (req, reply) => {
        const s = portalSessionOf(req);
        const { practiceId, clientId } = await portal.linked(s, req.params.id);
        if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError('validation_failed', 400, 'file: is empty', 'file');
        const info = await documents.uploadForClient({
          practiceId,
          clientId,
          uploadedBy: { type: 'client', id: s.accountId },
          filename: filenameFromHeader(req.headers[FILENAME_HEADER]),
          bytes: req.body,
          via: req.query.via ?? 'portal',
          meta: req.meta,
        });
        return reply.code(201).send(info);
      },
    );

    r.get('/api/portal/clients/:id/documents/:docId', { config: cfg, schema: { tags, summary: 'Download one of my documents', params: DocumentParams } }, async (req, reply) => {
      const s = portalSessionOf(req);
      const { practiceId, clientId } = await portal.linked(s, req.params.id);
      const { info, bytes } = await documents.readForClient({ practiceId, clientId, docId: req.params.docId, actor: { type: 'client', id: s.accountId, meta: req.meta } });
      return reply.header('content-disposition', contentDisposition(info.name)).header('x-content-type-options', 'nosniff').type(info.contentType).send(bytes);
    });
  });
}
