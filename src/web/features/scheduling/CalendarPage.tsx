// The calendar: FullCalendar (MIT packages) in day, week and month views, practice-wide or for one
// provider, in a chosen display zone (named zones through @fullcalendar/luxon3). Its events come
// from the very query the Appointments tab uses — GET /api/appointments over FullCalendar's
// visible range [from, to), every page of it — so the two always show the same set. Drag an event
// to reschedule it (a series occurrence asks: this, following or all; a 409 puts it back and says
// why), click an empty slot or press "New appointment" to book, click or press Enter on an event
// for its details, where "Edit or reschedule" moves it by form (to any day, on a phone too). The
// week starts on the day the Appointments list's weeks start (WEEK_START); the time grid opens
// scrolled to the working day. After booking or editing, the calendar goes to the appointment and
// points it out. At phone width "Week" shows three days, and Month and Day fit too.
import type { DatesSetArg, EventClickArg, EventContentArg, EventDropArg, EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type DateClickArg } from '@fullcalendar/interaction';
import luxonPlugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import 'virtual:fullcalendar.css';
import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Dialog, Form, Heading, Label, Modal, ModalOverlay, Radio, RadioGroup } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { Availability } from '../../../shared/availability.js';
import { type Appointment, EDIT_SCOPES, type EditScope } from '../../../shared/scheduling.js';
import { api } from '../../api/client.js';
import { availabilityKeys, availabilityPath } from '../availability/api.js';
import { SelectField } from '../../components/SelectField.js';
import { ZoneField } from '../../components/ZoneField.js';
import { useMe } from '../../session/useMe.js';
import { useProviders } from '../clients/api.js';
import { FinalError, listState, RetryingError, useNarrow } from '../clients/common.js';
import { clientNames, patchAppointment, retryAppointmentsNow, SCOPE_LABELS, STATUS_LABELS, TYPE_LABELS, useAppointmentRange, useInvalidateAppointments } from './api.js';
import { AppointmentDetails } from './AppointmentDetails.js';
import { CancelDialog, errorText, type ActionOutcome } from './AppointmentActions.js';
import { BookingDialog, type BookingInitial } from './BookingDialog.js';
import { EditAppointmentDialog } from './EditAppointmentDialog.js';
import { clientsInOtherZones, useDisplayZone } from './common.js';
import { RemindersAttention } from '../reminders/index.js';
import { fastTimes, fastTimeWithZone, formatRange, instantToLocal, isIsoDate, sameClock, today, WEEK_START, zoneLabel } from '../../lib/time.js';
import './scheduling.css';

const VIEWS = { month: 'dayGridMonth', week: 'timeGridWeek', day: 'timeGridDay', threeDay: 'timeGridThreeDay' } as const;
type ViewKey = keyof typeof VIEWS;
const VIEW_KEYS = Object.fromEntries(Object.entries(VIEWS).map(([k, v]) => [v, k])) as Record<string, ViewKey>;
const ALL = 'all';
const PLUGINS = [dayGridPlugin, timeGridPlugin, interactionPlugin, luxonPlugin];
const TOOLBAR = { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,timeGridDay' };
const TOOLBAR_NARROW = { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridThreeDay,timeGridDay' };
// Text, not FullCalendar's icon font: its icons are role="img" without a name.
const BUTTON_TEXT = { prev: 'Previous', next: 'Next', today: 'Today', month: 'Month', week: 'Week', day: 'Day' };
/** A phone's "week": three days side by side are still readable at 390 px. */
const CUSTOM_VIEWS = { timeGridThreeDay: { type: 'timeGrid', duration: { days: 3 }, buttonText: '3 days' } };
/**
 * Where the time grid opens: the start of the working day, not midnight. The practice keeps no
 * opening hours of its own, so it is the earliest working hour of the provider shown (the filter,
 * or the user working as a provider) from their availability, else 07:00. It needs a grid of
 * bounded height to scroll inside, so the day and week views get one; the month grows with its rows.
 */
const WORKDAY_START = '07:00:00';
const GRID_HEIGHT = 'max(30rem, calc(100vh - 7rem))';

/**
 * White text reads on each of these at 4.5:1 or better. Upcoming appointments (scheduled,
 * confirmed, checked in) are drawn solid in their provider's colour; finished ones (completed, no-
 * show) and cancelled ones light, with dark text and the provider's colour as the border (see
 * scheduling.css): every pair reads at 4.5:1 or better.
 */
const PROVIDER_COLORS = ['#0b5cad', '#1e6b34', '#6b3fa0', '#a4161a', '#7a4a00', '#00606b', '#37474f', '#8e2463'];

const LIGHT_STATUSES = new Set<Appointment['status']>(['completed', 'no_show', 'cancelled']);
const LIGHT_BG: Partial<Record<Appointment['status'], string>> = { completed: '#e8f3ec', no_show: '#fff4e0', cancelled: '#f1f3f5' };

/**
 * The earliest start of a provider's working hours, as a time of day in the display zone (on
 * today's date: a zone difference can shift it by an hour across a DST change, which is close
 * enough to open the grid on); the default when they have set none.
 */
function workdayStart(a: Availability, zone: string): string {
  if (!a.configured || !a.hours.length) return WORKDAY_START;
  const first = a.hours.map((h) => h.start).sort()[0]!;
  const local = DateTime.fromISO(`${DateTime.now().toISODate()}T${first}`, { zone: a.timeZone ?? zone }).setZone(zone);
  return local.isValid ? local.toFormat('HH:mm:00') : WORKDAY_START;
}

/** Half an hour before a local HH:mm (not before midnight), so the grid shows what leads up to it. */
function earlier(time: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const mins = Math.max(0, h * 60 + m - 30);
  return `${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}:00`;
}

interface PendingMove {
  appt: Appointment;
  start: string;
  revert: () => void;
}

/**
 * FullCalendar's "+N more" is an <a> without href that opens a popover and carries aria-expanded,
 * which only a button may have (axe: aria-allowed-attr): give it that role.
 */
function moreLinkIsButton(arg: { el: HTMLElement }) {
  arg.el.setAttribute('role', 'button');
}

export function CalendarPage() {
  const me = useMe();
  const canWrite = me.data?.permissions.includes('appointments.write') ?? false;
  const canRead = me.data?.permissions.includes('appointments.read') ?? true;
  const [sp, setSp] = useSearchParams();
  const [zone, setZone] = useDisplayZone();
  const narrow = useNarrow();
  const viewParam = sp.get('view');
  const chosenView: ViewKey = viewParam === 'month' || viewParam === 'day' ? viewParam : 'week';
  const view: ViewKey = narrow && chosenView === 'week' ? 'threeDay' : chosenView;
  const dateParam = sp.get('date');
  const [initialDate] = useState(() => (isIsoDate(dateParam) ? dateParam : today(zone)));
  const providerId = sp.get('providerId') ?? '';
  const providers = useProviders();
  const calendarRef = useRef<FullCalendar>(null);
  const invalidate = useInvalidateAppointments();
  const hoursOf = providerId || (me.data?.activeRole === 'provider' ? me.data.user.id : '');
  const hours = useQuery({
    queryKey: availabilityKeys.hours(hoursOf),
    queryFn: ({ signal }) => api.get(availabilityPath(hoursOf), Availability, { signal, background: true }),
    enabled: hoursOf !== '',
    retry: false,
    staleTime: 60_000,
  });
  const dayStartsAt = hours.data ? workdayStart(hours.data, zone) : WORKDAY_START;

  // FullCalendar's visible range, as the API's [from, to).
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const query = useAppointmentRange(range ? { ...range, providerId: providerId || undefined } : null);
  const [selected, setSelected] = useState<Appointment | null>(null);
  const [booking, setBooking] = useState<BookingInitial | null>(null);
  const [pending, setPending] = useState<PendingMove | null>(null);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const [editing, setEditing] = useState<Appointment | null>(null);
  // The appointment just booked or edited: the calendar goes to it and marks it.
  const [highlight, setHighlight] = useState<string | null>(null);

  const colors = useMemo(() => new Map((providers.data?.providers ?? []).map((p, i) => [p.id, PROVIDER_COLORS[i % PROVIDER_COLORS.length]!])), [providers.data]);
  const { failing, finalError, showing, shown } = listState(query);
  const ready = showing && !query.isFetching && !saving;
  const items = useMemo(() => shown?.items ?? [], [shown]);
  const byId = useMemo(() => new Map(items.map((a) => [a.id, a])), [items]);

  const events = useMemo<EventInput[]>(
    () =>
      items.map((a) => {
        const own = colors.get(a.providerId) ?? PROVIDER_COLORS[0]!;
        const light = LIGHT_STATUSES.has(a.status);
        return {
          id: a.id,
          title: clientNames(a),
          start: a.start,
          end: a.end,
          backgroundColor: light ? LIGHT_BG[a.status] : own,
          borderColor: a.status === 'cancelled' ? '#5b6470' : own,
          textColor: light ? '#1b1f24' : '#ffffff',
          // Not "appt": the portal's stylesheet gives .appt a margin, which shrank every block.
          classNames: ['cal-event', `cal-${a.status}`, `cal-type-${a.type}`, ...(a.id === highlight ? ['cal-highlight'] : [])],
          startEditable: canWrite && (a.status === 'scheduled' || a.status === 'confirmed'),
          extendedProps: { appt: a, highlight },
        };
      }),
    [items, colors, canWrite, highlight],
  );

  // Keep the address in step with what the calendar shows (dates and ids only). Written only when
  // it changes: every navigation re-renders the page.
  const onDatesSet = useCallback(
    (info: DatesSetArg) => {
      setRange((prev) => (prev && prev.from === info.startStr && prev.to === info.endStr ? prev : { from: info.startStr, to: info.endStr }));
      const current = new URLSearchParams(window.location.search);
      const next = new URLSearchParams(current);
      next.set('date', instantToLocal(info.view.currentStart.toISOString(), zone).date);
      const viewKey = VIEW_KEYS[info.view.type];
      // A phone's three days are its week: widening the window shows the whole week.
      if (viewKey) next.set('view', viewKey === 'threeDay' ? 'week' : viewKey);
      if (next.toString() !== current.toString()) setSp(next, { replace: true });
    },
    [zone, setSp],
  );

  /** Go to an appointment just booked or edited (its day, its hour) and mark it. */
  const showAppointment = (a: { id: string; start: string; providerId: string }) => {
    setHighlight(a.id);
    if (providerId && providerId !== a.providerId) {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.delete('providerId');
          return next;
        },
        { replace: true },
      );
    }
    const cal = calendarRef.current?.getApi();
    if (!cal) return;
    const local = instantToLocal(a.start, zone);
    cal.gotoDate(local.date);
    if (cal.view.type !== VIEWS.month) cal.scrollToTime(earlier(local.time));
  };

  useEffect(() => {
    const api = calendarRef.current?.getApi();
    if (api && api.view.type !== VIEWS[view]) api.changeView(VIEWS[view]);
  }, [view]);

  // The provider's hours arrive after the grid is drawn: go to their start once they are known.
  useEffect(() => {
    const api = calendarRef.current?.getApi();
    if (api && hours.data && api.view.type !== VIEWS.month) api.scrollToTime(dayStartsAt);
  }, [dayStartsAt, hours.data]);

  const move = async (m: PendingMove, scope: EditScope) => {
    setPending(null);
    setSaving(true);
    try {
      await patchAppointment(m.appt.id, { start: m.start, version: m.appt.version, ...(m.appt.seriesId ? { scope } : {}) });
      setOutcome({
        kind: 'ok',
        message: `Moved to ${formatRange(m.start, new Date(Date.parse(m.start) + m.appt.durationMinutes * 60_000).toISOString(), m.appt.timeZone)}${m.appt.seriesId && scope !== 'this' ? ` (${SCOPE_LABELS[scope].toLowerCase()})` : ''}.`,
      });
    } catch (e) {
      m.revert();
      setOutcome({ kind: 'error', message: `Couldn't move the appointment: ${errorText(e)} It is back where it was.` });
    } finally {
      await invalidate();
      setSaving(false);
    }
  };

  const onDrop = (info: EventDropArg) => {
    const appt = info.event.extendedProps.appt as Appointment;
    const start = info.event.start?.toISOString();
    if (!start) return info.revert();
    const m = { appt, start, revert: info.revert };
    if (appt.seriesId) setPending(m);
    else void move(m, 'this');
  };

  const onDateClick = (info: DateClickArg) => {
    if (!canWrite) return;
    const at = info.allDay ? { date: info.dateStr.slice(0, 10), time: '09:00' } : instantToLocal(info.date.toISOString(), zone);
    setBooking({ providerId: providerId || undefined, timeZone: zone, date: at.date, time: at.time });
  };

  const onEventClick = (info: EventClickArg) => {
    info.jsEvent.preventDefault();
    setSelected(info.event.extendedProps.appt as Appointment);
  };

  const renderEvent = useCallback((arg: EventContentArg) => eventBody(arg, zone), [zone]);

  if (!canRead) {
    return (
      <>
        <h1>Calendar</h1>
        <p>Your role does not include access to appointments.</p>
      </>
    );
  }

  // The open details keep showing while the range reloads (a resize to phone width switches to the
  // day view): the latest copy when loaded, else the one that was clicked.
  const selectedAppt = selected ? (byId.get(selected.id) ?? selected) : undefined;
  return (
    <div data-testid="calendar-page">
      <div className="page-head">
        <h1>Calendar</h1>
        {canWrite ? (
          <div className="actions">
            <Button className="btn primary" onPress={() => setBooking({ providerId: providerId || undefined, timeZone: zone })} data-testid="new-appointment">
              New appointment
            </Button>
          </div>
        ) : null}
      </div>
      <RemindersAttention displayZone={zone} canWrite={canWrite} />
      <div className="filters" role="group" aria-label="Calendar options">
        {providers.isSuccess ? (
          <SelectField
            name="providerId"
            label="Provider"
            value={providerId || ALL}
            onChange={(v) =>
              setSp(
                (prev) => {
                  const next = new URLSearchParams(prev);
                  if (v && v !== ALL) next.set('providerId', v);
                  else next.delete('providerId');
                  return next;
                },
                { replace: true },
              )
            }
            options={[{ id: ALL, label: 'All providers' }, ...providers.data.providers.map((p) => ({ id: p.id, label: p.name }))]}
            testId="provider-filter"
          />
        ) : null}
        <ZoneField name="tz" label="Show times in" value={zone} onChange={setZone} testId="display-zone" />
      </div>
      {providers.isSuccess && !providerId && providers.data.providers.length > 1 ? (
        <ul className="legend" aria-label="Provider colours">
          {providers.data.providers.map((p) => (
            <li key={p.id}>
              <span className="swatch" style={{ background: colors.get(p.id) }} aria-hidden="true" /> {p.name}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="calendar-status">
        {saving ? (
          <p role="status" data-testid="calendar-saving">
            Saving the change…
          </p>
        ) : null}
        {outcome ? (
          <p role={outcome.kind === 'error' ? 'alert' : 'status'} className={outcome.kind === 'error' ? 'notice warn' : 'notice'} data-testid="action-outcome" data-kind={outcome.kind}>
            {outcome.message}
          </p>
        ) : null}
        {finalError ? (
          <FinalError error={query.error} what="calendar" />
        ) : failing ? (
          <RetryingError failureCount={query.failureCount} error={query.failureReason} what="appointments" fetching={query.isFetching} onRetry={() => void retryAppointmentsNow()} testId="appointments" extra="The calendar shows none until they load." />
        ) : !showing ? (
          <p role="status" className="loading">
            Loading appointments…
          </p>
        ) : (
          <p role="status" className="field-description" data-testid="calendar-count">
            {shown?.total === 1 ? '1 appointment' : `${shown?.total ?? 0} appointments`} in view, times in {zoneLabel(zone)}.
          </p>
        )}
      </div>

      <div
        className={`calendar ${narrow ? 'narrow' : ''}`}
        data-testid="calendar"
        data-ready={ready ? 'true' : 'false'}
        data-view={view}
        data-from={range?.from}
        data-to={range?.to}
        data-provider-id={providerId}
        data-zone={zone}
        data-count={shown?.total}
        aria-busy={!ready}
      >
        <FullCalendar
          ref={calendarRef}
          plugins={PLUGINS}
          timeZone={zone}
          initialView={VIEWS[view]}
          initialDate={initialDate}
          headerToolbar={narrow ? TOOLBAR_NARROW : TOOLBAR}
          buttonIcons={false}
          buttonText={BUTTON_TEXT}
          views={CUSTOM_VIEWS}
          firstDay={WEEK_START}
          height={view === 'month' ? 'auto' : GRID_HEIGHT}
          showNonCurrentDates={false}
          fixedWeekCount={false}
          dayMaxEvents={narrow && view === 'month' ? 3 : false}
          moreLinkDidMount={moreLinkIsButton}
          nowIndicator
          scrollTime={dayStartsAt}
          slotDuration="00:30:00"
          slotEventOverlap={false}
          allDaySlot={false}
          navLinks
          eventMinHeight={22}
          events={events}
          eventContent={renderEvent}
          eventInteractive
          editable={canWrite}
          eventDurationEditable={false}
          eventDrop={onDrop}
          eventClick={onEventClick}
          dateClick={onDateClick}
          datesSet={onDatesSet}
        />
      </div>

      {selectedAppt ? (
        <AppointmentDetails
          appt={selectedAppt}
          displayZone={zone}
          canWrite={canWrite}
          onOutcome={setOutcome}
          onCancel={(a) => {
            setSelected(null);
            setCancelling(a);
          }}
          onEdit={(a) => {
            setSelected(null);
            setEditing(a);
          }}
          onClose={() => setSelected(null)}
        />
      ) : null}
      {cancelling ? (
        <CancelDialog
          appt={cancelling}
          onClose={(o) => {
            setCancelling(null);
            if (o) setOutcome(o);
          }}
        />
      ) : null}
      {booking ? (
        <BookingDialog
          initial={booking}
          onClose={(message, booked) => {
            setBooking(null);
            if (message) setOutcome({ kind: 'ok', message });
            if (booked) showAppointment(booked);
          }}
        />
      ) : null}
      {editing ? (
        <EditAppointmentDialog
          appt={editing}
          onClose={(o, edited) => {
            setEditing(null);
            if (o) setOutcome(o);
            if (edited) showAppointment(edited);
          }}
        />
      ) : null}
      {pending ? (
        <ScopeDialog
          move={pending}
          onChoose={(scope) => void move(pending, scope)}
          onCancel={() => {
            pending.revert();
            setPending(null);
          }}
        />
      ) : null}
    </div>
  );
}

/**
 * One event's body: time in the display zone, clients, and the other local times that differ.
 * Built as plain DOM (FullCalendar's `domNodes`), not a React element: @fullcalendar/react renders
 * each React event body through its own portal, and a month of 2,000 events took over a minute to
 * draw that way. Formatting goes through Intl formatters cached per zone (see time.ts).
 */
function eventBody(arg: EventContentArg, zone: string): { domNodes: Node[] } {
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

function ScopeDialog({ move, onChoose, onCancel }: { move: PendingMove; onChoose: (s: EditScope) => void; onCancel: () => void }) {
  const [scope, setScope] = useState<EditScope>('this');
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(o) => !o && onCancel()} className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog" data-testid="scope-dialog">
          <Heading slot="title">Move a recurring appointment</Heading>
          <p>
            To {formatRange(move.start, new Date(Date.parse(move.start) + move.appt.durationMinutes * 60_000).toISOString(), move.appt.timeZone)}. The others keep their
            local time of day when moved together, across daylight-saving changes.
          </p>
          <Form
            className="form"
            aria-label="Which appointments to move"
            onSubmit={(e) => {
              e.preventDefault();
              onChoose(scope);
            }}
          >
            <RadioGroup className="field radio-group" value={scope} onChange={(v) => setScope(v as EditScope)}>
              <Label>Move</Label>
              {EDIT_SCOPES.map((s) => (
                <Radio key={s} value={s} className="radio" data-testid={`scope-${s}`}>
                  <span className="dot" aria-hidden="true" /> {SCOPE_LABELS[s]}
                </Radio>
              ))}
            </RadioGroup>
            <div className="actions">
              <Button type="submit" className="btn primary" data-testid="scope-submit">
                Move
              </Button>
              <Button className="btn" onPress={onCancel} data-testid="scope-cancel">
                Don't move
              </Button>
            </div>
          </Form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
