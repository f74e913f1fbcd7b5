import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { IdParams } from '../../../shared/api.js';
import { Client, ClientInput, ClientList, ClientListQuery, ClientPatch, ImportReport } from '../../../shared/clients.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { PracticeService } from '../practices/index.js';
import { MAX_IMPORT_BYTES, parseClientCsv } from './csv.js';
import { clientPdf } from './pdf.js';
import type { ClientService } from './service.js';

const tags = ['clients'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function clientRoutes(app: FastifyInstance, clients: ClientService, practices: PracticeService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const route = routesOf(app, tags);

  // CSV arrives as the raw body; it must be UTF-8 (a Latin-1 or UTF-16 file is refused, not guessed).
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body: Buffer, done) => {
    try {
      done(null, utf8.decode(body));
    } catch {
      done(new AppError('invalid_utf8', 400, 'file: the CSV must be saved as UTF-8', 'file'));
    }
  });

  route.get('/api/clients', { access: 'clients.read', summary: 'A page of the client list: complete with its exact total, or an error', querystring: ClientListQuery, response: ClientList }, async (req) =>
    clients.list(sessionOf(req), req.query, req.meta),
  );

  route.post('/api/clients', { access: 'clients.write', summary: 'Add a client', body: ClientInput, status: 201, response: z.object({ id: z.string() }) }, async (req) =>
    clients.create(sessionOf(req), req.body, req.meta),
  );

  route.get('/api/clients/:id', { access: 'clients.read', summary: "A client's record, fields filtered by role", params: IdParams, response: Client }, async (req) =>
    clients.get(sessionOf(req), req.params.id, req.meta),
  );

  route.patch('/api/clients/:id', { access: 'clients.write', summary: 'Change a client (null clears a field)', params: IdParams, body: ClientPatch, response: Client }, async (req) =>
    clients.update(sessionOf(req), req.params.id, req.body, req.meta),
  );

  // Two answers (201 with the report, 422 with the report of what was wrong), so declared in full.
  r.post(
    '/api/clients/import',
    {
      config: { permission: 'clients.write' },
      bodyLimit: MAX_IMPORT_BYTES,
      errorHandler: (err: FastifyError) => {
        if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new AppError('payload_too_large', 413, `file: the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into smaller files`, 'file');
        throw err;
      },
      schema: {
        tags,
        summary: 'Import clients from CSV (text/csv): all rows or none, with a row-by-row report',
        consumes: ['text/csv'],
        body: z.string().min(1, { message: 'the file is empty' }),
        response: { 201: ImportReport, 422: z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string() }), report: ImportReport }) },
      },
    },
    async (req, reply) => {
      const s = sessionOf(req);
      await practices.assertBaaAccepted(s.user.practiceId);
      const { inputs, errors } = parseClientCsv(req.body);
      if (errors.length) {
        return reply.code(422).send({
          error: { code: 'import_rejected', message: `Nothing was imported: ${errors.length} problem(s) in the file`, field: 'file' },
          report: { imported: 0, errors },
        });
      }
      const imported = await clients.importMany(s, inputs, req.meta);
      return reply.code(201).send({ imported, errors: [] });
    },
  );

  route.get('/api/clients/:id/export.json', { access: 'clients.read', summary: "Export a client's record as JSON (audited)", params: IdParams }, async (req, reply) => {
    const s = sessionOf(req);
    const client = await clients.export(s, req.params.id, 'json', req.meta);
    const sections = (await clients.exportSections.collect(s, client.id, req.meta)).map(({ printable: _printable, ...section }) => section);
    return reply
      .header('content-disposition', `attachment; filename="client-${client.id}.json"`)
      .type('application/json')
      .send(JSON.stringify({ ...client, sections }, null, 2));
  });

  route.get('/api/clients/:id/export.pdf', { access: 'clients.read', summary: "Export a client's record as PDF (audited)", params: IdParams }, async (req, reply) => {
    const s = sessionOf(req);
    const client = await clients.export(s, req.params.id, 'pdf', req.meta);
    const practice = await practices.summary(s.user.practiceId);
    const pdf = await clientPdf(client, practice.name, new Date().toISOString(), await clients.exportSections.collect(s, client.id, req.meta));
    return reply.header('content-disposition', `attachment; filename="client-${client.id}.pdf"`).type('application/pdf').send(pdf);
  });

  route.get('/api/practice/providers', { access: 'clients.read', summary: 'Providers of the practice (for filters and assignment)', response: z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) }) }, async (req) => ({
    providers: await clients.providers(sessionOf(req)),
  }));
}
