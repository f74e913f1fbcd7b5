// One calendar event's body: time in the display zone, clients, and the other local times that
// differ. Built as plain DOM (FullCalendar's `domNodes`), not a React element: @fullcalendar/react
// renders each React event body through its own portal, and a month of 2,000 events took over a
// minute to draw that way. Formatting goes through Intl formatters cached per zone (lib/time.ts).
import type { EventContentArg } from '@fullcalendar/core';
import type { Appointment } from '../../../../shared/scheduling.js';
import { clientNames } from '../../../lib/names.js';
import { fastTimes, fastTimeWithZone, sameClock } from '../../../lib/time.js';
import { STATUS_LABELS, TYPE_LABELS } from '../model/labels.js';
import { clientsInOtherZones } from './common.js';

export function eventBody(arg: EventContentArg, zone: string): { domNodes: Node[] } {
  const a = arg.event.extendedProps.appt as Appointment;
  const cancelled = a.status === 'cancelled';
  const el = (cls: string, text: string) => {
    const s = document.createElement('span');
    s.className = cls;
    s.textContent = text;
    return s;
  };
  const body = document.createElement('span');
  if (a.id === arg.event.extendedProps.highlight) body.dataset.highlight = 'true';
  body.className = 'cal-body';
  body.dataset.testid = 'calendar-event';
  body.dataset.appointmentId = a.id;
  body.dataset.status = a.status;
  body.dataset.start = a.start;
  // The client first: in a short block it is the line that shows.
  const title = el('cal-title', clientNames(a));
  if (cancelled) title.prepend(el('visually-hidden', `${STATUS_LABELS.cancelled}: `));
  body.append(title, ' ', el('cal-time', fastTimes(a.start, a.end, zone)));
  if (a.type !== 'video') body.append(el('cal-type', ` · ${TYPE_LABELS[a.type]}`));
  if (!cancelled && a.status !== 'scheduled') body.append(el('cal-status', ` · ${STATUS_LABELS[a.status]}`));
  if (!sameClock(a.start, a.timeZone, zone)) body.append(el('cal-zone', ` · ${a.providerName.split(' ')[0]}: ${fastTimeWithZone(a.start, a.timeZone)}`));
  for (const o of clientsInOtherZones(a)) body.append(el('cal-zone', ` · client: ${fastTimeWithZone(a.start, o.zone)}`));
  return { domNodes: [body] };
}

/**
 * FullCalendar's "+N more" is an <a> without href that opens a popover and carries aria-expanded,
 * which only a button may have (axe: aria-allowed-attr): give it that role.
 */
export function moreLinkIsButton(arg: { el: HTMLElement }) {
  arg.el.setAttribute('role', 'button');
}
