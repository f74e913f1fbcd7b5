// The words of the calendar mails (invitations.ts) and of their calendar file, in the client's
// language through the server catalogs (src/server/i18n, ids calendar.*): each sentence one
// message, plurals and the optional "with {provider}" in ICU, times in the client's zone and
// language, links carrying lang=<locale> (never PHI).
import { JOIN_WINDOW_MINUTES } from '../../../shared/join-window.js';
import { longWhen, t, withLang, yes, zoneWords, type Locale } from '../../i18n/index.js';
import type { CalendarEntry } from '../scheduling/index.js';

export type Kind = 'invitation' | 'update' | 'cancel';

/** Occurrences listed in a mail's text; the calendar file always holds them all. */
export const LISTED = 10;

export interface MailDetails {
  providerName: string | null;
  serviceName: string | null;
  /** The appointment's type (video, audio, in_person) when the client agreed to details. */
  type: string | null;
}

/** The calendar file's summary and description of one occurrence. */
export function icsText(locale: Locale, providerName: string | null | undefined, portal: string, join: string | undefined): { summary: string; description: string } {
  const p = withLang(portal, locale);
  return {
    summary: t(locale, 'calendar.ics.summary', { withProvider: yes(providerName), provider: providerName ?? '' }),
    description: join
      ? t(locale, 'calendar.ics.join', { minutes: JOIN_WINDOW_MINUTES, link: withLang(join, locale), portal: p })
      : t(locale, 'calendar.ics.portal', { portal: p }),
  };
}

export function mailText(
  locale: Locale,
  kind: Kind,
  occurrences: CalendarEntry[],
  zone: string,
  portal: string,
  details: MailDetails | null,
  change: { timeChanged: boolean; previousStart: number | null },
  joins: ReadonlyMap<string, string> = new Map(),
): { subject: string; text: string } {
  const count = occurrences.length;
  const what = t(locale, 'calendar.what', { type: details?.type ?? 'none', hasService: yes(details?.serviceName), service: details?.serviceName ?? '', count });
  const values = { count, what, withProvider: yes(details?.providerName), provider: details?.providerName ?? '' };
  const [subjectId, introId, fileId] =
    kind === 'invitation'
      ? (['calendar.invitation.subject', 'calendar.invitation.intro', 'calendar.invitation.file'] as const)
      : kind === 'cancel'
        ? (['calendar.cancel.subject', 'calendar.cancel.intro', 'calendar.cancel.file'] as const)
        : // A change, not a new appointment: say so from the subject on.
          change.timeChanged
          ? (['calendar.moved.subject', 'calendar.moved.intro', 'calendar.update.file'] as const)
          : (['calendar.changed.subject', 'calendar.changed.intro', 'calendar.update.file'] as const);
  const lines = occurrences.slice(0, LISTED).flatMap((o) => {
    const join = joins.get(o.id);
    const at = `  ${longWhen(o.start, zone, locale)}`;
    return join ? [at, `    ${t(locale, 'calendar.join', { minutes: JOIN_WINDOW_MINUTES, link: withLang(join, locale) })}`] : [at];
  });
  if (count > LISTED) lines.push(`  ${t(locale, 'calendar.more', { count: count - LISTED })}`);
  const text = [
    t(locale, introId, values),
    '',
    ...lines,
    ...(change.previousStart !== null ? ['', t(locale, 'calendar.previous', { when: longWhen(change.previousStart, zone, locale) })] : []),
    '',
    t(locale, 'calendar.zone', { zone: zoneWords(zone) }),
    ...(joins.size ? [t(locale, 'calendar.joinOnce', { minutes: JOIN_WINDOW_MINUTES })] : []),
    t(locale, fileId, { count }),
    '',
    t(locale, 'calendar.portal', { link: withLang(portal, locale) }),
    '',
  ].join('\n');
  return { subject: t(locale, subjectId, { count }), text };
}
