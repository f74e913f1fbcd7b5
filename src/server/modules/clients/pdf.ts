// A client's record as a PDF (pdfkit), for export. Built in memory; never written to disk.
// pdfkit (and the font code it pulls in) and the display helpers (libphonenumber-js) are loaded on
// the first export, not at start-up.
import type { Client } from '../../../shared/clients.js';
import type { ExportSection } from './record.js';

export async function clientPdf(client: Client, practiceName: string, generatedAt: string, sections: readonly ExportSection[] = []): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const { formatDateOfBirth } = await import('../../../shared/display.js');
  const { formatPhone } = await import('../../../shared/phone.js');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 54, info: { Title: 'Client record', Producer: 'Hearth', Creator: 'Hearth' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.fontSize(18).text('Client record', { continued: false });
    doc.fontSize(9).fillColor('#555').text(`${practiceName} · exported ${generatedAt} · confidential health information`).fillColor('#000');
    doc.moveDown();
    const row = (label: string, value: string | null | undefined) => {
      doc.fontSize(10).font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value && value.length ? value : '—');
    };
    row('Legal name', `${client.firstName} ${client.lastName}`);
    row('Preferred name', client.preferredName);
    row('Pronouns', client.pronouns);
    row('Date of birth', formatDateOfBirth(client.dateOfBirth));
    row('Status', client.status);
    row('Email', client.email);
    row('Phone', formatPhone(client.phone));
    const a = client.address;
    row('Address', a ? [a.line1, a.line2, `${a.city}, ${a.state} ${a.postalCode}`].filter(Boolean).join(', ') : null);
    const e = client.emergencyContact;
    row('Emergency contact', e ? `${e.name}${e.relationship ? ` (${e.relationship})` : ''}, ${formatPhone(e.phone)}` : client.hiddenFields.includes('emergencyContact') ? 'not shown to your role' : null);
    row('Consents', `email ${client.consents.email ? 'yes' : 'no'}, SMS ${client.consents.sms ? 'yes' : 'no'}, details in messages ${client.consents.details ? 'yes' : 'no'}${client.consents.version ? ` (wording ${client.consents.version}, ${client.consents.recordedAt})` : ''}`);
    if (client.staffNotes !== undefined) {
      doc.moveDown().fontSize(12).font('Helvetica-Bold').text('Staff notes (non-clinical)').font('Helvetica').fontSize(10).text(client.staffNotes ?? '—');
    }
    for (const section of sections) {
      doc.moveDown().fontSize(12).font('Helvetica-Bold').text(section.title).font('Helvetica').fontSize(10);
      if (section.withheld) doc.text(section.withheld);
      else if (!section.items.length) doc.text('None');
      for (const item of section.printable ?? []) {
        doc.moveDown(0.5).font('Helvetica-Bold').text(item.heading).font('Helvetica');
        for (const line of item.lines) doc.text(line);
      }
    }
    doc.moveDown().fontSize(8).fillColor('#555').text(`Record ${client.id} · created ${client.createdAt} · updated ${client.updatedAt}`);
    doc.end();
  });
}
