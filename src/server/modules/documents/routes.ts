import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { DocumentInfo, DocumentList, DocumentParams, DocumentSharePatch, FILENAME_HEADER, MAX_DOCUMENT_BYTES, StaffUploadQuery } from '../../../shared/documents.js';
import { acceptFileBodies, fileBody } from '../../http/file-body.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import { contentDisposition } from './disposition.js';
import type { DocumentService } from './service.js';

export { contentDisposition } from './disposition.js';

export function documentRoutes(app: FastifyInstance, documents: DocumentService) {
  // Encapsulated, so the raw-bytes parser (and its size limit) applies to these routes only.
  void app.register(async (scope) => {
    acceptFileBodies(scope, MAX_DOCUMENT_BYTES);
    const route = routesOf(scope, ['documents']);

    route.post(
      '/api/clients/:id/documents',
      {
        access: 'clients.write',
        ...fileBody(MAX_DOCUMENT_BYTES),
        summary: "Upload a document for a client: the file as the raw body, its name percent-encoded in X-Filename; share=true lists it in the client's portal (off by default)",
        params: IdParams,
        querystring: StaffUploadQuery,
        headers: z.object({ [FILENAME_HEADER]: z.string().optional().meta({ description: 'The file name, percent-encoded UTF-8 (at most 200 characters, no folders)' }) }),
        status: 201,
        response: DocumentInfo,
      },
      async (req) => documents.upload(sessionOf(req), req.params.id, { filenameHeader: req.headers[FILENAME_HEADER], body: req.body, share: req.query.share === 'true' }, req.meta),
    );

    route.get('/api/clients/:id/documents', { access: 'clients.read', summary: "A client's documents, newest first (audited)", params: IdParams, response: DocumentList }, async (req) =>
      documents.list(sessionOf(req), req.params.id, req.meta),
    );

    route.get('/api/clients/:id/documents/:docId', { access: 'clients.read', summary: 'Download a document (audited)', params: DocumentParams }, async (req, reply) => {
      const { info, bytes } = await documents.download(sessionOf(req), req.params.id, req.params.docId, req.meta);
      return reply
        .header('content-disposition', contentDisposition(info.name))
        .header('x-content-type-options', 'nosniff')
        .type(info.contentType)
        .send(bytes);
    });

    route.patch('/api/clients/:id/documents/:docId', { access: 'clients.write', summary: "Share a staff upload with the client in the portal, or stop sharing it (audited)", params: DocumentParams, body: DocumentSharePatch, response: DocumentInfo }, async (req) =>
      documents.setShared(sessionOf(req), req.params.id, req.params.docId, req.body.sharedWithClient, req.meta),
    );

    route.delete('/api/clients/:id/documents/:docId', { access: 'clients.write', summary: 'Delete a document and its stored file (audited)', params: DocumentParams, status: 204 }, async (req) =>
      documents.remove(sessionOf(req), req.params.id, req.params.docId, req.meta),
    );
  });
}
