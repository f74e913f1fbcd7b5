import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { IdParams } from '../../../shared/api.js';
import { DocumentInfo, DocumentList, DocumentParams, DocumentSharePatch, FILENAME_HEADER, MAX_DOCUMENT_BYTES, StaffUploadQuery } from '../../../shared/documents.js';
import { sessionOf } from '../../plugins/auth.js';
import { contentDisposition } from './disposition.js';
import type { DocumentService } from './service.js';

export { contentDisposition } from './disposition.js';

const tags = ['documents'];
const OCTET = 'application/octet-stream';

export function documentRoutes(app: FastifyInstance, documents: DocumentService) {
  // Encapsulated, so the raw-bytes parser (and its size limit) applies to these routes only.
  void app.register(async (scope) => {
    if (scope.hasContentTypeParser(OCTET)) scope.removeContentTypeParser(OCTET);
    scope.addContentTypeParser(OCTET, { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES }, (_req, body: Buffer, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/clients/:id/documents',
      {
        config: { permission: 'clients.write' },
        bodyLimit: MAX_DOCUMENT_BYTES,
        // A body over the limit is the file's fault, and the answer says so.
        errorHandler: (err: FastifyError) => {
          if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
            throw new AppError('payload_too_large', 413, `file: must be at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`, 'file');
          }
          throw err;
        },
        schema: {
          tags,
          summary: "Upload a document for a client: the file as the raw body, its name percent-encoded in X-Filename; share=true lists it in the client's portal (off by default)",
          consumes: [OCTET],
          params: IdParams,
          querystring: StaffUploadQuery,
          headers: z.object({ [FILENAME_HEADER]: z.string().optional().meta({ description: 'The file name, percent-encoded UTF-8 (at most 200 characters, no folders)' }) }),
          response: { 201: DocumentInfo },
        },
      },
      async (req, reply) => {
        const info = await documents.upload(sessionOf(req), req.params.id, { filenameHeader: req.headers[FILENAME_HEADER], body: req.body, share: req.query.share === 'true' }, req.meta);
        return reply.code(201).send(info);
      },
    );

    r.get(
      '/api/clients/:id/documents',
      { config: { permission: 'clients.read' }, schema: { tags, summary: "A client's documents, newest first (audited)", params: IdParams, response: { 200: DocumentList } } },
      async (req) => documents.list(sessionOf(req), req.params.id, req.meta),
    );

    r.get(
      '/api/clients/:id/documents/:docId',
      { config: { permission: 'clients.read' }, schema: { tags, summary: 'Download a document (audited)', params: DocumentParams } },
      async (req, reply) => {
        const { info, bytes } = await documents.download(sessionOf(req), req.params.id, req.params.docId, req.meta);
        return reply
          .header('content-disposition', contentDisposition(info.name))
          .header('x-content-type-options', 'nosniff')
          .type(info.contentType)
          .send(bytes);
      },
    );

    r.patch(
      '/api/clients/:id/documents/:docId',
      {
        config: { permission: 'clients.write' },
        schema: { tags, summary: "Share a staff upload with the client in the portal, or stop sharing it (audited)", params: DocumentParams, body: DocumentSharePatch, response: { 200: DocumentInfo } },
      },
      async (req) => documents.setShared(sessionOf(req), req.params.id, req.params.docId, req.body.sharedWithClient, req.meta),
    );

    r.delete(
      '/api/clients/:id/documents/:docId',
      { config: { permission: 'clients.write' }, schema: { tags, summary: 'Delete a document and its stored file (audited)', params: DocumentParams } },
      async (req, reply) => {
        await documents.remove(sessionOf(req), req.params.id, req.params.docId, req.meta);
        return reply.code(204).send();
      },
    );
  });
}
