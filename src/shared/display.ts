// How stored values are shown to people, the same on screen and in exports.
// Phone numbers for people to read: ./phone.ts (kept apart: its library weighs 25 kB brotli).

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
