// The billing module's invoices part (Billing.invoices): settings, invoices and credit notes,
// manual payments, refunds and balances. This class is the facade the routes and the other billing
// parts call; the rules live beside it: settings.ts, invoices.ts (drafts, issue, void, credit),
// payments.ts (payments, refunds, balances), ledger.ts (how money moves, shared with Stripe),
// lines.ts (pricing), access.ts (whose clients a session reaches).
import type { AppContext, RequestMeta } from '../../context.js';
import { invalid } from '../../errors.js';
import type { BillingSettingsPatch, CreditNoteCreate, Invoice, InvoiceCreate, InvoiceList, InvoicePatch, InvoiceQuery, ManualPayment, RefundCreate } from '../../../shared/billing.js';
import type { z } from 'zod';
import type { ResolvedSession } from '../auth/index.js';
import type { Calls } from '../calls/index.js';
import type { ClientService } from '../clients/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import { BillingAccess } from './access.js';
import { CorrectionsPart } from './corrections.js';
import { InvoicesPart, type SystemDraft } from './invoices.js';
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

/** What the other billing parts hand the invoices part when index.ts builds them. */
export interface BillingWiring {
  /** How a card (Stripe) payment is refunded, so POST /api/invoices/:id/refunds stays one route; without it such refunds answer 409. */
  refundProvider?: RefundProvider;
}

export class BillingService {
  readonly access: BillingAccess;
  readonly settings: BillingSettingsPart;
  readonly invoices: InvoicesPart;
  readonly corrections: CorrectionsPart;
  readonly payments: PaymentsPart;
  readonly profiles: ProfilesPart;

  constructor(
    private readonly ctx: AppContext,
    clients: ClientService,
    scheduling: SchedulingService,
    calls: Calls,
    wiring: BillingWiring = {},
  ) {
    this.access = new BillingAccess(ctx, clients);
    this.settings = new BillingSettingsPart(ctx);
    this.invoices = new InvoicesPart(ctx, this.access, this.settings, scheduling, calls);
    this.corrections = new CorrectionsPart(ctx, this.access, this.invoices);
    this.payments = new PaymentsPart(ctx, this.access, this.settings, this.invoices, wiring.refundProvider ?? null);
    this.profiles = new ProfilesPart(ctx, this.access, clients);
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
  void = (s: ResolvedSession, id: string, input: { reason: string; replace?: boolean }, meta: RequestMeta) => this.corrections.void(s, id, input, meta);
  creditNote = (s: ResolvedSession, id: string, input: z.infer<typeof CreditNoteCreate>, meta: RequestMeta) => this.corrections.creditNote(s, id, input, meta);

  // ---- for the other billing parts (no staff session; each audits its own reads) ----

  /** A draft made by automatic invoicing, audited as the system; its id. */
  createAsSystem = (input: SystemDraft) => this.invoices.createAsSystem(input);
  /** Issues a draft for automatic invoicing, audited as the system. */
  issueAsSystem = (practiceId: string, id: string) => this.invoices.issueAsSystem(practiceId, id);
  /** One invoice or credit note of the practice as the API shows it, or null. Not audited: the caller has checked access and audits. */
  async invoiceOf(practiceId: string, id: string): Promise<Invoice | null> {
    const r = await repo.findInvoice(this.ctx.db, practiceId, id);
    return r ? this.invoices.present(r) : null;
  }
  /** A client's balance and open invoices. Not audited: the caller has checked access and audits. */
  balanceOf = (practiceId: string, clientId: string) => this.payments.balanceOf(practiceId, clientId);

  // ---- payments ----

  recordPayment = (s: ResolvedSession, input: ManualPayment, meta: RequestMeta) => this.payments.record(s, input, meta);
  listPayments = (s: ResolvedSession, clientId: string, meta: RequestMeta) => this.payments.list(s, clientId, meta);
  balance = (s: ResolvedSession, clientId: string, meta: RequestMeta) => this.payments.balance(s, clientId, meta);
  refund = (s: ResolvedSession, invoiceId: string, input: z.infer<typeof RefundCreate>, meta: RequestMeta) => this.payments.refund(s, invoiceId, input, meta);
}
