// Routes that take one file as the raw body (documents, files shared in a call): the content type,
// its parser, and the body limit with the answer when a file is over it.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ClientError } from '../i18n/errors.js';

/** The content type of a file sent as the raw body. */
export const OCTET = 'application/octet-stream';

/** In an encapsulated scope: application/octet-stream bodies arrive as a Buffer of at most `limit` bytes. */
export function acceptFileBodies(scope: FastifyInstance, limit: number): void {
  if (scope.hasContentTypeParser(OCTET)) scope.removeContentTypeParser(OCTET);
  scope.addContentTypeParser(OCTET, { parseAs: 'buffer', bodyLimit: limit }, (_req, body: Buffer, done) => done(null, body));
}

/** A file over `limit` bytes (413), in the uploader's language: clients upload on the portal and in calls. */
export const fileTooLarge = (limit: number) => new ClientError('payload_too_large', 413, 'errors.upload.tooLarge', { mib: String(limit / 1024 / 1024) }, 'file');

/** A file route's options: the raw body, its limit, and a body over the limit answered as the file's fault (413). */
export function fileBody(limit: number) {
  return {
    bodyLimit: limit,
    errorHandler: (err: FastifyError): never => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw fileTooLarge(limit);
      throw err;
    },
    consumes: [OCTET],
  };
}
