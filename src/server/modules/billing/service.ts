// The billing module's invoices part (Billing.invoices): settings, invoices and credit notes,
// manual payments, refunds and balances. This class is the facade the routes and the other billing
// parts call; the rules live beside it: settings.ts, invoices.ts (drafts, issue, void, credit),
// payments.ts (payments, refunds, balances), ledger.ts (how money moves, shared with Stripe),
// lines.ts (pricing), access.ts (whose clients a session reaches).
import type { AppContext, RequestMeta } from '../../context.js';
import { invalid } from '../../errors.js';
import type { BillingSettingsPatch, CreditNoteCreate, InvoiceCreate, InvoiceList, InvoicePatch, InvoiceQuery, ManualPayment, RefundCreate } from '../../../shared/billing.js';
import type { z } from 'zod';
import type { ResolvedSession } from '../auth/index.js';
import type { Calls } from '../calls/index.js';
import type { ClientService } from '../clients/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import { BillingAccess } from './access.js';
import { InvoicesPart } from './invoices.js';
import { PaymentsPart, type RefundProvider } from './payments.js';
import { ProfilesPart } from './profiles.js';
import * as repo from './repo.js';
import { BillingSettingsPart } from './settings.js';

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = Number(at);
  if (!id || !Number.isSafeInteger(createdAt)) throw invalid('cursor', 'is not a cursor this list gave');
  return { createdAt, id };
}
const encodeCursor = (r: repo.InvoiceRow) => Buffer.from(`${Number(r.created_at)}|${r.id}`, 'utf8').toString('base64url');

export class BillingService {
  readonly access: BillingAccess;
  readonly settings: BillingSettingsPart;
  readonly invoices: InvoicesPart;
  readonly payments: PaymentsPart;
  readonly profiles: ProfilesPart;

  constructor(
    private readonly ctx: AppContext,
    clients: ClientService,
    scheduling: SchedulingService,
    calls: Calls,
  ) {
    this.access = new BillingAccess(ctx, clients);
    this.settings = new BillingSettingsPart(ctx);
    this.invoices = new InvoicesPart(ctx, this.access, this.settings, scheduling, calls);
    this.payments = new PaymentsPart(ctx, this.access, this.settings, this.invoices);
    this.profiles = new ProfilesPart(ctx, this.access, clients);
  }

  /** The Stripe part registers how card payments are refunded, so POST /api/invoices/:id/refunds stays one route. */
  setRefundProvider(provider: RefundProvider): void {
    this.payments.refundProvider = provider;
  }

  // ---- settings ----

  getSettings = (s: ResolvedSession, meta: RequestMeta) => this.settings.get(s, meta);
  updateSettings = (s: ResolvedSession, patch: BillingSettingsPatch, meta: RequestMeta) => this.settings.update(s, patch, meta);

  // ---- invoices ----

  async list(s: ResolvedSession, q: z.infer<typeof InvoiceQuery>, meta: RequestMeta): Promise<InvoiceList> {
    const pid = s.user.practiceId;
    if (q.clientId) await this.access.assertClient(s, q.clientId);
    const only = await this.access.onlyClients(s);
    const filter: repo.InvoiceFilter = {
      practiceId: pid,
      ...(q.status ? { statuses: q.status } : {}),
      ...(q.clientId ? { clientId: q.clientId } : {}),
      ...(only ? { clientIds: only } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.from ? { from: Date.parse(q.from) } : {}),
      ...(q.to ? { to: Date.parse(q.to) } : {}),
    };
    const limit = q.limit ?? 50;
    const rows = await repo.pageInvoices(this.ctx.db, filter, q.cursor ? decodeCursor(q.cursor) : null, limit + 1);
    const page = rows.slice(0, limit);
    const names = await this.access.names(pid);
    const out = {
      items: page.map((r) => this.invoices.summary(r, names)),
      total: await repo.countInvoices(this.ctx.db, filter),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
    };
    await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'search', resource: { type: 'invoices', id: null }, outcome: 'success', details: { count: out.items.length, ...(q.clientId ? { clientId: q.clientId } : {}) } });
    return out;
  }

  get = (s: ResolvedSession, id: string, meta: RequestMeta) => this.invoices.get(s, id, meta);
  create = (s: ResolvedSession, input: InvoiceCreate, meta: RequestMeta) => this.invoices.create(s, input, meta);
  update = (s: ResolvedSession, id: string, patch: InvoicePatch, meta: RequestMeta) => this.invoices.update(s, id, patch, meta);
  remove = (s: ResolvedSession, id: string, meta: RequestMeta) => this.invoices.remove(s, id, meta);
  issue = (s: ResolvedSession, id: string, meta: RequestMeta) => this.invoices.issue(s, id, meta);
  void = (s: ResolvedSession, id: string, input: { reason: string; replace?: boolean }, meta: RequestMeta) => this.invoices.void(s, id, input, meta);
  creditNote = (s: ResolvedSession, id: string, input: z.infer<typeof CreditNoteCreate>, meta: RequestMeta) => this.invoices.creditNote(s, id, input, meta);

  // ---- payments ----

  recordPayment = (s: ResolvedSession, input: ManualPayment, meta: RequestMeta) => this.payments.record(s, input, meta);
  listPayments = (s: ResolvedSession, clientId: string, meta: RequestMeta) => this.payments.list(s, clientId, meta);
  balance = (s: ResolvedSession, clientId: string, meta: RequestMeta) => this.payments.balance(s, clientId, meta);
  refund = (s: ResolvedSession, invoiceId: string, input: z.infer<typeof RefundCreate>, meta: RequestMeta) => this.payments.refund(s, invoiceId, input, meta);
}
