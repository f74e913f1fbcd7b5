// The billing part the client portal uses (Billing.portal): a client's own issued invoices and
// credit notes with what is left to pay, whether each can be paid by card now, and their autopay
// state. Which record is the signed-in client's is the portal module's answer (routes-portal.ts);
// every read is audited with the client's portal account as the actor.
import type { AppContext, RequestMeta } from '../../context.js';
import { iso } from '../../lib/clock.js';
import type { PortalInvoice, PortalInvoiceList } from '../../../shared/billing.js';
import type { CurrencyCode } from '../../../shared/money.js';
import { invoiceNumber } from './invoice-store.js';
import { balanceOf } from './ledger.js';
import * as repo from './repo.js';
import { issuedInvoicesOf, receiptsOf } from './repo-portal.js';

type Row = Awaited<ReturnType<typeof issuedInvoicesOf>>[number];

/** What the client still owes on it: only an open invoice asks for anything. */
export function openBalance(r: Pick<Row, 'kind' | 'status' | 'total_cents' | 'paid_cents' | 'credited_cents'>): number {
  if (r.kind !== 'invoice' || (r.status !== 'issued' && r.status !== 'partly_paid')) return 0;
  return Math.max(0, balanceOf(r));
}

export interface PortalReader {
  accountId: string;
  meta: RequestMeta;
}

export class BillingPortal {
  constructor(private readonly ctx: AppContext) {}

  async invoices(practiceId: string, clientId: string, reader: PortalReader): Promise<PortalInvoiceList> {
    const db = this.ctx.db;
    const [rows, settings, profile] = await Promise.all([issuedInvoicesOf(db, practiceId, clientId), repo.settingsRow(db, practiceId), repo.clientProfile(db, practiceId, clientId)]);
    const online = Boolean(settings?.stripe_key_enc);
    const receipts = new Map<string, PortalInvoice['receipts']>();
    for (const r of await receiptsOf(db, practiceId, rows.map((r) => r.id))) {
      const list = receipts.get(r.invoice_id) ?? [];
      list.push({ paymentId: r.payment_id, amountCents: Number(r.amount_cents), receivedAt: iso(Number(r.received_at)) });
      receipts.set(r.invoice_id, list);
    }
    const items = rows.map((r): PortalInvoice => {
      const balanceCents = openBalance(r);
      return {
        id: r.id,
        number: invoiceNumber(r.kind, Number(r.number)) ?? '',
        kind: r.kind,
        status: r.status,
        currency: r.currency as CurrencyCode,
        totalCents: Number(r.total_cents),
        balanceCents,
        issuedAt: iso(Number(r.issued_at)),
        dueAt: r.due_at === null ? null : iso(Number(r.due_at)),
        canPay: online && balanceCents > 0,
        receipts: receipts.get(r.id) ?? [],
      };
    });
    await this.ctx.audit.record({
      actor: { type: 'client', id: reader.accountId },
      practiceId,
      action: 'read',
      resource: { type: 'client_invoices', id: clientId },
      outcome: 'success',
      details: { via: 'portal', invoices: items.length },
      ip: reader.meta.ip,
      userAgent: reader.meta.userAgent,
    });
    return { items, autopay: Boolean(profile?.autopay), cardOnFile: Boolean(profile?.stripe_payment_method_id) };
  }
}
