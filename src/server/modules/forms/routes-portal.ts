// The client portal's form routes: the signed-in client's forms, one form, save a draft, submit and
// sign. A form of a record not linked to this account answers 404 (nothing changes).
import type { FastifyInstance } from 'fastify';
import { IdParams } from '../../../shared/api.js';
import { FormRequestDetail, FormRequestList, PortalFormDraft, PortalFormRequestQuery, PortalFormSubmit } from '../../../shared/forms.js';
import { sendPdf } from '../../http/pdf.js';
import { routesOf } from '../../http/route.js';
import { portalSessionOf } from '../../plugins/auth.js';
import type { FormsPortal } from './portal.js';

export function formPortalRoutes(app: FastifyInstance, forms: FormsPortal) {
  const route = routesOf(app, ['portal', 'forms']);
  route.get('/api/portal/form-requests', { access: { portal: true }, summary: 'My forms at one practice: those still to complete first, then completed ones (audited read)', querystring: PortalFormRequestQuery, response: FormRequestList }, async (req) =>
    forms.list(portalSessionOf(req), req.query.clientId, req.meta),
  );
  route.get('/api/portal/form-requests/:id', { access: { portal: true }, summary: 'One of my forms with its wording, my saved answers and, once signed, the signing record (audited read)', params: IdParams, response: FormRequestDetail }, async (req) =>
    forms.get(portalSessionOf(req), req.params.id, req.meta),
  );
  route.get('/api/portal/form-requests/:id/pdf', { access: { portal: true }, summary: 'My signed form as a PDF: answers, wording, signature and signing record (audited read)', params: IdParams }, async (req, reply) => {
    return sendPdf(reply, await forms.pdf(portalSessionOf(req), req.params.id, req.meta));
  });
  route.put('/api/portal/form-requests/:id/draft', { access: { portal: true }, summary: 'Save my progress on a form (a completed form answers 409; audited)', params: IdParams, body: PortalFormDraft, response: FormRequestDetail }, async (req) =>
    forms.draft(portalSessionOf(req), req.params.id, req.body.fields, req.meta),
  );
  route.post('/api/portal/form-requests/:id/submit', { access: { portal: true }, summary: 'Submit and sign a form: typed name and drawn signature; the time, IP and wording version are kept and the form is then immutable (409 on any change; audited)', params: IdParams, body: PortalFormSubmit, response: FormRequestDetail }, async (req) =>
    forms.submit(portalSessionOf(req), req.params.id, req.body, req.meta),
  );
}
