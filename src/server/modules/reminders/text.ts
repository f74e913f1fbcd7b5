// What a reminder says, in the client's language (src/server/i18n catalogs). PHI-free unless the
// client agreed to details: the practice's neutral sender name, the date and time in the client's
// zone (the appointment's when the client has none), and a confirm/cancel link whose token sits in
// the URL fragment (never sent to a server by a browser, never in logs). With consent to details,
// also the provider's name. Never the client's name, a note, a service or the practice's clinical
// name. A video or audio visit's reminder also carries its join link (opaque token in the
// fragment, single use, that visit only). Links carry `lang=<locale>` (i18n withLang) so the page
// opens in the client's language.
import { JOIN_WINDOW_MINUTES } from '../../../shared/join-window.js';
import { longWhen, mailBody, shortWhen, smsCost, smsText, t, withLang, yes, zoneWords, type Locale } from '../../i18n/index.js';

export { longWhen, shortWhen };

/** SMS texts stay within two GSM segments' worth of characters (GSM-7 septets; i18n/sms.ts). */
export const SMS_MAX = 320;
/** What SMS_MAX costs: a text sent as UCS-2 (a character outside GSM-7 left) keeps within as many segments. */
export const SMS_MAX_SEGMENTS = smsCost('x'.repeat(SMS_MAX)).segments;
export const SMS_REMINDER_TAIL = 'Reply C to confirm, STOP to opt out.';
export const SMS_NOTICE_TAIL = 'Reply STOP to opt out.';

export interface ReminderFacts {
  sender: string;
  start: number;
  zone: string;
  /** Only with the client's consent to details. */
  providerName: string | null;
  /** The confirm/cancel link (reminders only). */
  link: string | null;
  /** The practice's portal, where a client can book again. */
  portal: string;
  /** The join link of a video or audio visit (reminders only): opaque, single use, for this visit's join window. */
  join?: string | null;
  /** The client's language (default English). */
  locale?: Locale;
}

/** How a mail or text says when the join link works (the shared window, src/shared/join-window.ts). */
export const JOIN_OPENS = `from ${JOIN_WINDOW_MINUTES} minutes before the start`;

const localeOf = (f: ReminderFacts): Locale => f.locale ?? 'en';
const links = (f: ReminderFacts, l: Locale) => ({ link: withLang(f.link ?? f.portal, l), portal: withLang(f.portal, l), join: f.join ? withLang(f.join, l) : null });
const who = (provider: string | null) => ({ withProvider: yes(provider), provider: provider ?? '' });

export function reminderMail(f: ReminderFacts): { subject: string; text: string } {
  const l = localeOf(f);
  const { link, join } = links(f, l);
  return {
    subject: t(l, 'reminders.reminder.subject'),
    text: mailBody(
      l,
      f.sender,
      `${t(l, 'reminders.reminder.intro', who(f.providerName))}\n\n  ${longWhen(f.start, f.zone, l)}`,
      t(l, 'mail.zone', { zone: zoneWords(f.zone) }),
      ...(join ? [`${t(l, 'reminders.reminder.join', { minutes: JOIN_WINDOW_MINUTES })}\n${join}`] : []),
      `${t(l, 'reminders.reminder.confirm')}\n${link}`,
    ),
  };
}

export function cancellationMail(f: ReminderFacts): { subject: string; text: string } {
  const l = localeOf(f);
  return {
    subject: t(l, 'reminders.cancel.subject'),
    text: mailBody(
      l,
      f.sender,
      t(l, 'reminders.cancel.intro', { ...who(f.providerName), when: longWhen(f.start, f.zone, l) }),
      `${t(l, 'mail.zone', { zone: zoneWords(f.zone) })}\n${t(l, 'reminders.cancel.rebook', { portal: links(f, l).portal })}`,
    ),
  };
}

/** Within the SMS budget, ending with the confirm/opt-out line; the provider's name is shortened (then dropped) to fit. */
export function reminderSms(f: ReminderFacts): string {
  const l = localeOf(f);
  const { link, join } = links(f, l);
  const build = (provider: string | null, confirmLink = true) =>
    t(l, 'reminders.sms.reminder', { sender: f.sender, when: shortWhen(f.start, f.zone, l), ...who(provider), hasJoin: yes(join), minutes: JOIN_WINDOW_MINUTES, join: join ?? '', hasConfirm: yes(confirmLink), link });
  const text = fit(build, f.providerName);
  // With a join link, two links may not fit: the join link stays (a reply of C still confirms).
  return fits(text) || !join ? text : fit((p) => build(p, false), f.providerName);
}

export function cancellationSms(f: ReminderFacts): string {
  const l = localeOf(f);
  return fit((provider) => t(l, 'reminders.sms.cancel', { sender: f.sender, when: shortWhen(f.start, f.zone, l), ...who(provider) }), f.providerName);
}

/** Whether a text (as smsText writes it) keeps within the budget: SMS_MAX septets in GSM-7, SMS_MAX_SEGMENTS in UCS-2. */
export function fits(text: string): boolean {
  const cost = smsCost(text);
  return cost.encoding === 'gsm7' ? cost.units <= SMS_MAX : cost.segments <= SMS_MAX_SEGMENTS;
}

function fit(build: (who: string | null) => string, name: string | null): string {
  const sms = (w: string | null) => smsText(build(w));
  let text = sms(name);
  if (fits(text) || !name) return text;
  // Shorten the name by what is over (in characters; a UCS-2 text by what is over its segments).
  const cost = smsCost(text);
  const over = cost.encoding === 'gsm7' ? cost.units - SMS_MAX : cost.units - SMS_MAX_SEGMENTS * 67;
  const room = name.length - over - 3;
  text = room >= 3 ? sms(`${[...name].slice(0, room).join('')}...`) : sms(null);
  return fits(text) ? text : sms(null);
}
