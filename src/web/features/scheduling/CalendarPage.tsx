// The calendar: FullCalendar (MIT packages) in day, week and month views, practice-wide or for one
// provider, in a chosen display zone (named zones through @fullcalendar/luxon3). Its events come
// from the very query the Appointments tab uses — GET /api/appointments over FullCalendar's
// visible range [from, to), every page of it — so the two always show the same set. Drag an event
// to reschedule it (a series occurrence asks: this, following or all; a 409 puts it back and says
// why), click an empty slot or press "New appointment" to book, click or press Enter on an event
// for its details. At phone width the calendar shows one day.
import type { DatesSetArg, EventClickArg, EventContentArg, EventDropArg, EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type DateClickArg } from '@fullcalendar/interaction';
import luxonPlugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import 'virtual:fullcalendar.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Dialog, Form, Heading, Label, Modal, ModalOverlay, Radio, RadioGroup } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { type Appointment, EDIT_SCOPES, type EditScope } from '../../../shared/scheduling.js';
import { SelectField } from '../../components/SelectField.js';
import { ZoneField } from '../../components/ZoneField.js';
import { useMe } from '../../session/useMe.js';
import { useProviders } from '../clients/api.js';
import { FinalError, listState, RetryingError, useNarrow } from '../clients/common.js';
import { clientNames, patchAppointment, retryAppointmentsNow, SCOPE_LABELS, STATUS_LABELS, useAppointmentRange, useInvalidateAppointments } from './api.js';
import { AppointmentDetails } from './AppointmentDetails.js';
import { CancelDialog, errorText, type ActionOutcome } from './AppointmentActions.js';
import { BookingDialog, type BookingInitial } from './BookingDialog.js';
import { clientsInOtherZones, useDisplayZone } from './common.js';
import { RemindersAttention } from '../reminders/RemindersAttention.js';
import { fastTimes, fastTimeWithZone, formatRange, instantToLocal, isIsoDate, sameClock, today, zoneLabel } from './time.js';
import './scheduling.css';

const VIEWS = { month: 'dayGridMonth', week: 'timeGridWeek', day: 'timeGridDay' } as const;
type ViewKey = keyof typeof VIEWS;
const VIEW_KEYS = Object.fromEntries(Object.entries(VIEWS).map(([k, v]) => [v, k])) as Record<string, ViewKey>;
const ALL = 'all';
const PLUGINS = [dayGridPlugin, timeGridPlugin, interactionPlugin, luxonPlugin];
const TOOLBAR = { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,timeGridDay' };
const TOOLBAR_NARROW = { left: 'prev,next', center: 'title', right: 'today' };
// Text, not FullCalendar's icon font: its icons are role="img" without a name.
const BUTTON_TEXT = { prev: 'Previous', next: 'Next', today: 'Today', month: 'Month', week: 'Week', day: 'Day' };

/** White text reads on each of these at 4.5:1 or better. */
const PROVIDER_COLORS = ['#0b5cad', '#1e6b34', '#6b3fa0', '#a4161a', '#7a4a00', '#00606b', '#37474f', '#8e2463'];

interface PendingMove {
  appt: Appointment;
  start: string;
  revert: () => void;
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
  const view: ViewKey = narrow ? 'day' : chosenView;
  const dateParam = sp.get('date');
  const [initialDate] = useState(() => (isIsoDate(dateParam) ? dateParam : today(zone)));
  const providerId = sp.get('providerId') ?? '';
  const providers = useProviders();
  const calendarRef = useRef<FullCalendar>(null);
  const invalidate = useInvalidateAppointments();

  // FullCalendar's visible range, as the API's [from, to).
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const query = useAppointmentRange(range ? { ...range, providerId: providerId || undefined } : null);
  const [selected, setSelected] = useState<Appointment | null>(null);
  const [booking, setBooking] = useState<BookingInitial | null>(null);
  const [pending, setPending] = useState<PendingMove | null>(null);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);

  const colors = useMemo(() => new Map((providers.data?.providers ?? []).map((p, i) => [p.id, PROVIDER_COLORS[i % PROVIDER_COLORS.length]!])), [providers.data]);
  const { failing, finalError, showing, shown } = listState(query);
  const ready = showing && !query.isFetching && !saving;
  const items = useMemo(() => shown?.items ?? [], [shown]);
  const byId = useMemo(() => new Map(items.map((a) => [a.id, a])), [items]);

  const events = useMemo<EventInput[]>(
    () =>
      items.map((a) => {
        const cancelled = a.status === 'cancelled';
        const color = cancelled ? '#f1f3f5' : (colors.get(a.providerId) ?? PROVIDER_COLORS[0]!);
        return {
          id: a.id,
          title: clientNames(a),
          start: a.start,
          end: a.end,
          backgroundColor: color,
          borderColor: cancelled ? '#5b6470' : color,
          textColor: cancelled ? '#1b1f24' : '#ffffff',
          classNames: ['appt', `appt-${a.status}`],
          startEditable: canWrite && (a.status === 'scheduled' || a.status === 'confirmed'),
          extendedProps: { appt: a },
        };
      }),
    [items, colors, canWrite],
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
      if (viewKey && !narrow) next.set('view', viewKey);
      if (next.toString() !== current.toString()) setSp(next, { replace: true });
    },
    [zone, narrow, setSp],
  );

  useEffect(() => {
    const api = calendarRef.current?.getApi();
    if (api && api.view.type !== VIEWS[view]) api.changeView(VIEWS[view]);
  }, [view]);

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
          height="auto"
          showNonCurrentDates={false}
          fixedWeekCount={false}
          dayMaxEvents={false}
          nowIndicator
          scrollTime="08:00:00"
          slotDuration="00:30:00"
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
          onClose={(message) => {
            setBooking(null);
            if (message) setOutcome({ kind: 'ok', message });
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
  body.className = 'appt-body';
  body.dataset.testid = 'calendar-event';
  body.dataset.appointmentId = a.id;
  body.dataset.status = a.status;
  body.dataset.start = a.start;
  body.append(el('appt-time', fastTimes(a.start, a.end, zone)), ' ');
  const title = el('appt-title', clientNames(a));
  if (cancelled) title.prepend(el('visually-hidden', `${STATUS_LABELS.cancelled}: `));
  body.append(title);
  if (!cancelled && a.status !== 'scheduled') body.append(el('appt-status', ` · ${STATUS_LABELS[a.status]}`));
  if (!sameClock(a.start, a.timeZone, zone)) body.append(el('appt-zone', ` · ${a.providerName.split(' ')[0]}: ${fastTimeWithZone(a.start, a.timeZone)}`));
  for (const o of clientsInOtherZones(a)) body.append(el('appt-zone', ` · client: ${fastTimeWithZone(a.start, o.zone)}`));
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
