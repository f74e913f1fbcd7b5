// What a reminder says. PHI-free unless the client agreed to details: the practice's neutral
// sender name, the date and time in the client's zone (the appointment's when the client has
// none), and a confirm/cancel link whose token sits in the URL fragment (never sent to a server
// by a browser, never in logs). With consent to details, also the provider's name. Never the
// client's name, a note, a service or the practice's clinical name. A video or audio visit's
// reminder also carries its join link (opaque token in the fragment, single use, that visit only).
import { JOIN_WINDOW_MINUTES } from '../../../shared/join-window.js';
import { longWhen, shortWhen } from '../../lib/mail-time.js';

export { longWhen, shortWhen };

/** SMS texts stay within two GSM segments' worth of characters. */
export const SMS_MAX = 320;
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
}

/** How a mail or text says when the join link works (the shared window, src/shared/join-window.ts). */
export const JOIN_OPENS = `from ${JOIN_WINDOW_MINUTES} minutes before the start`;

const zoneWords = (zone: string) => zone.replace(/_/g, ' ');

export function reminderMail(f: ReminderFacts): { subject: string; text: string } {
  const withWhom = f.providerName ? ` with ${f.providerName}` : '';
  return {
    subject: 'Appointment reminder',
    text: [
      `This is a reminder of your upcoming appointment${withWhom}:`,
      '',
      `  ${longWhen(f.start, f.zone)}`,
      '',
      `Times are shown in ${zoneWords(f.zone)} time.`,
      '',
      ...(f.join ? [`To join, open this link ${JOIN_OPENS} (it works once, for this appointment only):`, f.join, ''] : []),
      'To confirm or cancel it, open this link (it works until the appointment starts):',
      f.link ?? f.portal,
      '',
      `— ${f.sender}`,
      '',
    ].join('\n'),
  };
}

export function cancellationMail(f: ReminderFacts): { subject: string; text: string } {
  const withWhom = f.providerName ? ` with ${f.providerName}` : '';
  return {
    subject: 'Appointment cancelled',
    text: [
      `Your appointment${withWhom} on ${longWhen(f.start, f.zone)} has been cancelled.`,
      '',
      `Times are shown in ${zoneWords(f.zone)} time.`,
      `To book another time, sign in to your secure portal: ${f.portal}`,
      '',
      `— ${f.sender}`,
      '',
    ].join('\n'),
  };
}

/** At most SMS_MAX characters, ending with the confirm/opt-out line; the provider's name is shortened (then dropped) to fit. */
export function reminderSms(f: ReminderFacts): string {
  const build = (who: string | null, confirmLink = true) =>
    `${f.sender}: reminder of your appointment ${shortWhen(f.start, f.zone)}${who ? ` with ${who}` : ''}.${f.join ? ` Join from ${JOIN_WINDOW_MINUTES} min before: ${f.join}` : ''}${confirmLink ? ` Confirm or cancel: ${f.link ?? f.portal}` : ''} ${SMS_REMINDER_TAIL}`;
  const text = fit(build, f.providerName);
  // With a join link, two links may not fit: the join link stays (a reply of C still confirms).
  return text.length <= SMS_MAX || !f.join ? text : fit((who) => build(who, false), f.providerName);
}

export function cancellationSms(f: ReminderFacts): string {
  const build = (who: string | null) => `${f.sender}: your appointment ${who ? `with ${who} ` : ''}on ${shortWhen(f.start, f.zone)} has been cancelled. ${SMS_NOTICE_TAIL}`;
  return fit(build, f.providerName);
}

function fit(build: (who: string | null) => string, who: string | null): string {
  let text = build(who);
  if (text.length <= SMS_MAX || !who) return text;
  const room = who.length - (text.length - SMS_MAX) - 1;
  text = room >= 3 ? build(`${[...who].slice(0, room).join('')}…`) : build(null);
  return text.length <= SMS_MAX ? text : build(null);
}
