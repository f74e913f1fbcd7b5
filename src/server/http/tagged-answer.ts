// A private JSON answer rendered ahead of the request and kept (the calendar's month,
// modules/scheduling/calendar-answers.ts): its bytes, its tag as http/etag.ts's conditional GET
// makes it, and each compressed form made once, on first use, with the settings app.ts's
// compression uses for every other answer (COMPRESSION). sendTagged sends it as that pair would:
// the same headers, a 304 for a tag the client holds, the encoding the client prefers, the bytes as
// they are. A route that sends one skips both hooks' work per request (they leave a Buffer and a
// 304 alone); the rules stay in this one place.
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addVary, answerTag, noneMatchHolds, tagPrivate } from './etag.js';

/** app.ts's compression: brotli (quality 4) or gzip, for answers of 1 KB and more. */
export const COMPRESSION = { encodings: ['br', 'gzip'] as const, threshold: 1024, brotliQuality: 4, gzipLevel: 6 };

export type Encoding = (typeof COMPRESSION.encodings)[number];

/** A rendered answer: its JSON bytes and its tag. */
export interface TaggedAnswer {
  readonly tag: string;
  readonly body: Buffer;
  /** The body in `encoding` (compressed on first use, then kept), or the body itself when small. */
  bytes(encoding: Encoding | null): { encoding: Encoding | null; body: Buffer };
  /** The bytes of the compressed forms made so far. */
  compressedBytes(): number;
}

/** `json` as `principal` is given it, tagged; `grew` hears of each compressed form as it is made. */
export function taggedAnswer(principal: string, json: string, grew: (bytes: number) => void = () => {}): TaggedAnswer {
  const body = Buffer.from(json, 'utf8');
  const compressed = new Map<Encoding, Buffer>();
  return {
    tag: answerTag(principal, json),
    body,
    bytes(encoding) {
      if (encoding === null || body.length < COMPRESSION.threshold) return { encoding: null, body };
      let out = compressed.get(encoding);
      if (!out) {
        out =
          encoding === 'br'
            ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: COMPRESSION.brotliQuality, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })
            : gzipSync(body, { level: COMPRESSION.gzipLevel });
        compressed.set(encoding, out);
        grew(out.length);
      }
      return { encoding, body: out };
    },
    compressedBytes: () => [...compressed.values()].reduce((n, b) => n + b.length, 0),
  };
}

/**
 * The encoding to send for an Accept-Encoding header: brotli or gzip, whichever the client rates
 * higher (brotli on a tie, as app.ts's compression prefers it), or none. `*` stands for both; q=0
 * refuses.
 */
export function preferredEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const q: Record<string, number> = {};
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';').map((p) => p.trim());
    if (!name) continue;
    const qp = params.find((p) => p.startsWith('q='));
    const value = qp === undefined ? 1 : Number(qp.slice(2));
    q[name === 'x-gzip' ? 'gzip' : name] = Number.isFinite(value) ? value : 0;
  }
  const rate = (e: Encoding) => q[e] ?? q['*'] ?? 0;
  const br = rate('br');
  const gz = rate('gzip');
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}

/** Sends `answer` (JSON) as a private, tagged answer: 304 when the client holds its tag, else its bytes in the encoding the client prefers. */
export function sendTagged(req: FastifyRequest, reply: FastifyReply, answer: TaggedAnswer): FastifyReply {
  tagPrivate(reply, answer.tag);
  addVary(reply, 'accept-encoding');
  if (noneMatchHolds(req.headers['if-none-match'], answer.tag)) return reply.code(304).send();
  const { encoding, body } = answer.bytes(preferredEncoding(req.headers['accept-encoding']));
  if (encoding) reply.header('content-encoding', encoding);
  return reply.header('content-type', 'application/json; charset=utf-8').send(body);
}
