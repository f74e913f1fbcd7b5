// IANA time zone names, checked against the runtime's own zone database (Intl).
import { z } from 'zod';

/** True when the runtime knows the IANA zone name. */
export function isTimeZone(s: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(s)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: s });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z.string().max(64, { message: 'must be an IANA time zone name' }).refine(isTimeZone, { message: 'is not a known IANA time zone (e.g. America/New_York)' });
