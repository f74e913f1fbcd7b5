// The billing reports' routes: each answers JSON, or with format=csv a CSV download (attachment,
// UTF-8, amounts as exact decimals). The service checks the role and audits the read or export.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { IdParams } from '../../../shared/api.js';
import { AgingQuery, AgingReport, IncomeReport, PaymentsByMethodReport, ReportQuery, UnbilledReport } from '../../../shared/billing.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import { agingCsv, incomeCsv, paymentsCsv, unbilledCsv } from './reports-csv.js';
import type { BillingReports, ReportKind } from './reports.js';

function sendCsv(reply: FastifyReply, kind: ReportKind, stamp: string, text: string) {
  // The file name holds only the report's kind and date: never a client's name.
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="hearth-${kind}-${stamp.slice(0, 10)}.csv"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(text);
}

const CSV_NOTE = ' With format=csv: a CSV download (text/csv, amounts as exact decimals).';

export function billingReportRoutes(app: FastifyInstance, reports: BillingReports) {
  const route = routesOf(app, ['billing']);

  route.get(
    '/api/billing/reports/income',
    { access: 'billing.read', summary: `Income by month, provider and service: invoiced (issued lines less credit notes) and collected (payments less refunds) (audited).${CSV_NOTE}`, querystring: ReportQuery, response: IncomeReport },
    async (req, reply) => {
      const r = await reports.income(sessionOf(req), req.query, req.meta);
      return req.query.format === 'csv' ? sendCsv(reply, 'income', req.query.from, incomeCsv(r)) : r;
    },
  );

  route.get(
    '/api/billing/reports/aging',
    { access: 'billing.read', summary: `Outstanding balances of open invoices by days past due (0-30, 31-60, 61-90, 90+), per client and in total (audited).${CSV_NOTE}`, querystring: AgingQuery, response: AgingReport },
    async (req, reply) => {
      const r = await reports.aging(sessionOf(req), req.query, req.meta);
      return req.query.format === 'csv' ? sendCsv(reply, 'aging', r.asOf, agingCsv(r)) : r;
    },
  );

  route.get(
    '/api/billing/reports/payments',
    { access: 'billing.read', summary: `Payments received by method, with what was refunded of them (audited).${CSV_NOTE}`, querystring: ReportQuery, response: PaymentsByMethodReport },
    async (req, reply) => {
      const r = await reports.payments(sessionOf(req), req.query, req.meta);
      return req.query.format === 'csv' ? sendCsv(reply, 'payments', req.query.from, paymentsCsv(r)) : r;
    },
  );

  route.get(
    '/api/clients/:id/unbilled',
    { access: 'invoices.write', summary: "One client's attended visits, no-shows and late cancellations (under the fee policy) not invoiced yet, for the person invoicing them; a provider sees their own clients only (audited)", params: IdParams, querystring: ReportQuery, response: UnbilledReport },
    async (req) => reports.unbilledOfClient(sessionOf(req), req.params.id, req.query, req.meta),
  );

  route.get(
    '/api/billing/reports/unbilled',
    { access: 'billing.read', summary: `Attended visits, no-shows and late cancellations (under the fee policy) with no invoice line yet (audited).${CSV_NOTE}`, querystring: ReportQuery, response: UnbilledReport },
    async (req, reply) => {
      const r = await reports.unbilled(sessionOf(req), req.query, req.meta);
      return req.query.format === 'csv' ? sendCsv(reply, 'unbilled', req.query.from, unbilledCsv(r)) : r;
    },
  );
}
