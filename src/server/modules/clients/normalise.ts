// Normal forms used for storage and for blind-index search terms.
import type * as PhoneNumbers from 'libphonenumber-js';
import { invalid } from '../../errors.js';
import { lazyRequire } from '../../lib/lazy.js';

// libphonenumber-js (its metadata and ~100 modules) is loaded with the first phone number checked.
const phoneNumbers = lazyRequire<typeof PhoneNumbers>('libphonenumber-js');

/** E.164 form of a phone number (US when no country code is given), or a 400 naming the field. */
export function normalisePhone(input: string, field: string): string {
  const parsed = phoneNumbers().parsePhoneNumberFromString(input, 'US');
  if (!parsed || !parsed.isValid()) throw invalid(field, 'is not a valid phone number');
  return parsed.number;
}

/** Lower case, accents removed, letters and digits only: "Zoë O'Brien" -> ["zoe", "obrien"]. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export const MAX_PREFIX = 24;

/** Whether a search is for an e-mail address or a phone number (blind-index lookups), or null for names. */
export function termSearch(q: string): 'email' | 'phone' | null {
  if (q.includes('@')) return 'email';
  if (/^[+()\d\s.-]+$/.test(q) && q.replace(/\D/g, '').length >= 7) return 'phone';
  return null;
}
