// The monthly statement PDF for one client: the balance the month opened with, every invoice,
// credit note, payment, refund and dispute in the month with a running balance, and the closing
// balance. Charges raise the balance, payments and credits lower it; refunds and lost disputes
// give money back, so they raise it again.
import { PDF_LABELS, type StatementEntryKind } from './pdf-labels.js';
import { renderPdf, type PdfFrame, type PdfPractice } from './pdf-layout.js';

export interface StatementEntry {
  at: string;
  kind: StatementEntryKind;
  /** The invoice number, or the payment method's label source (e.g. "INV-000042", "check 1043"). */
  reference: string;
  /** Signed: + what the client owes more (invoice, refund, dispute), − what lowers it (payment, credit note). */
  amountCents: number;
}

export interface StatementPdfData {
  practice: PdfPractice;
  client: { name: string; address: string | null };
  /** YYYY-MM. */
  month: string;
  openingBalanceCents: number;
  entries: StatementEntry[];
}

/** The closing balance: the opening one plus every signed entry. */
export function closingBalance(data: Pick<StatementPdfData, 'openingBalanceCents' | 'entries'>): number {
  return data.entries.reduce((sum, e) => sum + e.amountCents, data.openingBalanceCents);
}

export function statementPdf(data: StatementPdfData, frame: PdfFrame): Promise<Buffer> {
  const L = PDF_LABELS[frame.locale];
  return renderPdf(frame, `${L.statement} ${data.month}`, data.practice.name, (pdf) => {
    const { t } = pdf;
    const entries = [...data.entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const closing = closingBalance(data);
    pdf.header(data.practice, t.statement, [
      [t.monthLabel, pdf.month(data.month)],
      [t.closingBalance, pdf.money(closing)],
    ]);
    pdf.columns([{ title: t.client, pairs: [[t.name, data.client.name], [t.address, data.client.address]] }]);
    pdf.heading(t.statementFor(pdf.month(data.month)));
    let running = data.openingBalanceCents;
    const rows = entries.map((e) => {
      running += e.amountCents;
      const charge = e.amountCents > 0 ? pdf.money(e.amountCents) : '';
      const credit = e.amountCents < 0 ? pdf.money(0 - e.amountCents) : '';
      return [pdf.date(e.at), t.entryKinds[e.kind], e.reference, charge, credit, pdf.money(running)];
    });
    pdf.table(
      [
        { header: t.date, weight: 13 },
        { header: t.activity, weight: 17 },
        { header: t.reference, weight: 24 },
        { header: t.charges, weight: 15, align: 'right' },
        { header: t.payments, weight: 16, align: 'right' },
        { header: t.balance, weight: 15, align: 'right' },
      ],
      [['', t.openingBalance, '', '', '', pdf.money(data.openingBalanceCents)], ...rows],
      { footer: [['', t.closingBalance, '', pdf.money(sum(entries, 1)), pdf.money(sum(entries, -1)), pdf.money(closing)]] },
    );
    if (!entries.length) pdf.paragraph(t.noActivity, { grey: true });
  });
}

function sum(entries: StatementEntry[], sign: 1 | -1): number {
  return entries.reduce((s, e) => (Math.sign(e.amountCents) === sign ? s + Math.abs(e.amountCents) : s), 0);
}
