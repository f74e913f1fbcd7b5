// Calendar files as a calendar app reads them: parsed by ical.js (a real parser, independent of
// the generator), with every event's start and end converted to instants through the file's own
// VTIMEZONE components.
import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  /** Instants (epoch ms) as ical.js computes them. */
  start: number;
  end: number;
  /** The DTSTART's TZID parameter, or null for a UTC time. */
  tzid: string | null;
  /** Wall clock of the start in its own zone. */
  local: { hour: number; minute: number };
  /** UTC offset of the start, in minutes, from the VTIMEZONE. */
  offset: number;
  sequence: number;
  status: string | null;
  summary: string;
  description: string;
  url: string | null;
  organizer: string | null;
  attendees: string[];
}

export interface ParsedCalendar {
  method: string | null;
  name: string | null;
  /** TZIDs of the VTIMEZONE components in the file. */
  zones: Set<string>;
  events: ParsedEvent[];
}

export function parseIcs(text: string): ParsedCalendar {
  const cal = new ICAL.Component(ICAL.parse(text));
  const zones = new Set(cal.getAllSubcomponents('vtimezone').map((z) => String(z.getFirstPropertyValue('tzid'))));
  const events = cal.getAllSubcomponents('vevent').map((ve) => {
    const ev = new ICAL.Event(ve);
    const tzidParam = ve.getFirstProperty('dtstart')?.getParameter('tzid');
    const tzid = typeof tzidParam === 'string' ? tzidParam : null;
    // A TZID that names no VTIMEZONE of the file would leave ical.js guessing (floating time).
    if (tzid && (!zones.has(tzid) || ev.startDate.zone.tzid !== tzid)) throw new Error(`DTSTART names ${tzid}, which has no VTIMEZONE in the file`);
    const value = (name: string) => {
      const v = ve.getFirstPropertyValue(name);
      return v === null ? null : String(v);
    };
    return {
      uid: ev.uid,
      start: ev.startDate.toJSDate().getTime(),
      end: ev.endDate.toJSDate().getTime(),
      tzid,
      local: { hour: ev.startDate.hour, minute: ev.startDate.minute },
      offset: ev.startDate.utcOffset() / 60,
      sequence: ev.sequence,
      status: value('status'),
      summary: ev.summary,
      description: ev.description,
      url: value('url'),
      organizer: value('organizer')?.replace(/^mailto:/i, 'mailto:') ?? null,
      attendees: ve.getAllProperties('attendee').map((p) => String(p.getFirstValue()).replace(/^mailto:/i, 'mailto:')),
    };
  });
  const str = (name: string) => {
    const v = cal.getFirstPropertyValue(name);
    return v === null ? null : String(v);
  };
  return { method: str('method'), name: str('x-wr-calname'), zones, events };
}
