// The Appointments tab: appointments overlapping a date range (this week by default), filtered by
// provider, client and status, with the exact total and cursor paging. It reads the same API, with
// the same half-open range, as the calendar. A failed answer shows "Couldn't load appointments —
// retrying" and no rows at all, never a stale or partial list.
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';
import { APPOINTMENT_STATUSES, type Appointment, type AppointmentList, type AppointmentStatus } from '../../../shared/scheduling.js';
import { SelectField } from '../../components/SelectField.js';
import { ZoneField } from '../../components/ZoneField.js';
import { useMe } from '../../session/useMe.js';
import { numberFmt, useClient, useProviders } from '../clients/api.js';
import { FinalError, listState, Pager, RetryingError, useCursorPaging, useNarrow } from '../clients/common.js';
import { APPOINTMENT_PAGE_SIZE, clientNames, retryAppointmentsNow, STATUS_LABELS, TYPE_LABELS, useAppointmentPage } from './api.js';
import { AppointmentActions, CancelDialog, type ActionOutcome } from './AppointmentActions.js';
import { AppointmentCallButton, appointmentCallable, useCanStartCalls } from '../calls/index.js';
import { AppointmentRemindersDialog, RemindersAttention } from '../reminders/index.js';
import { BookingDialog, type Booked } from './BookingDialog.js';
import { EditAppointmentDialog } from './EditAppointmentDialog.js';
import { ClientPicker } from './ClientPicker.js';
import { StatusBadge, useDisplayZone, WhenText } from './common.js';
import { addDays, dayStart, formatDay, instantToLocal, isIsoDate, nextDay, today, weekOf, zoneLabel } from '../../lib/time.js';
import './scheduling.css';

const ALL = 'all';

interface Filters {
  from: string;
  to: string;
  providerId: string;
  clientId: string;
  status: AppointmentStatus | '';
}

function readFilters(sp: URLSearchParams, zone: string): Filters {
  const week = weekOf(today(zone));
  const givenFrom = sp.get('from');
  const givenTo = sp.get('to');
  const from = isIsoDate(givenFrom) ? givenFrom : week.from;
  const to = isIsoDate(givenTo) && givenTo >= from ? givenTo : addDays(from, 6);
  const status = sp.get('status') ?? '';
  return {
    from,
    to,
    providerId: sp.get('providerId') ?? '',
    clientId: sp.get('clientId') ?? '',
    status: (APPOINTMENT_STATUSES as readonly string[]).includes(status) ? (status as AppointmentStatus) : '',
  };
}

export function AppointmentsPage() {
  const me = useMe();
  const canWrite = me.data?.permissions.includes('appointments.write') ?? false;
  const canRead = me.data?.permissions.includes('appointments.read') ?? true;
  const [sp, setSp] = useSearchParams();
  const [zone, setZone] = useDisplayZone();
  const f = readFilters(sp, zone);
  const range = { from: dayStart(f.from, zone), to: dayStart(nextDay(f.to), zone) };
  const filterKey = JSON.stringify({ ...f, zone });
  const paging = useCursorPaging(filterKey);
  const { cursor, pageIndex } = paging;
  const list = useAppointmentPage(
    { ...range, providerId: f.providerId || undefined, clientId: f.clientId || undefined, status: f.status || undefined, cursor, limit: APPOINTMENT_PAGE_SIZE },
    canRead,
  );
  const providers = useProviders();
  const [booking, setBooking] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const [remindersOf, setRemindersOf] = useState<Appointment | null>(null);
  const [editing, setEditing] = useState<Appointment | null>(null);
  // The appointment just booked or moved: the list goes to its week and points it out.
  const [highlight, setHighlight] = useState<string | null>(null);

  const setParam = (name: keyof Filters, value: string) =>
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value && value !== ALL) next.set(name, value);
        else next.delete(name);
        // A range is always written whole, so it reads back the same.
        if (name === 'from' || name === 'to') {
          next.set('from', name === 'from' ? value : f.from);
          next.set('to', name === 'to' ? value : value > f.to ? addDays(value, 6) : f.to);
        }
        return next;
      },
      { replace: true },
    );

  if (!canRead) {
    return (
      <>
        <h1>Appointments</h1>
        <p>Your role does not include access to appointments.</p>
      </>
    );
  }

  const { failing, finalError, shown, settled } = listState(list);

  /** Show the week (in the display zone) holding an appointment just booked or moved, and mark it. */
  const showAppointment = (a: Booked) => {
    const week = weekOf(instantToLocal(a.start, zone).date);
    setHighlight(a.id);
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('from', week.from);
        next.set('to', week.to);
        // Filters that could hide it are dropped; the zone stays.
        for (const k of ['providerId', 'clientId', 'status']) next.delete(k);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <div data-testid="appointments-page">
      <div className="page-head">
        <h1>Appointments</h1>
        <div className="actions">
          {canWrite ? (
            <Button className="btn primary" onPress={() => setBooking(true)} data-testid="new-appointment">
              New appointment
            </Button>
          ) : null}
          <Link className="btn" to={`/calendar?${calendarLink(f, zone, sp.get('tz'))}`} data-testid="open-calendar">
            Open in calendar
          </Link>
        </div>
      </div>

      <RemindersAttention displayZone={zone} canWrite={canWrite} />

      <div role="search" className="filters" aria-label="Filter appointments">
        <DateInput label="From" name="from" value={f.from} onChange={(v) => setParam('from', v)} />
        <DateInput label="Through" name="to" value={f.to} onChange={(v) => setParam('to', v)} />
        {providers.isSuccess ? (
          <SelectField
            name="providerId"
            label="Provider"
            value={f.providerId || ALL}
            onChange={(v) => setParam('providerId', v)}
            options={[{ id: ALL, label: 'All providers' }, ...providers.data.providers.map((p) => ({ id: p.id, label: p.name }))]}
            testId="provider-filter"
          />
        ) : null}
        <SelectField
          name="status"
          label="Status"
          value={f.status || ALL}
          onChange={(v) => setParam('status', v)}
          options={[{ id: ALL, label: 'All statuses' }, ...APPOINTMENT_STATUSES.map((s) => ({ id: s, label: STATUS_LABELS[s] }))]}
          testId="status-filter"
        />
        <ClientFilter clientId={f.clientId} onChange={(id) => setParam('clientId', id)} />
        <ZoneField name="tz" label="Dates in time zone" value={zone} onChange={setZone} testId="display-zone" />
      </div>
      <p className="field-description" data-testid="range-note">
        Appointments overlapping {formatDay(range.from, zone)} through {formatDay(dayStart(f.to, zone), zone)}, days counted in {zoneLabel(zone)}. Times are shown in each
        appointment's own zone, with the client's local time where it differs.
      </p>

      {outcome ? (
        <p role={outcome.kind === 'error' ? 'alert' : 'status'} className={outcome.kind === 'error' ? 'notice warn' : 'notice'} data-testid="action-outcome" data-kind={outcome.kind}>
          {outcome.message}
        </p>
      ) : null}

      <div
        data-testid="appointments-list"
        data-ready={settled ? 'true' : 'false'}
        data-error={failing ? 'true' : undefined}
        data-from={range.from}
        data-to={range.to}
        data-provider-id={f.providerId}
        data-client-id={f.clientId}
        data-status={f.status}
        data-page={pageIndex + 1}
        data-total={shown?.total}
        aria-busy={list.isFetching && !failing}
      >
        {finalError ? (
          <FinalError error={list.error} what="appointment list" />
        ) : failing ? (
          <RetryingError failureCount={list.failureCount} error={list.failureReason} what="appointments" fetching={list.isFetching} onRetry={() => void retryAppointmentsNow()} testId="appointments" />
        ) : shown ? (
          <AppointmentResults
            data={shown}
            offset={pageIndex * APPOINTMENT_PAGE_SIZE}
            stale={list.isPlaceholderData}
            zone={zone}
            canWrite={canWrite}
            onOutcome={setOutcome}
            onCancel={setCancelling}
            onEdit={setEditing}
            onReminders={setRemindersOf}
            highlight={highlight}
          />
        ) : (
          <p role="status" className="loading">
            Loading appointments…
          </p>
        )}
      </div>

      {shown ? <Pager label="Appointment list pages" paging={paging} nextCursor={shown.nextCursor} fetching={list.isFetching} stale={list.isPlaceholderData} /> : null}

      {cancelling ? (
        <CancelDialog
          appt={cancelling}
          onClose={(o) => {
            setCancelling(null);
            if (o) setOutcome(o);
          }}
        />
      ) : null}
      {remindersOf ? <AppointmentRemindersDialog appt={remindersOf} label={`${clientNames(remindersOf)} on ${formatDay(remindersOf.start, remindersOf.timeZone)}`} displayZone={zone} onClose={() => setRemindersOf(null)} /> : null}
      {booking ? (
        <BookingDialog
          initial={{ providerId: f.providerId || undefined, timeZone: zone }}
          onClose={(message, booked) => {
            setBooking(false);
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
    </div>
  );
}

/** The same range and filters, opened as a calendar (month view when the range is long). */
function calendarLink(f: Filters, zone: string, tzParam: string | null): string {
  const qs = new URLSearchParams({ date: f.from, view: f.to >= addDays(f.from, 7) ? 'month' : 'week' });
  if (f.providerId) qs.set('providerId', f.providerId);
  if (tzParam) qs.set('tz', zone);
  return qs.toString();
}

function DateInput({ label, name, value, onChange }: { label: string; name: string; value: string; onChange: (v: string) => void }) {
  const id = `filter-${name}`;
  return (
    <div className="field date-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={value}
        onChange={(e) => {
          if (isIsoDate(e.target.value)) onChange(e.target.value);
        }}
        data-testid={`filter-${name}`}
      />
    </div>
  );
}

function ClientFilter({ clientId, onChange }: { clientId: string; onChange: (id: string) => void }) {
  if (!clientId) return <ClientPicker name="clientId" label="Client" onPick={(c) => onChange(c.id)} testId="client-filter" description="Search by name." />;
  return <ChosenClient clientId={clientId} onClear={() => onChange('')} />;
}

/** The filter's client, by the id in the address (the name is looked up, never put in the URL). */
function ChosenClient({ clientId, onClear }: { clientId: string; onClear: () => void }) {
  const chosen = useClient(clientId);
  const name = chosen.data ? `${chosen.data.preferredName ?? chosen.data.firstName} ${chosen.data.lastName}` : chosen.isError ? 'Unknown client' : 'Loading…';
  return (
    <div className="field chosen-client" data-testid="client-filter-chosen" role="group" aria-labelledby="client-filter-label">
      <span className="field-label" id="client-filter-label">
        Client
      </span>
      <span className="chip">
        <span>{name}</span>
        <Button className="btn small" onPress={onClear} aria-label={`Show every client, not only ${name}`} data-testid="client-filter-clear">
          Clear
        </Button>
      </span>
    </div>
  );
}

function AppointmentResults({
  data,
  offset,
  stale,
  zone,
  canWrite,
  onOutcome,
  onCancel,
  onEdit,
  onReminders,
  highlight,
}: {
  data: AppointmentList;
  offset: number;
  stale: boolean;
  zone: string;
  canWrite: boolean;
  onOutcome: (o: ActionOutcome) => void;
  onCancel: (a: Appointment) => void;
  onEdit: (a: Appointment) => void;
  onReminders: (a: Appointment) => void;
  highlight: string | null;
}) {
  const narrow = useNarrow();
  const canCall = useCanStartCalls();
  const shownHighlight = !stale && highlight !== null && data.items.some((a) => a.id === highlight);
  useEffect(() => {
    if (shownHighlight) document.querySelector('[data-testid="appointment-row"][data-highlight="true"]')?.scrollIntoView({ block: 'center' });
  }, [shownHighlight, highlight]);
  const mark = (a: Appointment) => (a.id === highlight ? { 'data-highlight': 'true', className: 'just-changed' } : {});
  if (data.total === 0 || data.items.length === 0) {
    return (
      <p role="status" data-testid="appointments-total" data-total={data.total}>
        No appointments in this range.
      </p>
    );
  }
  const from = offset + 1;
  const to = offset + data.items.length;
  const summary = `Showing ${numberFmt.format(from)}–${numberFmt.format(to)} of ${numberFmt.format(data.total)}`;
  const label = (a: Appointment) => `${clientNames(a)} on ${formatDay(a.start, a.timeZone)}`;
  const remindersButton = (a: Appointment) => (
    <Button className="btn small" onPress={() => onReminders(a)} aria-label={`Reminders of ${label(a)}`} data-testid="row-reminders">
      Reminders
    </Button>
  );
  return (
    <>
      <p role="status" data-testid="appointments-total" data-total={data.total} className={stale ? 'stale' : undefined}>
        {stale ? 'Updating…' : summary}
      </p>
      {narrow ? (
        <ul className="appointment-cards" aria-label="Appointments">
          {data.items.map((a) => (
            <li key={a.id} data-testid="appointment-row" data-appointment-id={a.id} data-status={a.status} data-start={a.start} {...mark(a)}>
              <div className="card-title">
                <WhenText appt={a} displayZone={zone} />
              </div>
              <dl className="card-facts">
                <dt>Clients</dt>
                <dd>{clientNames(a)}</dd>
                <dt>Provider</dt>
                <dd>{a.providerName}</dd>
                <dt>Type</dt>
                <dd>
                  {TYPE_LABELS[a.type]}
                  {a.serviceName ? ` · ${a.serviceName}` : ''}
                </dd>
                <dt>Status</dt>
                <dd>
                  <StatusBadge appt={a} />
                </dd>
              </dl>
              <div className="row-actions">
                {canCall && appointmentCallable(a) ? <AppointmentCallButton appointmentId={a.id} label={label(a)} className="btn small" /> : null}
                {canWrite ? <AppointmentActions appt={a} label={label(a)} onOutcome={onOutcome} onCancel={onCancel} onEdit={onEdit} /> : null}
                {remindersButton(a)}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <table className="table appointments-table" data-testid="appointments-table">
          <caption className="visually-hidden">{stale ? 'Appointments (updating)' : `Appointments ${summary.replace('Showing ', '')}`}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Clients</th>
              <th scope="col">Provider</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((a) => (
              <tr key={a.id} data-testid="appointment-row" data-appointment-id={a.id} data-status={a.status} data-start={a.start} {...mark(a)}>
                <th scope="row">
                  <WhenText appt={a} displayZone={zone} />
                  {a.seriesId ? <span className="tag">Recurring</span> : null}
                  {a.bookedInPast ? <span className="tag">Booked after the fact</span> : null}
                </th>
                <td>{clientNames(a)}</td>
                <td>{a.providerName}</td>
                <td>
                  {TYPE_LABELS[a.type]}
                  {a.serviceName ? <span className="zone-line">{a.serviceName}</span> : null}
                </td>
                <td>
                  <StatusBadge appt={a} />
                </td>
                <td>
                  <div className="row-actions">
                    {canCall && appointmentCallable(a) ? <AppointmentCallButton appointmentId={a.id} label={label(a)} className="btn small" /> : null}
                    {canWrite ? <AppointmentActions appt={a} label={label(a)} onOutcome={onOutcome} onCancel={onCancel} onEdit={onEdit} /> : null}
                    {remindersButton(a)}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
