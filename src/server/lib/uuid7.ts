// Time-ordered identifiers (UUID version 7, RFC 9562 §5.7): 48 bits of Unix milliseconds, then 74
// random bits. For rows that are only ever appended (the audit log), whose id has a unique index:
// with random (version 4) ids each insert lands on a random page of that index, so a commit of a
// few rows dirties a few scattered pages and the index's working set is all of it; with ids that
// grow with time the inserts land at the end of the index, in one page.
import { randomUUID } from 'node:crypto';

const MAX_MS = 2 ** 48 - 1;

/** A version 7 UUID for the instant `ms` (epoch milliseconds): randomUUID's random bits under the time. */
export function uuid7(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_MS) throw new RangeError(`uuid7: not a 48-bit millisecond time: ${ms}`);
  const t = ms.toString(16).padStart(12, '0');
  // randomUUID is xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx with V in 8..b (the RFC variant, as version 7
  // wants): keep everything from its 15th character on, the 74 random bits and the variant.
  return `${t.slice(0, 8)}-${t.slice(8)}-7${randomUUID().slice(15)}`;
}
