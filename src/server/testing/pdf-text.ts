// Reads a PDF back as text, for tests: pdfjs-dist's legacy build (the one that runs in Node), one
// string per page with the page's text items in reading order, joined by single spaces.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

// pdfjs reads the metrics of the 14 standard fonts (Helvetica, ...) from these files.
const STANDARD_FONTS = `${path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

export interface PdfText {
  pages: string[];
  /** Every page's text, joined. */
  text: string;
  /** The document's Title and other info entries. */
  info: Record<string, unknown>;
}

export async function pdfText(bytes: Buffer | Uint8Array): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: STANDARD_FONTS, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      pages.push(
        content.items
          .filter((it): it is TextItem => 'str' in it)
          .map((it) => it.str)
          .filter((s) => s.trim().length)
          .join(' ')
          .replace(/\u00a0/g, ' ')
          .replace(/\s+/g, ' '),
      );
    }
    const meta = await doc.getMetadata();
    return { pages, text: pages.join('\n'), info: (meta.info ?? {}) as Record<string, unknown> };
  } finally {
    await doc.destroy();
  }
}
