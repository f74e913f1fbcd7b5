// The one cursor encoding of list endpoints: a small JSON object in base64url, opaque to clients.
// Offset pages carry `{ o }`; keyset pages (newest first) carry a time and an id. A cursor that does
// not decode is a 400 on the `cursor` field, never a silent first page.
import { invalid } from '../errors.js';

const BAD = () => invalid('cursor', 'is not a cursor this API gave out');

function encode(fields: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}

function decode<T>(cursor: string, read: (v: Record<string, unknown>) => T | null): T {
  let out: T | null = null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof v === 'object' && v !== null) out = read(v as Record<string, unknown>);
  } catch {
    /* fall through */
  }
  if (out === null) throw BAD();
  return out;
}

/** The cursor of the page starting at `offset`. */
export const encodeOffsetCursor = (offset: number): string => encode({ o: offset });

/** The offset a cursor names (0 without one); at most `max`. */
export function decodeOffsetCursor(cursor: string | undefined, max = Number.MAX_SAFE_INTEGER): number {
  if (!cursor) return 0;
  return decode(cursor, ({ o }) => (typeof o === 'number' && Number.isInteger(o) && o >= 0 && o <= max ? o : null));
}

/** The cursor after the row at time `at` with id `id`; `idKey` names the id in the cursor. */
export const encodeKeysetCursor = (at: number, id: string, idKey = 'i'): string => encode({ t: at, [idKey]: id });

/** The (time, id) a keyset cursor names, or null without one. */
export function decodeKeysetCursor(cursor: string | undefined, idKey = 'i'): { at: number; id: string } | null {
  if (!cursor) return null;
  return decode(cursor, (v) => {
    const t = v.t;
    const id = v[idKey];
    return typeof t === 'number' && Number.isSafeInteger(t) && typeof id === 'string' && id.length > 0 && id.length <= 64 ? { at: t, id } : null;
  });
}
