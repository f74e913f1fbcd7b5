// The billing module's documents part (Billing.documents): invoice, receipt, monthly statement and
// superbill PDFs, and the practice's diagnosis code list. It gathers what each PDF needs (the
// invoices part's rows, the client's demographics through the clients service, provider profiles),
// checks the caller may see that client, renders (pdf-*.ts) and audits every download as an export.
// File names carry document numbers and periods only, never a name or a service.
import { DateTime } from 'luxon';
import type { AppContext, RequestMeta } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import type { PracticeIdentity } from '../../../shared/billing.js';
import type { PortalClient } from '../../../shared/portal.js';
import { divHalfEven, type BillingLocale, type CurrencyCode } from '../../../shared/money.js';
import type { AuditEvent } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { AvailabilityService } from '../availability/index.js';
import type { ClientService } from '../clients/index.js';
import type { PracticeService } from '../practices/index.js';
import { DiagnosisCodes } from './diagnoses.js';
import * as docs from './documents-repo.js';
import { invoiceNumber } from './invoice-store.js';
import { takesMoney } from './ledger.js';
import { invoicePdf } from './pdf-invoice.js';
import { PDF_LABELS, type PdfMethod } from './pdf-labels.js';
import type { PdfFrame, PdfPractice } from './pdf-layout.js';
import { receiptPdf } from './pdf-receipt.js';
import { statementPdf, type StatementEntry } from './pdf-statement.js';
import { superbillPdf, type SuperbillProvider } from './pdf-superbill.js';
import * as repo from './repo.js';
import type { BillingService } from './service.js';

import type { PdfFile } from '../../http/pdf.js';

export type { PdfFile };

type Who = Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'>;
/** The portal's check that the signed-in client holds this client record (404 otherwise). */
export type PortalLink = (clientId: string) => Promise<{ practiceId: string; clientId: string }>;

const lineRef = (id: string) => ({ table: 'invoice_lines', column: 'description_enc', rowId: id });
const MAX_SUPERBILL_DAYS = 366;

export const receiptNumber = (paymentId: string) => `R-${paymentId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;

function addressLines(a: PortalClient['address']): string | null {
  return a ? [a.line1, a.line2, `${a.city}, ${a.state} ${a.postalCode}`].filter(Boolean).join('\n') : null;
}

export class BillingDocuments {
  readonly diagnoses: DiagnosisCodes;

  constructor(
    private readonly ctx: AppContext,
    private readonly billing: BillingService,
    private readonly clients: ClientService,
    private readonly practices: PracticeService,
    private readonly availability: AvailabilityService,
  ) {
    this.diagnoses = new DiagnosisCodes(ctx);
  }

  // ---- staff ----

  async invoice(s: ResolvedSession, id: string, locale: BillingLocale, meta: RequestMeta): Promise<PdfFile> {
    const row = await this.billing.invoices.visible(s, id);
    const file = await this.renderInvoice(row, locale);
    await this.exported(this.billing.access.who(s, meta), 'invoice_pdf', row.id, { clientId: row.client_id });
    return file;
  }

  async receipt(s: ResolvedSession, paymentId: string, locale: BillingLocale, meta: RequestMeta): Promise<PdfFile> {
    const p = await repo.findPayment(this.ctx.db, s.user.practiceId, paymentId);
    if (!p) throw notFound('Payment');
    await this.billing.access.assertClient(s, p.client_id).catch(() => {
      throw notFound('Payment');
    });
    const file = await this.renderReceipt(p, locale);
    await this.exported(this.billing.access.who(s, meta), 'receipt', p.id, { clientId: p.client_id });
    return file;
  }

  async statement(s: ResolvedSession, clientId: string, month: string, locale: BillingLocale, meta: RequestMeta): Promise<PdfFile> {
    this.notFrontDesk(s);
    await this.billing.access.assertClient(s, clientId);
    const pid = s.user.practiceId;
    const { frame, practice } = await this.frame(pid, null, locale);
    const start = DateTime.fromISO(`${month}-01`, { zone: frame.timeZone }).startOf('month');
    if (!start.isValid) throw invalid('month', 'must be a month written YYYY-MM');
    const end = start.plus({ months: 1 });
    const events = await this.ledgerEvents(pid, clientId, end.toMillis(), locale);
    const opening = events.filter((e) => Date.parse(e.at) < start.toMillis()).reduce((sum, e) => sum + e.amountCents, 0);
    const bytes = await statementPdf(
      { practice, client: await this.party(pid, clientId), month, openingBalanceCents: opening, entries: events.filter((e) => Date.parse(e.at) >= start.toMillis()) },
      frame,
    );
    await this.exported(this.billing.access.who(s, meta), 'statement', clientId, { month });
    return { bytes, fileName: `statement-${month}.pdf` };
  }

  async superbill(s: ResolvedSession, q: { clientId: string; from: string; to: string }, locale: BillingLocale, meta: RequestMeta): Promise<PdfFile> {
    this.notFrontDesk(s);
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (!(to > from)) throw invalid('to', 'must be after from');
    if (to - from > MAX_SUPERBILL_DAYS * 86_400_000) throw invalid('to', `the period must be at most ${MAX_SUPERBILL_DAYS} days`);
    await this.billing.access.assertClient(s, q.clientId);
    const pid = s.user.practiceId;
    const { frame, practice, identity } = await this.frame(pid, null, locale);
    if (!identity) throw conflict("Set the practice's legal name, address, tax id and NPI in the billing settings first: an insurer needs them on a superbill", 'identity');
    const lines = await docs.serviceLinesIn(this.ctx.db, pid, q.clientId, from, to);
    const counts = await docs.serviceLineCounts(this.ctx.db, [...new Set(lines.map((l) => l.invoice_id))]);
    const providerIds = [...new Set(lines.flatMap((l) => (l.provider_id ? [l.provider_id] : [])))];
    const names = new Map((await this.clients.providers(s)).map((p) => [p.id, p.name]));
    const profiles = new Map(await Promise.all(providerIds.map(async (id) => [id, await this.billing.profiles.providerProfileOf(pid, id)] as const)));
    const providers: SuperbillProvider[] = providerIds.map((id) => {
      const profile = profiles.get(id);
      return { name: names.get(id) ?? '—', credentials: profile?.credentials || null, licence: profile?.licence || null, npi: profile?.npi || null };
    });
    const visits = await Promise.all(
      lines.map(async (l) => ({
        date: iso(Number(l.service_date)),
        description: await this.ctx.crypto.decrypt(lineRef(l.id), l.description_enc),
        cptCode: l.cpt_code,
        modifiers: l.modifiers ? l.modifiers.split(',') : [],
        posCode: l.pos_code,
        units: Number(l.units),
        feeCents: Number(l.total_cents),
        paidCents: paidOnLine(Number(l.total_cents), Number(l.invoice_total_cents), Number(l.invoice_paid_cents), counts.get(l.invoice_id) ?? 1),
        providerNpi: l.provider_id ? (profiles.get(l.provider_id)?.npi ?? null) : null,
      })),
    );
    const client = await this.clients.ownRecord(pid, q.clientId);
    const bytes = await superbillPdf(
      {
        practice,
        providers,
        client: { name: `${client.firstName} ${client.lastName}`, dateOfBirth: client.dateOfBirth, address: addressLines(client.address) },
        diagnoses: (await this.billing.profiles.clientProfileOf(pid, q.clientId)).diagnoses,
        from: q.from,
        to: iso(to - 1),
        visits,
      },
      frame,
    );
    await this.exported(this.billing.access.who(s, meta), 'superbill', q.clientId, { from: q.from, to: q.to, visits: visits.length });
    return { bytes, fileName: `superbill-${superbillPeriod(from, to - 1, frame.timeZone)}.pdf` };
  }

  // ---- portal: the client's own, issued documents ----

  async portalInvoice(accountId: string, link: PortalLink, id: string, locale: BillingLocale, meta: RequestMeta): Promise<PdfFile> {
    const row = await docs.invoiceById(this.ctx.db, id);
    if (!row || row.status === 'draft') throw notFound('Invoice');
    const { practiceId } = await link(row.client_id).catch(() => {
      throw notFound('Invoice');
    });
    if (practiceId !== row.practice_id) throw notFound('Invoice');
    const file = await this.renderInvoice(row, locale);
    await this.exported(portalWho(accountId, practiceId, meta), 'invoice_pdf', row.id, { via: 'portal' });
    return file;
  }

  async portalReceipt(accountId: string, link: PortalLink, paymentId: string, locale: BillingLocale, meta: RequestMeta): Promise<PdfFile> {
    const p = await docs.paymentById(this.ctx.db, paymentId);
    if (!p) throw notFound('Payment');
    const { practiceId } = await link(p.client_id).catch(() => {
      throw notFound('Payment');
    });
    if (practiceId !== p.practice_id) throw notFound('Payment');
    const file = await this.renderReceipt(p, locale);
    await this.exported(portalWho(accountId, practiceId, meta), 'receipt', p.id, { via: 'portal' });
    return file;
  }

  // ---- rendering ----

  private async renderInvoice(row: repo.InvoiceRow, locale: BillingLocale): Promise<PdfFile> {
    const inv = await this.billing.invoices.present(row);
    const { frame, practice, taxLabel } = await this.frame(row.practice_id, row.provider_id, locale);
    const original = row.original_invoice_id ? await repo.findInvoice(this.ctx.db, row.practice_id, row.original_invoice_id) : undefined;
    const bytes = await invoicePdf(
      {
        practice,
        client: await this.party(row.practice_id, row.client_id),
        taxLabel,
        invoice: { ...inv, originalNumber: original ? invoiceNumber(original.kind, original.number === null ? null : Number(original.number)) : null },
      },
      frame,
    );
    const prefix = row.kind === 'credit_note' ? 'credit-note' : 'invoice';
    return { bytes, fileName: `${prefix}-${inv.number ?? 'draft'}.pdf` };
  }

  private async renderReceipt(p: repo.PaymentRow, locale: BillingLocale): Promise<PdfFile> {
    const payment = await this.billing.payments.present(p);
    const invoices = await repo.findInvoices(this.ctx.db, p.practice_id, payment.allocations.map((a) => a.invoiceId));
    const numberOf = new Map(invoices.map((i) => [i.id, invoiceNumber(i.kind, i.number === null ? null : Number(i.number)) ?? '—']));
    const { frame, practice } = await this.frame(p.practice_id, p.recorded_by, locale);
    const number = receiptNumber(p.id);
    const bytes = await receiptPdf(
      {
        practice,
        client: await this.party(p.practice_id, p.client_id),
        payment: { receiptNumber: number, method: payment.method, amountCents: payment.amountCents, refundedCents: payment.refundedCents + payment.disputedCents, receivedAt: payment.receivedAt, reference: payment.reference },
        allocations: payment.allocations.map((a) => ({ invoiceNumber: numberOf.get(a.invoiceId) ?? '—', amountCents: a.amountCents })),
        unappliedCents: Math.max(0, payment.unappliedCents),
        balanceCents: (await this.billing.payments.balanceOf(p.practice_id, p.client_id)).balanceCents,
      },
      frame,
    );
    return { bytes, fileName: `receipt-${number}.pdf` };
  }

  /** Every change to what the client owes up to `before`, signed (+ owes more, − owes less), oldest first. */
  private async ledgerEvents(pid: string, clientId: string, before: number, locale: BillingLocale): Promise<StatementEntry[]> {
    const methods = PDF_LABELS[locale].methods;
    const out: StatementEntry[] = [];
    for (const i of await docs.issuedBefore(this.ctx.db, pid, clientId, before)) {
      const number = invoiceNumber(i.kind, i.number === null ? null : Number(i.number)) ?? '—';
      out.push({ at: iso(Number(i.issued_at)), kind: i.kind, reference: number, amountCents: Number(i.total_cents) });
      if (i.voided_at !== null && Number(i.voided_at) < before) out.push({ at: iso(Number(i.voided_at)), kind: 'void', reference: number, amountCents: 0 - Number(i.total_cents) });
    }
    for (const p of await docs.paymentsBefore(this.ctx.db, pid, clientId, before)) {
      out.push({ at: iso(Number(p.received_at)), kind: 'payment', reference: methods[p.method as PdfMethod], amountCents: 0 - Number(p.amount_cents) });
    }
    for (const r of await docs.refundsBefore(this.ctx.db, pid, clientId, before)) {
      if (takesMoney(r.status)) out.push({ at: iso(Number(r.created_at)), kind: r.kind, reference: methods[r.method as PdfMethod], amountCents: Number(r.amount_cents) });
    }
    return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  /** The practice as printed, the currency, and the zone dates print in (the provider's, else the practice's). */
  private async frame(pid: string, providerId: string | null, locale: BillingLocale): Promise<{ frame: PdfFrame; practice: PdfPractice; identity: PracticeIdentity | null; taxLabel: string | null }> {
    const settings = await this.billing.settings.row(pid);
    const identity = await this.billing.settings.identity(pid, settings);
    const practice: PdfPractice = identity
      ? { name: identity.legalName, address: identity.address, phone: identity.phone ?? null, taxId: identity.taxId, npi: identity.npi }
      : { name: (await this.practices.summary(pid)).name, address: null };
    const timeZone = (await this.availability.practiceZone(pid, providerId ?? '')) ?? 'UTC';
    return { frame: { locale, timeZone, currency: settings.currency as CurrencyCode, generatedAt: iso(this.ctx.clock.now()) }, practice, identity, taxLabel: settings.tax_label };
  }

  private async party(pid: string, clientId: string): Promise<{ name: string; address: string | null }> {
    const c = await this.clients.ownRecord(pid, clientId);
    return { name: `${c.firstName} ${c.lastName}`, address: addressLines(c.address) };
  }

  /** Front desk takes payments and hands out invoices and receipts; statements and superbills are billing's. */
  private notFrontDesk(s: ResolvedSession): void {
    if (this.billing.access.role(s) === 'front_desk') throw forbidden('Statements and superbills are for billing staff, providers and the owner');
  }

  private exported(who: Who, type: string, id: string, details: Record<string, string | number>): Promise<void> {
    return this.ctx.audit.record({ ...who, action: 'export', resource: { type, id }, outcome: 'success', details: { format: 'pdf', ...details } });
  }
}

function portalWho(accountId: string, practiceId: string, meta: RequestMeta): Who {
  return { actor: { type: 'client', id: accountId }, practiceId, ip: meta.ip, userAgent: meta.userAgent };
}

/**
 * What was paid toward one visit: the invoice's payments when it bills this visit alone, else the
 * visit's share of them in proportion to its total, rounded half to even.
 */
export function paidOnLine(lineTotal: number, invoiceTotal: number, invoicePaid: number, serviceLines: number): number {
  if (serviceLines <= 1) return Math.min(lineTotal, invoicePaid);
  if (invoiceTotal <= 0) return 0;
  return Number(divHalfEven(BigInt(lineTotal) * BigInt(invoicePaid), BigInt(invoiceTotal)));
}

/** "2026-11" for a calendar month in the zone, else "2026-11-03-to-2026-12-02". */
function superbillPeriod(from: number, last: number, zone: string): string {
  const a = DateTime.fromMillis(from, { zone });
  const b = DateTime.fromMillis(last, { zone });
  if (a.hasSame(b, 'month') && a.day === 1 && b.plus({ days: 1 }).day === 1) return a.toFormat('yyyy-MM');
  return `${a.toFormat('yyyy-MM-dd')}-to-${b.toFormat('yyyy-MM-dd')}`;
}
