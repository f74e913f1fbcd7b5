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
  ClientBillingProfile,
  ClientBillingProfilePatch,
  CreditNoteCreate,
  Invoice,
  InvoiceCreate,
  InvoiceList,
  InvoicePatch,
  InvoiceQuery,
  InvoiceVoid,
  ManualPayment,
  Payer,
  PayerInput,
  Payment,
  ProviderBillingProfile,
  Refund,
  RefundCreate,
} from '../../../shared/billing.js';
import { id } from '../../../shared/strings.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { BillingService } from './service.js';

const PaymentQuery = z.strictObject({ clientId: id });
const PaymentList = z.object({ items: z.array(Payment) });
const PayerList = z.object({ items: z.array(Payer) });
const PayerPatch = PayerInput.partial();
/** As stored; empty strings before the profile is first set. */
const ProviderProfileView = z.object({ credentials: z.string(), licence: z.string(), npi: z.string() });

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

  route.get('/api/billing/payers', { access: 'billing.read', summary: "The practice's payers and their coding overrides (audited)", response: PayerList }, async (req) =>
    billing.profiles.payers(sessionOf(req), req.meta),
  );
  route.post('/api/billing/payers', { access: 'billing.write', summary: 'Add a payer, optionally overriding the computed place of service and modifiers (audited)', body: PayerInput, status: 201, response: Payer }, async (req) =>
    billing.profiles.createPayer(sessionOf(req), req.body, req.meta),
  );
  route.patch('/api/billing/payers/:id', { access: 'billing.write', summary: 'Change a payer (audited)', params: IdParams, body: PayerPatch, response: Payer }, async (req) =>
    billing.profiles.updatePayer(sessionOf(req), req.params.id, req.body, req.meta),
  );
  // Billing roles, or a provider for their own profile (checked in the service).
  route.get('/api/billing/providers/:id', { summary: "A provider's billing profile: credentials, licence, NPI (billing roles, or the provider; audited)", params: IdParams, response: ProviderProfileView }, async (req) =>
    billing.profiles.providerProfile(sessionOf(req), req.params.id, req.meta),
  );
  route.put('/api/billing/providers/:id', { summary: "Set a provider's billing profile (billing staff, or the provider; audited)", params: IdParams, body: ProviderBillingProfile, response: ProviderBillingProfile }, async (req) =>
    billing.profiles.putProviderProfile(sessionOf(req), req.params.id, req.body, req.meta),
  );
  // Billing roles, or a provider for their own clients (checked in the service).
  route.get('/api/clients/:id/billing', { summary: "A client's billing profile: sliding scale, payer, diagnoses, autopay (audited)", params: IdParams, response: ClientBillingProfile }, async (req) =>
    billing.profiles.clientProfile(sessionOf(req), req.params.id, req.meta),
  );
  route.patch(
    '/api/clients/:id/billing',
    { summary: "Change a client's billing profile; each diagnosis a valid ICD-10-CM code on the practice's list (audited)", params: IdParams, body: ClientBillingProfilePatch, response: ClientBillingProfile },
    async (req) => billing.profiles.updateClientProfile(sessionOf(req), req.params.id, req.body, req.meta),
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
