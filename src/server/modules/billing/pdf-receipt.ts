// The receipt PDF for one payment: what was received, how, which invoices it paid, and what the
// client still owes (or has in credit) after it.
import { PDF_LABELS, type PdfMethod } from './pdf-labels.js';
import { renderPdf, type PdfFrame, type PdfPractice } from './pdf-layout.js';

export interface ReceiptPdfData {
  practice: PdfPractice;
  client: { name: string; address: string | null };
  payment: {
    /** Shown as the receipt's number: a short, non-PHI reference (e.g. the payment id's tail). */
    receiptNumber: string;
    method: PdfMethod;
    amountCents: number;
    refundedCents: number;
    receivedAt: string;
    /** A check or terminal reference, when recorded. */
    reference: string | null;
  };
  /** The invoices this payment paid, with how much went to each. */
  allocations: { invoiceNumber: string; amountCents: number }[];
  unappliedCents: number;
  /** The client's balance now: positive owes, negative is credit on account. */
  balanceCents: number;
}

export function receiptPdf(data: ReceiptPdfData, frame: PdfFrame): Promise<Buffer> {
  const { payment: p } = data;
  const L = PDF_LABELS[frame.locale];
  return renderPdf(frame, `${L.receipt} ${p.receiptNumber}`, data.practice.name, (pdf) => {
    const { t } = pdf;
    pdf.header(data.practice, t.receipt, [
      [t.number, p.receiptNumber],
      [t.received, pdf.date(p.receivedAt)],
    ]);
    pdf.columns([
      { title: t.receivedFrom, pairs: [[t.name, data.client.name], [t.address, data.client.address]] },
      {
        title: t.paymentReceived,
        pairs: [
          [t.amount, pdf.money(p.amountCents)],
          [t.method, t.methods[p.method]],
          [t.reference, p.reference],
        ],
      },
    ]);
    if (data.allocations.length) {
      pdf.table(
        [
          { header: t.appliedTo, weight: 60 },
          { header: t.appliedAmount, weight: 40, align: 'right' },
        ],
        data.allocations.map((a) => [a.invoiceNumber, pdf.money(a.amountCents)]),
      );
    } else {
      pdf.paragraph(t.noInvoicesPaid);
      pdf.doc.moveDown();
    }
    const lines: [string, string][] = [[t.paymentReceived, pdf.money(p.amountCents)]];
    if (p.refundedCents) lines.push([t.refundedOfPayment, pdf.money(0 - p.refundedCents)]);
    if (data.unappliedCents) lines.push([t.unapplied, pdf.money(data.unappliedCents)]);
    lines.push(data.balanceCents < 0 ? [t.creditBalance, pdf.money(0 - data.balanceCents)] : [t.remainingBalance, pdf.money(data.balanceCents)]);
    pdf.totals(lines);
  });
}
