// What a text costs: GSM-7 (160 characters in one segment, 153 in each of several) unless one
// character is outside it, when the whole text goes as UCS-2 (70, then 67 per segment). Spanish
// á, í, ó, ú are outside GSM-7 (é, ñ, ü, ¿ and ¡ are in it): one of them would more than double a
// reminder's segments, so texts go out as smsText writes them, with those vowels unaccented (the
// common practice of Spanish texting, still read naturally) and typographic marks made plain. A
// name in another script stays as it is and the text is UCS-2: its budget counts segments.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

/** Typographic marks with a GSM-7 spelling. */
const PLAIN: Record<string, string> = { '\u00a0': ' ', '\u202f': ' ', '\u2009': ' ', '—': '-', '–': '-', '…': '...', '‘': "'", '’': "'", '“': '"', '”': '"' };

export interface SmsCost {
  encoding: 'gsm7' | 'ucs2';
  /** Septets (GSM-7, an extension character counts two) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export function smsCost(text: string): SmsCost {
  let septets = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) septets += 1;
    else if (EXTENDED.has(ch)) septets += 2;
    else {
      const units = text.length;
      return { encoding: 'ucs2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'gsm7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

/** The text as it is sent: each character outside GSM-7 that has a GSM-7 spelling takes it (á → a, — → -). */
export function smsText(text: string): string {
  let out = '';
  for (const ch of text) {
    if (BASIC.has(ch) || EXTENDED.has(ch)) out += ch;
    else if (PLAIN[ch] !== undefined) out += PLAIN[ch];
    else {
      const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
      out += base.length > 0 && [...base].every((c) => BASIC.has(c)) ? base : ch;
    }
  }
  return out;
}
