// The superbill PDF: what a client hands their insurer to claim out-of-network reimbursement. The
// practice (tax id, NPI), the rendering provider(s) (credentials, licence, NPI), the client (name,
// date of birth, address), the diagnoses in claim order, and one row per visit with its CPT code,
// modifiers and place of service as stored on the invoice line (computed from the call record:
// 95 video, 93 audio only; POS 10 at home, 02 elsewhere), units, fee and amount paid.
import { PDF_LABELS } from './pdf-labels.js';
import { renderPdf, type Column, type Pdf, type PdfFrame, type PdfPractice } from './pdf-layout.js';

export interface SuperbillProvider {
  name: string;
  credentials: string | null;
  licence: string | null;
  npi: string | null;
}

export interface SuperbillVisit {
  /** When the service happened (ISO instant). */
  date: string;
  description: string;
  cptCode: string | null;
  modifiers: string[];
  posCode: string | null;
  units: number;
  feeCents: number;
  paidCents: number;
  /** The rendering provider's NPI; printed when the period has more than one provider. */
  providerNpi?: string | null;
}

export interface SuperbillPdfData {
  practice: PdfPractice;
  providers: SuperbillProvider[];
  client: { name: string; dateOfBirth: string | null; address: string | null };
  diagnoses: { code: string; description: string }[];
  /** The period as printed: first and last day (ISO instants or dates). */
  from: string;
  to: string;
  visits: SuperbillVisit[];
}

export function superbillPdf(data: SuperbillPdfData, frame: PdfFrame): Promise<Buffer> {
  const L = PDF_LABELS[frame.locale];
  return renderPdf(frame, L.superbill, data.practice.name, (pdf) => {
    const { t } = pdf;
    const period = t.period(pdf.date(data.from), pdf.date(data.to));
    pdf.header(data.practice, t.superbill, []);
    pdf.paragraph(period);
    pdf.doc.moveDown(0.6);
    const provider = (p: SuperbillProvider): [string, string | null][] => [
      [t.name, p.name],
      [t.credentials, p.credentials],
      [t.licence, p.licence],
      [t.npi, p.npi],
    ];
    pdf.columns([
      {
        title: t.practice,
        pairs: [
          [t.name, data.practice.name],
          [t.address, data.practice.address],
          [t.taxId, data.practice.taxId],
          [t.npi, data.practice.npi],
          [t.phone, data.practice.phone],
        ],
      },
      ...(data.providers.length === 1 ? [{ title: t.provider, pairs: provider(data.providers[0]!) }] : []),
      {
        title: t.client,
        pairs: [
          [t.name, data.client.name],
          [t.dateOfBirth, pdf.day(data.client.dateOfBirth)],
          [t.address, data.client.address],
        ],
      },
    ]);
    if (data.providers.length > 1) {
      pdf.heading(t.providers);
      pdf.table(
        [
          { header: t.name, weight: 34 },
          { header: t.credentials, weight: 22 },
          { header: t.licence, weight: 22 },
          { header: t.npi, weight: 22 },
        ],
        data.providers.map((p) => [p.name, p.credentials ?? '—', p.licence ?? '—', p.npi ?? '—']),
      );
    }
    pdf.heading(t.diagnoses);
    if (data.diagnoses.length) {
      pdf.table(
        [
          { header: '#', weight: 6 },
          { header: t.code, weight: 14 },
          { header: t.description, weight: 80 },
        ],
        data.diagnoses.map((d, i) => [String.fromCharCode(65 + i), d.code, d.description]),
      );
    } else {
      pdf.paragraph(t.noDiagnoses, { grey: true });
      pdf.doc.moveDown();
    }
    visitsTable(pdf, data);
    // The note and the signature line stay together on one page.
    pdf.ensure(80);
    pdf.paragraph(t.superbillNote, { grey: true, size: 8 });
    pdf.doc.moveDown(2.5);
    const y = pdf.doc.y;
    pdf.doc.moveTo(pdf.doc.page.margins.left, y).lineTo(pdf.doc.page.margins.left + 220, y).lineWidth(0.6).strokeColor('#000').stroke();
    pdf.doc.y = y + 4;
    pdf.paragraph(t.signature, { grey: true, size: 8 });
  });
}

function visitsTable(pdf: Pdf, data: SuperbillPdfData): void {
  const { t } = pdf;
  const several = data.providers.length > 1;
  const columns: Column[] = [
    { header: t.serviceDate, weight: 11 },
    { header: t.description, weight: several ? 19 : 27 },
    { header: t.cpt, weight: 8 },
    { header: t.modifiers, weight: 11 },
    { header: t.pos, weight: 7 },
    { header: t.units, weight: 7, align: 'right' },
    { header: t.fee, weight: 11, align: 'right' },
    { header: t.amountPaid, weight: 11, align: 'right' },
  ];
  if (several) columns.splice(1, 0, { header: t.npi, weight: 11 });
  const visits = [...data.visits].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const rows = visits.map((v) => {
    const row = [pdf.date(v.date), v.description, v.cptCode ?? '—', v.modifiers.length ? v.modifiers.join(', ') : '—', v.posCode ?? '—', String(v.units), pdf.money(v.feeCents), pdf.money(v.paidCents)];
    if (several) row.splice(1, 0, v.providerNpi ?? '—');
    return row;
  });
  const fee = visits.reduce((s, v) => s + v.feeCents, 0);
  const paid = visits.reduce((s, v) => s + v.paidCents, 0);
  const footer = [t.totals, '', '', '', '', String(visits.reduce((s, v) => s + v.units, 0)), pdf.money(fee), pdf.money(paid)];
  if (several) footer.splice(1, 0, '');
  pdf.heading(t.visits);
  if (!visits.length) {
    pdf.paragraph(t.noVisits, { grey: true });
    pdf.doc.moveDown();
    return;
  }
  pdf.table(columns, rows, { footer: [footer] });
}
