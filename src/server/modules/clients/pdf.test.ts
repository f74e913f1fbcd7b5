// The PDF export shows phones and the date of birth as the screens do, not as stored.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../../shared/clients.js';
import { clientPdf } from './pdf.js';

/** The text of each TJ/Tj operation in a pdfkit PDF (content streams inflated, hex strings decoded). */
function pdfTexts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const op of content.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj/g)) {
      const hexes = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!) : [op[2]!];
      out.push(hexes.map((h) => Buffer.from(h, 'hex').toString('latin1')).join(''));
    }
  }
  return out;
}

const client = {
  id: 'c1',
  firstName: 'Odile',
  lastName: 'Marchetti',
  preferredName: null,
  pronouns: null,
  dateOfBirth: '1990-06-21',
  status: 'active',
  email: 'odile@example.org',
  phone: '+13125550148',
  address: null,
  emergencyContact: { name: 'Luca Marchetti', phone: '+442079460018', relationship: 'Brother' },
  hiddenFields: [],
  consents: { email: true, sms: false, details: false, version: null, recordedAt: null },
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
} as unknown as Client;

describe('client PDF export', () => {
  it('writes the date of birth as MM/DD/YYYY and phones as people read them', async () => {
    const texts = pdfTexts(await clientPdf(client, 'Juniper Hill', '2026-12-06T00:00:00.000Z'));
    expect(texts.join('\n')).toContain('Client record');
    expect(texts).toContain('06/21/1990');
    expect(texts).toContain('(312) 555-0148');
    expect(texts.some((t) => t.includes('+44 20 7946 0018'))).toBe(true);
    expect(texts.join('\n')).not.toContain('1990-06-21');
    expect(texts.join('\n')).not.toContain('+13125550148');
  });
});
