// The billing documents as PDF downloads (staff and portal) and the diagnosis code routes. Every
// answer is application/pdf, not cached (Cache-Control: no-store), an attachment whose file name
// carries a document number or a period, never a name.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { SuperbillQuery } from '../../../shared/billing.js';
import { BillingLocale } from '../../../shared/money.js';
import { sendPdf } from '../../http/pdf.js';
import { routesOf } from '../../http/route.js';
import { portalSessionOf, sessionOf } from '../../plugins/auth.js';
import type { PortalService } from '../portal/index.js';
import { diagnosisRoutes } from './diagnoses-routes.js';
import type { BillingDocuments } from './documents.js';

const Lang = { locale: BillingLocale.optional().meta({ description: 'en-US (default) or es-US' }) };
const LangQuery = z.strictObject(Lang);
const MonthQuery = z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month written YYYY-MM' }), ...Lang });
const SuperbillPdfQuery = SuperbillQuery.extend(Lang);

export function documentRoutes(app: FastifyInstance, documents: BillingDocuments, portal: PortalService) {
  const route = routesOf(app, ['billing']);
  diagnosisRoutes(app, documents.diagnoses);

  route.get('/api/invoices/:id/pdf', { access: 'invoices.read', summary: 'The invoice or credit note as a PDF (audited export)', params: IdParams, querystring: LangQuery }, async (req, reply) =>
    sendPdf(reply, await documents.invoice(sessionOf(req), req.params.id, req.query.locale ?? 'en-US', req.meta)),
  );
  route.get('/api/payments/:id/receipt', { access: 'invoices.read', summary: 'The receipt of a payment as a PDF (audited export)', params: IdParams, querystring: LangQuery }, async (req, reply) =>
    sendPdf(reply, await documents.receipt(sessionOf(req), req.params.id, req.query.locale ?? 'en-US', req.meta)),
  );
  route.get(
    '/api/clients/:id/statement',
    { access: 'invoices.read', summary: "A client's monthly statement as a PDF: opening balance, the month's invoices, payments, credits and refunds, closing balance (audited export; not front desk)", params: IdParams, querystring: MonthQuery },
    async (req, reply) => sendPdf(reply, await documents.statement(sessionOf(req), req.params.id, req.query.month, req.query.locale ?? 'en-US', req.meta)),
  );
  route.get(
    '/api/superbills',
    { access: 'invoices.read', summary: "A client's superbill for a period as a PDF: practice, provider, client, ICD-10-CM diagnoses and each billed visit with CPT, modifiers and place of service (audited export; not front desk)", querystring: SuperbillPdfQuery },
    async (req, reply) => {
      const { locale, ...q } = req.query;
      return sendPdf(reply, await documents.superbill(sessionOf(req), q, locale ?? 'en-US', req.meta));
    },
  );

  const link = (req: Parameters<typeof portalSessionOf>[0]) => {
    const s = portalSessionOf(req);
    return { accountId: s.accountId, link: (clientId: string) => portal.linked(s, clientId) };
  };
  route.get('/api/portal/invoices/:id/pdf', { access: { portal: true }, summary: "One of the client's own issued invoices as a PDF (audited)", params: IdParams, querystring: LangQuery }, async (req, reply) => {
    const { accountId, link: l } = link(req);
    return sendPdf(reply, await documents.portalInvoice(accountId, l, req.params.id, req.query.locale ?? 'en-US', req.meta));
  });
  route.get('/api/portal/payments/:id/receipt', { access: { portal: true }, summary: "The receipt of one of the client's own payments as a PDF (audited)", params: IdParams, querystring: LangQuery }, async (req, reply) => {
    const { accountId, link: l } = link(req);
    return sendPdf(reply, await documents.portalReceipt(accountId, l, req.params.id, req.query.locale ?? 'en-US', req.meta));
  });
}
