// How stored values are shown to people, the same on screen and in exports.
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

/** A tel: link for a stored phone number (the digits as stored, never the display form). */
export function phoneHref(e164: string): string {
  return `tel:${e164.replace(/[^+\d]/g, '')}`;
}

/** A date of birth stored as YYYY-MM-DD, as US practices read it: MM/DD/YYYY. */
export function formatDateOfBirth(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : isoDate;
}
