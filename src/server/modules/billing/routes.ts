// The billing module's invoices routes (Billing.invoices): settings, invoices and credit notes,
// manual payments, refunds and balances. Validate, call the service, nothing else. Answers carrying
// amounts tied to a client are PHI: every /api answer is `Cache-Control: no-store` (plugins/security.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import {
  BillingSettings,
  BillingSettingsPatch,
  ClientBalance,
  CreditNoteCreate,
  Invoice,
  InvoiceCreate,
  InvoiceList,
  InvoicePatch,
  InvoiceQuery,
  InvoiceVoid,
  ManualPayment,
  Payment,
  Refund,
  RefundCreate,
} from '../../../shared/billing.js';
import { id } from '../../../shared/strings.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { BillingService } from './service.js';

const PaymentQuery = z.strictObject({ clientId: id });
const PaymentList = z.object({ items: z.array(Payment) });

export function billingRoutes(app: FastifyInstance, billing: BillingService) {
  const route = routesOf(app, ['billing']);

  route.get('/api/billing/settings', { access: 'billing.read', summary: "The practice's billing settings (created with defaults on first read; audited)", response: BillingSettings }, async (req) =>
    billing.getSettings(sessionOf(req), req.meta),
  );
  route.patch(
    '/api/billing/settings',
    { access: 'practice.settings.write', summary: 'Change the billing settings (owner; currency only before anything is issued; a stale version answers 409; audited)', body: BillingSettingsPatch, response: BillingSettings },
    async (req) => billing.updateSettings(sessionOf(req), req.body, req.meta),
  );

  route.get('/api/invoices', { access: 'invoices.read', summary: 'Invoices and credit notes, newest first, a page at a time (a provider: their own clients; audited)', querystring: InvoiceQuery, response: InvoiceList }, async (req) =>
    billing.list(sessionOf(req), req.query, req.meta),
  );
  route.post('/api/invoices', { access: 'invoices.write', summary: 'Create a draft invoice from attended appointments, late cancellations, no-shows and manual lines (audited)', body: InvoiceCreate, status: 201, response: Invoice }, async (req) =>
    billing.create(sessionOf(req), req.body, req.meta),
  );
  route.get('/api/invoices/:id', { access: 'invoices.read', summary: 'One invoice or credit note with its lines and payments (audited)', params: IdParams, response: Invoice }, async (req) =>
    billing.get(sessionOf(req), req.params.id, req.meta),
  );
  route.patch('/api/invoices/:id', { access: 'invoices.write', summary: 'Edit a draft (an issued invoice answers 409 invoice_issued; audited)', params: IdParams, body: InvoicePatch, response: Invoice }, async (req) =>
    billing.update(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.delete('/api/invoices/:id', { access: 'invoices.write', summary: 'Delete a draft, releasing its appointments (audited)', params: IdParams, status: 204 }, async (req) =>
    billing.remove(sessionOf(req), req.params.id, req.meta),
  );
  route.post('/api/invoices/:id/issue', { access: 'invoices.write', summary: "Issue a draft: the practice's next invoice number, due date, the client's credit applied (audited)", params: IdParams, response: Invoice }, async (req) =>
    billing.issue(sessionOf(req), req.params.id, req.meta),
  );
  route.post(
    '/api/invoices/:id/void',
    { access: 'invoices.write', summary: 'Void an issued invoice (money paid on it becomes the client’s credit); replace: a new draft with the same lines (audited)', params: IdParams, body: InvoiceVoid, response: Invoice },
    async (req) => billing.void(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.post(
    '/api/invoices/:id/credit-notes',
    { access: 'billing.write', summary: 'Issue a credit note against an issued invoice: the lines named, or all (audited)', params: IdParams, body: CreditNoteCreate, status: 201, response: Invoice },
    async (req) => billing.creditNote(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.post(
    '/api/invoices/:id/refunds',
    { access: 'billing.write', summary: 'Refund money paid on an invoice (more than was paid answers 400; card payments through Stripe; audited)', params: IdParams, body: RefundCreate, status: 201, response: Refund },
    async (req) => billing.refund(sessionOf(req), req.params.id, req.body, req.meta),
  );

  route.post(
    '/api/payments',
    { access: 'payments.record', summary: 'Record money received by hand (cash, check, card terminal): applied to the invoices named or the oldest open ones, the rest kept as credit (audited)', body: ManualPayment, status: 201, response: Payment },
    async (req) => billing.recordPayment(sessionOf(req), req.body, req.meta),
  );
  route.get('/api/payments', { access: 'invoices.read', summary: "A client's payments, newest first (audited)", querystring: PaymentQuery, response: PaymentList }, async (req) =>
    billing.listPayments(sessionOf(req), req.query.clientId, req.meta),
  );
  route.get('/api/clients/:id/balance', { access: 'invoices.read', summary: "A client's balance: open invoices, unapplied credit (audited)", params: IdParams, response: ClientBalance }, async (req) =>
    billing.balance(sessionOf(req), req.params.id, req.meta),
  );
}
