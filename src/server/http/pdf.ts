// A PDF download: application/pdf, never cached (Cache-Control: no-store), an attachment whose file
// name the caller chose (numbers and periods, never a name), not sniffed as anything else.
import type { FastifyReply } from 'fastify';

export interface PdfFile {
  bytes: Buffer;
  /** e.g. invoice-INV-000042.pdf: numbers and periods only. */
  fileName: string;
}

export function sendPdf(reply: FastifyReply, file: PdfFile) {
  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .type('application/pdf')
    .send(file.bytes);
}
