// A completed (or open) form as a PDF: the form's name and version, the consent wording the client
// saw, each question with its answer, the drawn signature and the signing record (typed name, time,
// IP, the exact template id and version, the content hash and whether it still matches). pdfkit's
// built-in Helvetica, Letter, built in memory; the document's metadata names the form, never the client.
import { answerText } from '../../../shared/fields.js';
import type { FormRequestDetail } from '../../../shared/forms.js';

const MARGIN = 50;
const GREY = '#555555';

/** Text the built-in font can print (WinAnsi): accents composed, anything else by its base letter or "?". */
function printable(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[^\t\n\u0020-\u007e\u00a0-\u00ff]/gu, (ch) => ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\u0020-\u007e\u00a0-\u00ff]/gu, '?') || '?');
}

/** Markdown wording as plain text: headings and emphasis marks dropped, list items kept as bullets. */
function plainWording(md: string): string {
  return md
    .split('\n')
    .map((l) => l.replace(/^#{1,6}\s+/, '').replace(/^\s*[-*]\s+/, '• ').replace(/\*\*|__|\*|`/g, ''))
    .join('\n');
}


export async function formPdf(form: FormRequestDetail, clientName: string, signatureImage: string | null, generatedAt: string): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'LETTER', margin: MARGIN, info: { Title: printable(`${form.name}, version ${form.version}`), Producer: 'Hearth', Creator: 'Hearth' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (t: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).fillColor('black').text(printable(t)).moveDown(0.3);
  const line = (label: string, value: string) => doc.font('Helvetica-Bold').fontSize(10).fillColor('black').text(printable(`${label}: `), { continued: true }).font('Helvetica').text(printable(value));

  doc.font('Helvetica-Bold').fontSize(16).text(printable(form.name));
  doc.font('Helvetica').fontSize(9).fillColor(GREY).text(printable(`Version ${form.version} · Status: ${form.status} · Generated ${generatedAt} · Confidential`));
  doc.moveDown(0.5);
  line('Client', clientName);
  line('Sent', form.sentAt);
  if (form.completedAt) line('Completed', form.completedAt);

  if (form.wording) {
    heading('Wording signed');
    doc.font('Helvetica').fontSize(10).fillColor('black').text(printable(plainWording(form.wording)));
  }
  heading('Answers');
  for (const f of form.fields) {
    doc.font('Helvetica-Bold').fontSize(10).fillColor('black').text(printable(f.label));
    doc.font('Helvetica').fontSize(10).text(printable(answerText(f, form.answers[f.key], { empty: '(no answer)' }))).moveDown(0.3);
  }

  heading('Signing record');
  if (form.signing) {
    if (signatureImage) {
      const png = Buffer.from(signatureImage.slice(signatureImage.indexOf(',') + 1), 'base64');
      try {
        doc.image(png, { fit: [240, 90] }).moveDown(0.3);
      } catch {
        doc.font('Helvetica').fontSize(9).fillColor(GREY).text('(the drawn signature could not be shown)');
      }
    }
    line('Typed name', form.signing.typedName || '(none)');
    line('Signed at', form.signing.signedAt);
    line('IP address', form.signing.ip);
    line('Form version', `${form.signing.version} (template ${form.signing.templateId})`);
    line('Content hash', form.signing.contentHash);
    line('Integrity', form.integrity === 'tampered' ? 'DOES NOT MATCH: changed after signing' : 'matches the signed content');
  } else {
    doc.font('Helvetica').fontSize(10).text('Not signed yet.');
  }
  doc.end();
  return done;
}
