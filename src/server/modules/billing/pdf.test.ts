// The billing PDFs read back as text (pdfjs-dist): every field a reader or an insurer needs is
// there, in the practice's locale and zone, money through formatMoney, and long lists break over
// pages with the column headers repeated and "Page n of N" on each.
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../testing/pdf-text.js';
import { invoicePdf, type InvoicePdfData } from './pdf-invoice.js';
import { printable, type PdfFrame } from './pdf-layout.js';
import { receiptPdf } from './pdf-receipt.js';
import { closingBalance, statementPdf, type StatementPdfData } from './pdf-statement.js';
import { superbillPdf, type SuperbillPdfData, type SuperbillVisit } from './pdf-superbill.js';

const frame: PdfFrame = { locale: 'en-US', timeZone: 'America/Chicago', currency: 'USD', generatedAt: '2026-12-06T18:00:00.000Z' };
const es: PdfFrame = { ...frame, locale: 'es-US' };
const practice = { name: 'Juniper Hill Counseling', address: '120 Lake St, Suite 4\nEvanston, IL 60201', phone: '(312) 555-0100', taxId: '12-3456789', npi: '1234567893' };
const client = { name: 'Odile Marchetti', address: '55 Elm Ave, Chicago, IL 60614' };

function invoice(over: Partial<InvoicePdfData['invoice']> = {}): InvoicePdfData {
  return {
    practice,
    client,
    taxLabel: null,
    invoice: {
      kind: 'invoice',
      number: 'INV-000042',
      status: 'partly_paid',
      // 05:30 UTC on Dec 2 is still Dec 1 in Chicago: dates print in the practice's zone.
      issuedAt: '2026-12-02T05:30:00.000Z',
      dueAt: '2026-12-31T18:00:00.000Z',
      subtotalCents: 33000,
      reductionCents: 6000,
      taxCents: 0,
      totalCents: 27000,
      paidCents: 10000,
      creditedCents: 0,
      refundedCents: 0,
      balanceCents: 17000,
      memo: null,
      lines: [
        { serviceDate: '2026-11-10T16:00:00.000Z', description: 'Psychotherapy, 60 minutes', cptCode: '90837', modifiers: ['95'], units: 1, rateCents: 18000, reductionCents: 6000, taxCents: 0, totalCents: 12000 },
        { serviceDate: '2026-11-17T16:00:00.000Z', description: 'Psychotherapy, 45 minutes', cptCode: '90834', modifiers: ['93'], units: 1, rateCents: 15000, reductionCents: 0, taxCents: 0, totalCents: 15000 },
      ],
      ...over,
    },
  };
}

describe('invoice PDF', () => {
  it('prints the number, dates in the practice zone, parties, each line and the balance due', async () => {
    const { text, pages, info } = await pdfText(await invoicePdf(invoice(), frame));
    expect(pages).toHaveLength(1);
    for (const s of ['Invoice', 'INV-000042', 'Issued 12/01/2026', 'Due 12/31/2026', 'Status Partly paid', 'Bill to', 'Odile Marchetti', '55 Elm Ave', 'Juniper Hill Counseling', 'Tax ID: 12-3456789', 'NPI: 1234567893']) {
      expect(text).toContain(s);
    }
    for (const h of ['Date', 'Description', 'CPT', 'Units', 'Rate', 'Reduction', 'Tax', 'Total']) expect(text).toContain(h);
    expect(text).toContain('11/10/2026 Psychotherapy, 60 minutes 90837 95 1 $180.00 $60.00 — $120.00');
    expect(text).toContain('11/17/2026 Psychotherapy, 45 minutes 90834 93 1 $150.00 — — $150.00');
    expect(text).toMatch(/Subtotal \$330\.00 Discounts and sliding scale -\$60\.00 Total \$270\.00 Paid -\$100\.00 Balance due \$170\.00/);
    expect(text).toContain('Page 1 of 1');
    // The document's title says what it is, never whose it is.
    expect(info.Title).toBe('Invoice INV-000042');
    expect(JSON.stringify(info)).not.toContain('Marchetti');
  });

  it('names the tax when the practice has a label, and shows credits, refunds and a memo', async () => {
    const data = invoice({ taxCents: 2396, totalCents: 29396, creditedCents: 5000, refundedCents: 2500, paidCents: 10000, balanceCents: 16896, memo: 'Thank you — see you in January.' });
    data.taxLabel = 'IL sales tax';
    const { text } = await pdfText(await invoicePdf(data, frame));
    expect(text).toMatch(/Tax \(IL sales tax\) \$23\.96 Total \$293\.96 Credited -\$50\.00 Paid -\$100\.00 Refunded \$25\.00 Balance due \$168\.96/);
    expect(text).toContain('Note Thank you — see you in January.');
  });

  it('a draft says Draft where the number goes; a credit note has no due date or balance', async () => {
    const draft = await pdfText(await invoicePdf(invoice({ number: null, status: 'draft', issuedAt: null, dueAt: null }), frame));
    expect(draft.text).toContain('Number Draft');
    expect(draft.info.Title).toBe('Invoice Draft');
    const cn = await pdfText(await invoicePdf(invoice({ kind: 'credit_note', number: 'CN-000003', status: 'issued', originalNumber: 'INV-000042', subtotalCents: -12000, reductionCents: 0, totalCents: -12000, paidCents: 0, balanceCents: 0 }), frame));
    expect(cn.text).toContain('Credit note');
    expect(cn.text).toContain('Invoice INV-000042');
    expect(cn.text).toContain('Total -$120.00');
    expect(cn.text).not.toContain('Balance due');
    expect(cn.text).not.toContain('Due ');
  });

  it('in es-US: Spanish labels with their accents, dates day first', async () => {
    const { text, info } = await pdfText(await invoicePdf(invoice(), es));
    for (const s of ['Factura', 'Número INV-000042', 'Emitida 01/12/2026', 'Vence 31/12/2026', 'Estado Pagada en parte', 'Facturar a', 'Descripción', 'Unidades', 'Saldo pendiente $170.00', 'Página 1 de 1', 'Información de salud confidencial']) {
      expect(text).toContain(s);
    }
    expect(info.Title).toBe('Factura INV-000042');
  });

  it('breaks a long invoice over pages, repeating the column headers', async () => {
    const line = invoice().invoice.lines[0]!;
    const lines = Array.from({ length: 70 }, (_, i) => ({ ...line, description: `Session ${i + 1}` }));
    const { pages } = await pdfText(await invoicePdf(invoice({ lines }), frame));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      expect(p).toContain(`Page ${i + 1} of ${pages.length}`);
      // Every page that carries lines starts them under the column headers.
      if (p.includes('Session')) expect(p).toMatch(/Date Description CPT Units Rate Reduction Tax Total \d\d\/\d\d\/2026 Session/);
    });
    expect(pages.filter((p) => p.includes('Session')).length).toBeGreaterThan(1);
    expect(pages.join(' ')).toContain('Session 70');
    expect(pages.at(-1)).toContain('Balance due');
  });
});

describe('receipt PDF', () => {
  const data = {
    practice,
    client,
    payment: { receiptNumber: 'R-7F3A21', method: 'check' as const, amountCents: 20000, refundedCents: 0, receivedAt: '2026-12-03T15:00:00.000Z', reference: '1043' },
    allocations: [
      { invoiceNumber: 'INV-000041', amountCents: 5000 },
      { invoiceNumber: 'INV-000042', amountCents: 12000 },
    ],
    unappliedCents: 3000,
    balanceCents: -3000,
  };

  it('prints the amount, method, date, invoices paid and the credit left', async () => {
    const { text, info } = await pdfText(await receiptPdf(data, frame));
    for (const s of ['Receipt', 'Number R-7F3A21', 'Received 12/03/2026', 'Received from', 'Odile Marchetti', 'Amount: $200.00', 'Method: Check', 'Reference: 1043']) expect(text).toContain(s);
    expect(text).toContain('Applied to invoice Applied INV-000041 $50.00 INV-000042 $120.00');
    expect(text).toMatch(/Payment received \$200\.00 Kept as credit \$30\.00 Credit on account \$30\.00/);
    expect(info.Title).toBe('Receipt R-7F3A21');
  });

  it('shows what is still owed, and a refund taken from the payment', async () => {
    const { text } = await pdfText(await receiptPdf({ ...data, payment: { ...data.payment, method: 'stripe', refundedCents: 2000, reference: null }, unappliedCents: 0, balanceCents: 4500 }, frame));
    expect(text).toContain('Method: Card (online)');
    expect(text).toContain('Reference: —');
    expect(text).toMatch(/Refunded from this payment -\$20\.00 Remaining balance \$45\.00/);
  });

  it('says so when the payment paid no invoice (es-US)', async () => {
    const { text } = await pdfText(await receiptPdf({ ...data, allocations: [], unappliedCents: 20000 }, es));
    expect(text).toContain('Este pago no se aplicó a ninguna factura.');
    expect(text).toContain('Forma de pago: Cheque');
  });
});

describe('statement PDF', () => {
  const data: StatementPdfData = {
    practice,
    client,
    month: '2026-11',
    openingBalanceCents: 5000,
    entries: [
      { at: '2026-11-20T15:00:00.000Z', kind: 'payment', reference: 'Check 1043', amountCents: -20000 },
      { at: '2026-11-10T15:00:00.000Z', kind: 'invoice', reference: 'INV-000042', amountCents: 27000 },
      { at: '2026-11-25T15:00:00.000Z', kind: 'refund', reference: 'Card (online)', amountCents: 2500 },
      { at: '2026-11-26T15:00:00.000Z', kind: 'credit_note', reference: 'CN-000003', amountCents: -4000 },
    ],
  };

  it('runs from the opening balance through each entry, in date order, to the closing balance', async () => {
    expect(closingBalance(data)).toBe(10500);
    const { text, info } = await pdfText(await statementPdf(data, frame));
    expect(text).toContain('Month November 2026');
    expect(text).toContain('Statement for November 2026');
    expect(text).toContain('Opening balance $50.00');
    expect(text).toContain('11/10/2026 Invoice INV-000042 $270.00 $320.00');
    expect(text).toContain('11/20/2026 Payment Check 1043 $200.00 $120.00');
    expect(text).toContain('11/25/2026 Refund Card (online) $25.00 $145.00');
    expect(text).toContain('11/26/2026 Credit note CN-000003 $40.00 $105.00');
    expect(text).toContain('Closing balance $295.00 $240.00 $105.00');
    expect(info.Title).toBe('Statement 2026-11');
  });

  it('a quiet month says there was no activity (es-US month name)', async () => {
    const { text } = await pdfText(await statementPdf({ ...data, entries: [] }, es));
    expect(text).toContain('Estado de cuenta de noviembre de 2026');
    expect(text).toContain('Sin movimientos este mes.');
    expect(text).toContain('Saldo final $0.00 $0.00 $50.00');
  });
});

describe('superbill PDF', () => {
  const video: SuperbillVisit = { date: '2026-11-10T16:00:00.000Z', description: 'Psychotherapy, 60 minutes', cptCode: '90837', modifiers: ['95'], posCode: '10', units: 1, feeCents: 18000, paidCents: 18000 };
  const audio: SuperbillVisit = { date: '2026-11-17T16:00:00.000Z', description: 'Psychotherapy, 45 minutes', cptCode: '90834', modifiers: ['93'], posCode: '02', units: 1, feeCents: 15000, paidCents: 7500 };
  const data: SuperbillPdfData = {
    practice,
    providers: [{ name: 'Dr. Inés Álvarez', credentials: 'PsyD', licence: 'IL PSY 071-012345', npi: '1987654321' }],
    client: { name: 'Odile Marchetti', dateOfBirth: '1990-06-21', address: '55 Elm Ave, Chicago, IL 60614' },
    diagnoses: [
      { code: 'F41.1', description: 'Generalized anxiety disorder' },
      { code: 'F32.1', description: 'Major depressive disorder, single episode, moderate' },
    ],
    from: '2026-11-01T06:00:00.000Z',
    to: '2026-11-30T18:00:00.000Z',
    visits: [audio, video],
  };

  it('carries the practice, provider, client, diagnoses and each visit with modifier 95 (video) and 93 (audio)', async () => {
    const { text, info } = await pdfText(await superbillPdf(data, frame));
    for (const s of [
      'Superbill',
      'Services from 11/01/2026 to 11/30/2026',
      'Tax ID: 12-3456789',
      'NPI: 1234567893',
      'Rendering provider',
      'Dr. Inés Álvarez',
      'Credentials: PsyD',
      'License: IL PSY 071-012345',
      'NPI: 1987654321',
      'Date of birth: 06/21/1990',
      '55 Elm Ave, Chicago, IL 60614',
      'Diagnoses (ICD-10-CM)',
      'A F41.1 Generalized anxiety disorder',
      'B F32.1 Major depressive disorder, single episode, moderate',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toContain('Date Description CPT Modifiers POS Units Fee Paid');
    // Sorted by date: the video visit first.
    expect(text).toContain('11/10/2026 Psychotherapy, 60 minutes 90837 95 10 1 $180.00 $180.00 11/17/2026 Psychotherapy, 45 minutes 90834 93 02 1 $150.00 $75.00');
    expect(text).toContain('Totals 2 $330.00 $255.00');
    expect(text).toContain('Provider signature');
    expect(info.Title).toBe('Superbill');
  });

  it('lists several providers in a table and names each visit’s NPI', async () => {
    const two = { ...data, providers: [...data.providers, { name: 'Sam Okafor', credentials: 'LCSW', licence: null, npi: '1112223334' }], visits: [{ ...video, providerNpi: '1987654321' }, { ...audio, providerNpi: '1112223334' }] };
    const { text } = await pdfText(await superbillPdf(two, frame));
    expect(text).toContain('Rendering providers');
    expect(text).toContain('Sam Okafor LCSW — 1112223334');
    expect(text).toContain('11/17/2026 1112223334 Psychotherapy, 45 minutes 90834 93 02');
  });

  it('breaks sixty visits over pages with the headers repeated and page numbers', async () => {
    const visits = Array.from({ length: 60 }, (_, i) => ({ ...(i % 2 ? audio : video), date: new Date(Date.UTC(2026, 0, 1 + i, 16)).toISOString() }));
    const { pages } = await pdfText(await superbillPdf({ ...data, visits }, frame));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages.length}`));
    const withVisits = pages.filter((p) => p.includes('Psychotherapy'));
    expect(withVisits.length).toBeGreaterThan(1);
    for (const p of withVisits) expect(p).toMatch(/Date Description CPT Modifiers POS Units Fee Paid \d\d\/\d\d\/2026 Psychotherapy/);
    expect(pages.join(' ')).toContain('Totals 60 $9,900.00 $7,650.00');
  });

  it('in es-US, with no diagnoses and no visits', async () => {
    const { text } = await pdfText(await superbillPdf({ ...data, diagnoses: [], visits: [] }, es));
    expect(text).toContain('Servicios del 01/11/2026 al 30/11/2026');
    expect(text).toContain('Fecha de nacimiento: 21/06/1990');
    expect(text).toContain('No hay códigos de diagnóstico registrados.');
    expect(text).toContain('No hay servicios facturados en este período.');
  });
});

describe('printable', () => {
  it('keeps Spanish letters, composes decomposed accents, and falls back to the base letter', () => {
    expect(printable('Íñigo Peña ¿sí?')).toBe('Íñigo Peña ¿sí?');
    expect(printable('Jose\u0301')).toBe('José');
    expect(printable('Nguyễn Trần')).toBe('Nguyen Tran');
    expect(printable('王')).toBe('?');
    expect(printable('6:26\u202fPM')).toBe('6:26\u00a0PM');
  });
});
