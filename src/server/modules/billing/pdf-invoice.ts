// The invoice (or credit note) PDF: data in, bytes out. Each line's figures are printed as stored
// (computed once by shared/money.ts lineTotals), never recomputed here.
import type { InvoiceLine } from '../../../shared/billing.js';
import { PDF_LABELS, type PdfInvoiceStatus } from './pdf-labels.js';
import { renderPdf, type PdfFrame, type PdfPractice } from './pdf-layout.js';

export interface InvoicePdfData {
  practice: PdfPractice;
  client: { name: string; address: string | null };
  invoice: {
    kind: 'invoice' | 'credit_note';
    /** "INV-000042"; null on a draft. */
    number: string | null;
    status: PdfInvoiceStatus;
    issuedAt: string | null;
    dueAt: string | null;
    subtotalCents: number;
    reductionCents: number;
    taxCents: number;
    totalCents: number;
    paidCents: number;
    creditedCents: number;
    refundedCents: number;
    balanceCents: number;
    memo: string | null;
    /** The number of the invoice a credit note credits. */
    originalNumber?: string | null;
    lines: Pick<InvoiceLine, 'serviceDate' | 'description' | 'cptCode' | 'modifiers' | 'units' | 'rateCents' | 'reductionCents' | 'taxCents' | 'totalCents'>[];
  };
  taxLabel: string | null;
}

export function invoicePdf(data: InvoicePdfData, frame: PdfFrame): Promise<Buffer> {
  const { invoice: inv } = data;
  const L = PDF_LABELS[frame.locale];
  return renderPdf(frame, `${inv.kind === 'credit_note' ? L.creditNote : L.invoice} ${inv.number ?? L.draft}`, data.practice.name, (pdf) => {
    const { t } = pdf;
    const facts: [string, string][] = [
      [t.number, inv.number ?? t.draft],
      [t.issued, pdf.date(inv.issuedAt)],
    ];
    if (inv.kind === 'invoice') facts.push([t.due, pdf.date(inv.dueAt)]);
    if (inv.originalNumber) facts.push([t.invoice, inv.originalNumber]);
    facts.push([t.statusLabel, t.status[inv.status]]);
    pdf.header(data.practice, inv.kind === 'credit_note' ? t.creditNote : t.invoice, facts);
    pdf.columns([
      { title: t.billTo, pairs: [[t.name, data.client.name], [t.address, data.client.address]] },
      { title: t.from, pairs: [[t.taxId, data.practice.taxId], [t.npi, data.practice.npi]] },
    ]);
    pdf.table(
      [
        { header: t.serviceDate, weight: 11 },
        { header: t.description, weight: 30 },
        { header: t.cpt, weight: 11 },
        { header: t.units, weight: 7, align: 'right' },
        { header: t.rate, weight: 11, align: 'right' },
        { header: t.reduction, weight: 11, align: 'right' },
        { header: t.tax, weight: 9, align: 'right' },
        { header: t.total, weight: 12, align: 'right' },
      ],
      inv.lines.map((l) => [
        l.serviceDate ? pdf.date(l.serviceDate) : '—',
        l.description,
        l.cptCode ? [l.cptCode, ...l.modifiers].join(' ') : '—',
        String(l.units),
        pdf.money(l.rateCents),
        l.reductionCents ? pdf.money(l.reductionCents) : '—',
        l.taxCents ? pdf.money(l.taxCents) : '—',
        pdf.money(l.totalCents),
      ]),
    );
    const lines: [string, string][] = [[t.subtotal, pdf.money(inv.subtotalCents)]];
    if (inv.reductionCents) lines.push([t.discounts, pdf.money(0 - inv.reductionCents)]);
    if (inv.taxCents || data.taxLabel) lines.push([data.taxLabel ? t.taxNamed(data.taxLabel) : t.tax, pdf.money(inv.taxCents)]);
    lines.push([t.total, pdf.money(inv.totalCents)]);
    if (inv.kind === 'invoice') {
      if (inv.creditedCents) lines.push([t.credited, pdf.money(0 - inv.creditedCents)]);
      lines.push([t.paid, pdf.money(0 - inv.paidCents)]);
      if (inv.refundedCents) lines.push([t.refunded, pdf.money(inv.refundedCents)]);
      lines.push([t.balanceDue, pdf.money(inv.balanceCents)]);
    }
    pdf.totals(lines);
    if (inv.memo) {
      pdf.heading(t.memo);
      pdf.paragraph(inv.memo);
    }
  });
}
