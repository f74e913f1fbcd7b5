// What every billing PDF shares: a Letter page in pdfkit's built-in Helvetica (WinAnsi covers
// Spanish: á é í ó ú ñ ü ¿ ¡), a heading block, label/value blocks, tables with column headers
// repeated after each page break, and "Page n of N" on every page once the whole document is laid
// out. Built in memory, never written to disk. pdfkit is loaded on the first render, not at start-up.
// The document's metadata carries the kind of document and its number only: never the client.
import type { BillingLocale, CurrencyCode } from '../../../shared/money.js';
import { formatMoney } from '../../../shared/money.js';
import { PDF_LABELS, type PdfLabels } from './pdf-labels.js';

/** What every billing PDF is rendered with. */
export interface PdfFrame {
  locale: BillingLocale;
  /** The practice's zone: dates print as the practice sees them. */
  timeZone: string;
  currency: CurrencyCode;
  /** ISO instant the document was generated (printed in the footer). */
  generatedAt: string;
}

/** The practice as printed at the top of every billing document. */
export interface PdfPractice {
  name: string;
  address: string | null;
  phone?: string | null;
  taxId?: string | null;
  npi?: string | null;
}

export interface Column {
  header: string;
  /** A share of the table's width (weights, not points). */
  weight: number;
  align?: 'left' | 'right';
}

export interface TableOptions {
  /** Rows printed bold after the body, with a rule above (totals). */
  footer?: string[][];
}

const MARGIN = 50;
const FOOTER_SPACE = 28;
const PAD = 3;
const BODY = 9;
const GREY = '#555555';
const RULE = '#9a9a9a';
const HEAD_FILL = '#e6e6e6';
const STRIPE = '#f5f5f5';

/**
 * Text as the built-in font can print it: NFC first (a decomposed "é" is one WinAnsi glyph once
 * composed), narrow and thin spaces from Intl as ordinary no-break spaces, and a character outside
 * WinAnsi by its base letter ("ễ" → "e") rather than as garbage; anything else as "?".
 */
export function printable(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC').replace(/[\u2009\u202f]/g, '\u00a0')) {
    if (inWinAnsi(ch)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += [...base].every(inWinAnsi) && base.length ? base : '?';
    }
  }
  return out;
}

const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
function inWinAnsi(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || c === 0x0a || WIN_ANSI_EXTRA.has(ch);
}

/** The helpers a renderer draws with, bound to one document and its locale. */
export class Pdf {
  readonly t: PdfLabels;
  private readonly dateFmt: Intl.DateTimeFormat;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly frame: PdfFrame,
  ) {
    this.t = PDF_LABELS[frame.locale];
    this.dateFmt = new Intl.DateTimeFormat(frame.locale, { timeZone: frame.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  money(minor: number): string {
    return formatMoney(minor, this.frame.currency, this.frame.locale);
  }

  /** An instant as a date in the practice's zone (12/06/2026; 06/12/2026 in es-US). */
  date(iso: string | null | undefined): string {
    return iso ? this.dateFmt.format(new Date(iso)) : '—';
  }

  /** A calendar date (YYYY-MM-DD, e.g. a date of birth): no zone shift. */
  day(ymd: string | null | undefined): string {
    if (!ymd) return '—';
    const [y, m, d] = ymd.split('-').map(Number);
    return new Intl.DateTimeFormat(this.frame.locale, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
  }

  /** YYYY-MM as the locale names it ("November 2026", "noviembre de 2026"). */
  month(ym: string): string {
    const [y, m] = ym.split('-').map(Number);
    return new Intl.DateTimeFormat(this.frame.locale, { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(new Date(Date.UTC(y!, m! - 1, 1)));
  }

  /** The practice block (top left) and the document's title with its facts (top right). */
  header(practice: PdfPractice, title: string, facts: [string, string][]): void {
    const { doc } = this;
    const top = doc.y;
    const half = this.width / 2;
    doc.font('Helvetica-Bold').fontSize(13).fillColor('#000').text(printable(practice.name), MARGIN, top, { width: half - 10 });
    doc.font('Helvetica').fontSize(BODY);
    if (practice.address) doc.text(printable(practice.address), { width: half - 10 });
    if (practice.phone) doc.text(printable(practice.phone), { width: half - 10 });
    const leftBottom = doc.y;
    doc.font('Helvetica-Bold').fontSize(20).text(printable(title), MARGIN + half, top, { width: half, align: 'right' });
    doc.fontSize(BODY);
    // Label and value in two right-aligned columns (pdfkit cannot right-align a `continued` run).
    const valueW = 110;
    for (const [label, value] of facts) {
      const y = doc.y;
      doc.font('Helvetica').fillColor(GREY).text(printable(label), MARGIN + half, y, { width: half - valueW - 8, align: 'right' });
      doc.font('Helvetica-Bold').fillColor('#000').text(printable(value), MARGIN + this.width - valueW, y, { width: valueW, align: 'right' });
      doc.y = Math.max(doc.y, y + 12);
    }
    doc.x = MARGIN;
    doc.y = Math.max(leftBottom, doc.y) + 14;
    this.rule();
  }

  rule(): void {
    const { doc } = this;
    doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + this.width, doc.y).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.y += 8;
  }

  heading(text: string): void {
    this.ensure(40);
    this.doc.font('Helvetica-Bold').fontSize(11).fillColor('#000').text(printable(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  /** Label/value pairs, one per line, in a column `width` points wide starting at `x`; returns the y it ends at. */
  fields(pairs: [string, string | null | undefined][], x = MARGIN, width = this.width, y = this.doc.y): number {
    const { doc } = this;
    doc.x = x;
    doc.y = y;
    for (const [label, value] of pairs) {
      doc.fontSize(BODY).font('Helvetica').fillColor(GREY).text(`${printable(label)}: `, x, doc.y, { width, continued: true }).font('Helvetica').fillColor('#000').text(printable(value && value.length ? value : '—'));
    }
    return doc.y;
  }

  /** Several field blocks side by side (e.g. practice | provider | client); continues below the tallest. */
  columns(blocks: { title: string; pairs: [string, string | null | undefined][] }[]): void {
    const { doc } = this;
    this.ensure(90);
    const gap = 12;
    const w = (this.width - gap * (blocks.length - 1)) / blocks.length;
    const top = doc.y;
    let bottom = top;
    blocks.forEach((b, i) => {
      const x = MARGIN + i * (w + gap);
      doc.font('Helvetica-Bold').fontSize(10).fillColor('#000').text(printable(b.title), x, top, { width: w });
      bottom = Math.max(bottom, this.fields(b.pairs, x, w, doc.y + 2));
    });
    doc.x = MARGIN;
    doc.y = bottom + 10;
  }

  paragraph(text: string, opts: { grey?: boolean; size?: number } = {}): void {
    this.doc.font('Helvetica').fontSize(opts.size ?? BODY).fillColor(opts.grey ? GREY : '#000').text(printable(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.fillColor('#000');
  }

  /** A table with a shaded header row, repeated at the top of each new page; long cells wrap. */
  table(columns: Column[], rows: string[][], opts: TableOptions = {}): void {
    const { doc } = this;
    const widths = this.columnWidths(columns, [...rows, ...(opts.footer ?? [])]);
    const drawRow = (cells: string[], style: 'head' | 'body' | 'foot', shade: string | null) => {
      doc.font(style === 'body' ? 'Helvetica' : 'Helvetica-Bold').fontSize(style === 'head' ? 8 : BODY);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(printable(c), { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
      if (style !== 'head' && doc.y + h > this.bottom()) {
        doc.addPage();
        drawRow(columns.map((c) => c.header), 'head', HEAD_FILL);
        doc.font(style === 'body' ? 'Helvetica' : 'Helvetica-Bold').fontSize(BODY);
      }
      const y = doc.y;
      if (shade) doc.rect(MARGIN, y, this.width, h).fill(shade);
      if (style === 'foot') doc.moveTo(MARGIN, y).lineTo(MARGIN + this.width, y).lineWidth(0.8).strokeColor('#000').stroke();
      doc.fillColor('#000');
      let x = MARGIN;
      cells.forEach((c, i) => {
        doc.text(printable(c), x + PAD, y + PAD, { width: widths[i]! - 2 * PAD, align: columns[i]!.align ?? 'left' });
        x += widths[i]!;
      });
      doc.y = y + h;
    };
    this.ensure(60);
    drawRow(
      columns.map((c) => c.header),
      'head',
      HEAD_FILL,
    );
    rows.forEach((r, i) => drawRow(r, 'body', i % 2 === 1 ? STRIPE : null));
    for (const f of opts.footer ?? []) drawRow(f, 'foot', null);
    doc.x = MARGIN;
    doc.y += 12;
  }

  /**
   * Each column's share of the width by weight, but never narrower than its header's longest word
   * and, for right-aligned (number) columns, its widest cell: a word or an amount is never broken.
   * What the fixed columns take comes out of the wrapping (left-aligned) ones.
   */
  private columnWidths(columns: Column[], rows: string[][]): number[] {
    const { doc } = this;
    const min = columns.map((c, i) => {
      doc.font('Helvetica-Bold').fontSize(8);
      const words = printable(c.header).split(/\s+/).map((w) => doc.widthOfString(w));
      doc.font('Helvetica-Bold').fontSize(BODY);
      const cells = c.align === 'right' ? rows.map((r) => doc.widthOfString(printable(r[i] ?? ''))) : [];
      return Math.max(0, ...words, ...cells) + 2 * PAD + 1;
    });
    const fixed = new Set<number>();
    for (;;) {
      const free = this.width - [...fixed].reduce((s, i) => s + min[i]!, 0);
      const weight = columns.reduce((s, c, i) => (fixed.has(i) ? s : s + c.weight), 0);
      const widths = columns.map((c, i) => (fixed.has(i) ? min[i]! : (c.weight / weight) * free));
      const short = widths.findIndex((w, i) => !fixed.has(i) && w < min[i]!);
      if (short < 0 || fixed.size === columns.length - 1) return widths;
      fixed.add(short);
    }
  }

  /** Right-aligned label/amount lines under a table (subtotal … balance due); the last `strong` ones bold. */
  totals(lines: [string, string][], strong = 1): void {
    const { doc } = this;
    this.ensure(16 * lines.length + 10);
    const labelW = this.width * 0.35;
    const valueW = this.width * 0.18;
    const x = MARGIN + this.width - labelW - valueW;
    lines.forEach(([label, value], i) => {
      const bold = i >= lines.length - strong;
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 11 : BODY).fillColor('#000');
      doc.text(printable(label), x, y, { width: labelW, align: 'right' });
      doc.text(printable(value), x + labelW, y, { width: valueW, align: 'right' });
      doc.y = Math.max(doc.y, y + 14);
    });
    doc.x = MARGIN;
    doc.moveDown(0.6);
  }

  /** A new page when less than `points` remain above the footer. */
  ensure(points: number): void {
    if (this.doc.y + points > this.bottom()) this.doc.addPage();
  }

  private bottom(): number {
    return this.doc.page.height - MARGIN - FOOTER_SPACE;
  }
}

/** Renders a billing document: `draw` lays it out; then each page gets its footer and page number. */
export async function renderPdf(frame: PdfFrame, title: string, footerName: string, draw: (pdf: Pdf) => void): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    bufferPages: true,
    lang: frame.locale,
    info: { Title: printable(title), Producer: 'Hearth', Creator: 'Hearth' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const pdf = new Pdf(doc, frame);
  draw(pdf);
  const { start, count } = doc.bufferedPageRange();
  const generated = pdf.t.generated(new Intl.DateTimeFormat(frame.locale, { timeZone: frame.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(frame.generatedAt)));
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit open a new page: lift the margin first.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN - 12;
    const w = pdf.width;
    doc.font('Helvetica').fontSize(7.5).fillColor(GREY);
    doc.text(printable(`${footerName} · ${pdf.t.confidential} · ${generated}`), MARGIN, y, { width: w * 0.75, lineBreak: false });
    doc.text(printable(pdf.t.pageOf(i - start + 1, count)), MARGIN + w * 0.75, y, { width: w * 0.25, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
