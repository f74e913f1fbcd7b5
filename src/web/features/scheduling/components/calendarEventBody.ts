// One calendar event's body: time in the display zone, clients, and the other local times that
// differ. Built as plain DOM (FullCalendar's `domNodes`), not a React element: @fullcalendar/react
// renders each React event body through its own portal, and a month of 2,000 events took over a
// minute to draw that way. Times come from per-zone offset spans and remembered texts (lib/time.ts),
// a handful of Intl calls for a month rather than four or more per event.
// It is drawn from the calendar cell (view=calendar), not the full appointment.
import type { EventContentArg } from '@fullcalendar/core';
import { namesOf } from '../../../lib/names.js';
import { fastSameClock, fastTimes, fastTimeWithZone } from '../../../lib/time.js';
import type { CellProps } from '../model/calendar.js';
import { STATUS_LABELS, TYPE_LABELS } from '../model/labels.js';

function span(cls: string, text: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

/** The text after the time: type, status and the other local times, as one span (fewer nodes per event in a month of thousands). */
export function details(p: CellProps, zone: string): string {
  const a = p.cell;
  let text = '';
  if (a.type !== 'video') text += ` · ${TYPE_LABELS[a.type]}`;
  if (a.status !== 'cancelled' && a.status !== 'scheduled') text += ` · ${STATUS_LABELS[a.status]}`;
  if (!fastSameClock(a.start, a.timeZone, zone)) text += ` · ${p.providerName.split(' ')[0] || 'Provider'}: ${fastTimeWithZone(a.start, a.timeZone)}`;
  const shown = new Set<string>();
  for (const z of a.clientZones) {
    if (!z || shown.has(z) || fastSameClock(a.start, z, a.timeZone)) continue;
    shown.add(z);
    text += ` · client: ${fastTimeWithZone(a.start, z)}`;
  }
  return text;
}

export function eventBody(arg: EventContentArg, zone: string): { domNodes: Node[] } {
  const p = arg.event.extendedProps as CellProps;
  const a = p.cell;
  const body = document.createElement('span');
  if (p.highlight) body.dataset.highlight = 'true';
  body.className = 'cal-body';
  body.dataset.testid = 'calendar-event';
  body.dataset.appointmentId = a.id;
  body.dataset.status = a.status;
  body.dataset.start = a.start;
  // The client first: in a short block it is the line that shows.
  const title = span('cal-title', namesOf(a.clientNames));
  if (a.status === 'cancelled') title.prepend(span('visually-hidden', `${STATUS_LABELS.cancelled}: `));
  body.append(title, ' ', span('cal-time', fastTimes(a.start, a.end, zone)));
  const more = details(p, zone);
  if (more) body.append(span('cal-zone', more));
  return { domNodes: [body] };
}

/**
 * FullCalendar's "+N more" is an <a> without href that opens a popover and carries aria-expanded,
 * which only a button may have (axe: aria-allowed-attr): give it that role.
 */
export function moreLinkIsButton(arg: { el: HTMLElement }) {
  arg.el.setAttribute('role', 'button');
}

/** "+37 more", with the count read out as "37 more appointments" by a screen reader. */
export function moreLinkText(arg: { num: number }): { domNodes: Node[] } {
  const shown = document.createElement('span');
  shown.setAttribute('aria-hidden', 'true');
  shown.textContent = `+${arg.num} more`;
  return { domNodes: [shown, span('visually-hidden', `${arg.num} more appointments`)] };
}
