// Conditional GET for a private JSON answer: a strong ETag derived from the answer itself (so every
// instance gives the same tag for the same data, and any change made through any instance changes
// it) and from who asked (so one user's tag never validates another user's answer), and a 304 with
// no body when the client already holds that answer. The route still does all its work first —
// its query, its access checks and its audit row — only the bytes are saved. The answer is PHI, so
// it stays `Cache-Control: no-store` (SECURITY.md): no browser or proxy keeps it on disk; the SPA
// keeps the answer in memory and sends its tag in If-None-Match itself.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The tag of `body` as `principal` was given it: a quoted base64url SHA-256. */
export function answerTag(principal: string, body: string): string {
  return `"${createHash('sha256').update(principal).update('\n').update(body).digest('base64url')}"`;
}

/**
 * Whether an If-None-Match header holds `tag`. The weak comparison RFC 9110 prescribes for
 * If-None-Match: a W/ prefix is ignored; `*` matches any current answer.
 */
export function noneMatchHolds(header: string | string[] | undefined, tag: string): boolean {
  if (header === undefined) return false;
  const values = (Array.isArray(header) ? header.join(',') : header).split(',').map((v) => v.trim());
  return values.some((v) => v === '*' || v.replace(/^W\//, '') === tag);
}

/**
 * An onSend hook for a GET route whose 200 answer is one person's data. `principal` names who the
 * answer is for (null: not tagged). Sets ETag, keeps `Cache-Control: no-store` (nothing is kept on
 * disk; the tag is for the SPA's in-memory copy) and adds `Vary: Cookie`.
 */
export function privateConditional(principal: (req: FastifyRequest) => string | null) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const who = principal(req);
    if (who === null) return payload;
    const tag = answerTag(who, payload);
    tagPrivate(reply, tag);
    if (!noneMatchHolds(req.headers['if-none-match'], tag)) return payload;
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    return null;
  };
}

/** The headers of one person's tagged answer: its ETag, `Cache-Control: no-store` and `Vary: Cookie`. */
export function tagPrivate(reply: FastifyReply, tag: string): void {
  reply.header('etag', tag);
  reply.header('cache-control', 'no-store');
  addVary(reply, 'cookie');
}

/** Adds `field` to the answer's Vary header, once. */
export function addVary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  const fields = current === undefined ? [] : String(current).split(',').map((f) => f.trim()).filter(Boolean);
  if (!fields.some((f) => f.toLowerCase() === field || f === '*')) fields.push(field);
  reply.header('vary', fields.join(', '));
}
