// A stored phone number as people read it, on screen and in exports. Apart from display.ts
// because libphonenumber weighs ~25 kB brotli: the light client path loads it only when a phone
// number is shown (src/web/components/phone.ts).
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A stored E.164 phone number for people to read: US and other +1 numbers as "(312) 555-0148",
 * others in international form ("+44 20 7946 0018"). Anything unparseable is shown as stored.
 * The "min" metadata keeps the bundle small; it formats every country.
 */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const n = parsePhoneNumberFromString(e164);
  if (!n) return e164;
  return n.countryCallingCode === '1' ? n.formatNational() : n.formatInternational();
}
