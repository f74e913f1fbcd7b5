// Staff routes of forms: templates, sending, the status list, a form's answers and PDF, cancelling.
import type { FastifyInstance } from 'fastify';
import { IdParams } from '../../../shared/api.js';
import { FormRequestCreate, FormRequestDetail, FormRequestList, FormRequestSummary, FormTemplate, FormTemplateCreate, FormTemplateList } from '../../../shared/forms.js';
import { sendPdf } from '../../http/pdf.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { FormsService } from './service.js';

export function formRoutes(app: FastifyInstance, forms: FormsService) {
  const route = routesOf(app, ['forms']);
  route.get('/api/form-templates', { access: 'forms.send', summary: "The practice's intake and consent forms, every version (built-in starters seeded on the first read)", response: FormTemplateList }, async (req) =>
    forms.templates(sessionOf(req)),
  );
  route.post('/api/form-templates', { access: 'records.templates.write', summary: 'A new form, or with `replaces` the next version of one (earlier versions stay as sent; audited)', body: FormTemplateCreate, status: 201, response: FormTemplate }, async (req) =>
    forms.createTemplate(sessionOf(req), req.body, req.meta),
  );
  route.post('/api/clients/:id/form-requests', { access: 'forms.send', summary: 'Send forms (their current versions) to the client through the portal as one packet, with one PHI-free mail (audited)', params: IdParams, body: FormRequestCreate, status: 201, response: FormRequestList }, async (req) =>
    forms.send(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.get('/api/clients/:id/form-requests', { access: 'clients.read', summary: "The client's form requests and their status, newest first (no answers; every role that sees the client)", params: IdParams, response: FormRequestList }, async (req) =>
    forms.list(sessionOf(req), req.params.id),
  );
  route.get('/api/form-requests/:id', { access: 'records.read', summary: 'A form with its wording, answers and signing record, and whether it still matches its signed hash (audited read)', params: IdParams, response: FormRequestDetail }, async (req) => {
    const { signatureImage: _image, ...detail } = await forms.detail(sessionOf(req), req.params.id, req.meta);
    return detail;
  });
  route.get('/api/form-requests/:id/pdf', { access: 'records.read', summary: 'A form as a PDF: answers, wording, drawn signature and signing record (audited export)', params: IdParams }, async (req, reply) => {
    return sendPdf(reply, await forms.pdf(sessionOf(req), req.params.id, req.meta));
  });
  route.post('/api/form-requests/:id/cancel', { access: 'forms.send', summary: 'Withdraw a form not yet completed (a completed one answers 409; audited)', params: IdParams, response: FormRequestSummary }, async (req) =>
    forms.cancel(sessionOf(req), req.params.id, req.meta),
  );
}
