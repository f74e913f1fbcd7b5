// The languages Hearth writes to clients in: pages (src/web/i18n) and the mail and texts the server
// sends (src/server/i18n). A client's language is recorded on their record (the practice's choice)
// and on their portal account (their own); a status subscriber chooses one when subscribing.
import { z } from 'zod';

export const LOCALES = ['en', 'es'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;
export const DEFAULT_LOCALE: Locale = 'en';

/** A stored value read back: anything but a known language is the default. */
export const localeOr = (v: unknown): Locale => (typeof v === 'string' && (LOCALES as readonly string[]).includes(v) ? (v as Locale) : DEFAULT_LOCALE);
