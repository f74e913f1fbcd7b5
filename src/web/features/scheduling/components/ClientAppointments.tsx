// "Upcoming and recent appointments" on a client's profile: the next few (an appointment under
// way counts as upcoming) and the last few past ones, each in its own (the practice's) zone, with
// Start / join call for a video or audio visit whose join window is open. Reads the one
// appointments endpoint with its client filter, so it shows what the Appointments list shows.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Appointment } from '../../../../shared/scheduling.js';
import { QueryRetryNotice } from '../../../components/QueryState.js';
import { formatRange, instantToLocal, zoneLabel } from '../../../lib/time.js';
import { useMe } from '../../../session/useMe.js';
import { AppointmentCallButton, appointmentCallable } from '../../calls/index.js';
import { useAppointmentPage } from '../api/listAppointments.js';
import { TYPE_LABELS } from '../model/labels.js';
import { StatusBadge } from './common.js';
import './scheduling.css';
import './client-appointments.css';

/** How many of each side are listed; the link to Appointments has the rest. */
export const SHOWN = 3;
/** A call's room can be opened from this long before its start until it ends. */
export const JOIN_OPENS_MINUTES = 10;
const DAY = 24 * 3600_000;
/** How far back "recent" reaches, and how many of that range are read to find the latest. */
const PAST_DAYS = 365;
const PAST_BATCH = 200;

/** "Under way", "Starts in 6 min", "Today" or nothing: when the visit is, at a glance. */
export function soonText(a: Pick<Appointment, 'start' | 'end' | 'timeZone' | 'status'>, now: number): string | null {
  if (a.status === 'cancelled') return null;
  const start = Date.parse(a.start);
  const end = Date.parse(a.end);
  if (start <= now && now < end) return 'Under way';
  if (start > now && start - now <= 60 * 60_000) {
    const minutes = Math.max(1, Math.round((start - now) / 60_000));
    return `Starts in ${minutes} min`;
  }
  if (start > now && instantToLocal(a.start, a.timeZone).date === instantToLocal(new Date(now).toISOString(), a.timeZone).date) return 'Today';
  return null;
}

/** A past visit still booked as scheduled or confirmed: its outcome (completed, no-show) was never recorded. */
export function outcomeMissing(a: Pick<Appointment, 'end' | 'status'>, now: number): boolean {
  return (a.status === 'scheduled' || a.status === 'confirmed') && Date.parse(a.end) <= now;
}

/** Whether a callable appointment's room may be opened now. */
export function inJoinWindow(a: Pick<Appointment, 'start' | 'end'>, now: number): boolean {
  return now >= Date.parse(a.start) - JOIN_OPENS_MINUTES * 60_000 && now < Date.parse(a.end);
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export function ClientAppointments({ clientId, clientName }: { clientId: string; clientName: string }) {
  const me = useMe();
  const canRead = me.data?.permissions.includes('appointments.read') ?? false;
  if (!canRead) return null;
  return <Card clientId={clientId} clientName={clientName} />;
}

function Card({ clientId, clientName }: { clientId: string; clientName: string }) {
  const me = useMe();
  const canCall = me.data?.permissions.includes('calls.start') ?? false;
  // One anchor per visit of the page (whole minutes), so the query keys stay put while it is open.
  const [anchor] = useState(() => Math.floor(Date.now() / 60_000) * 60_000);
  const now = useNow(30_000);
  const upcoming = useAppointmentPage({ from: new Date(anchor).toISOString(), to: new Date(anchor + 366 * DAY).toISOString(), clientId, cursor: null, limit: SHOWN });
  const past = useAppointmentPage({ from: new Date(anchor - PAST_DAYS * DAY).toISOString(), to: new Date(anchor).toISOString(), clientId, cursor: null, limit: PAST_BATCH });

  const failing = [upcoming, past].find((q) => q.isError || (q.failureCount > 0 && q.isFetching));
  const ready = upcoming.isSuccess && past.isSuccess;
  // The past range is read oldest first: the latest few are its end. One still under way is upcoming.
  const recent = ready ? past.data.items.filter((a) => Date.parse(a.end) <= anchor).slice(-SHOWN).reverse() : [];
  const next = ready ? upcoming.data.items : [];
  const allHref = `/appointments?clientId=${encodeURIComponent(clientId)}`;

  return (
    <section aria-labelledby="client-appts-h" className="card client-appts" data-testid="client-appointments" data-ready={ready ? 'true' : 'false'}>
      <h2 id="client-appts-h">Upcoming and recent appointments</h2>
      {failing ? (
        <QueryRetryNotice query={failing} what="appointments" testId="client-appointments" />
      ) : !ready ? (
        <p role="status" className="loading">
          Loading appointments…
        </p>
      ) : (
        <>
          <h3 className="client-appts-sub">Upcoming</h3>
          {next.length ? (
            <List items={next} now={now} canCall={canCall} clientName={clientName} testId="client-appts-upcoming" />
          ) : (
            <p className="muted" data-testid="client-appts-upcoming-none">
              No upcoming appointments.
            </p>
          )}
          {upcoming.data.total > next.length ? <p className="field-description">{upcoming.data.total - next.length} more upcoming.</p> : null}
          <h3 className="client-appts-sub">Recent</h3>
          {recent.length ? (
            <List items={recent} now={now} canCall={canCall} clientName={clientName} testId="client-appts-recent" />
          ) : (
            <p className="muted" data-testid="client-appts-recent-none">
              No appointments in the past year.
            </p>
          )}
        </>
      )}
      <p>
        <Link to={allHref} data-testid="client-appts-all">
          All appointments<span className="visually-hidden"> of {clientName}</span>
        </Link>
      </p>
    </section>
  );
}

function List({ items, now, canCall, clientName, testId }: { items: Appointment[]; now: number; canCall: boolean; clientName: string; testId: string }) {
  return (
    <ul className="client-appts-list" data-testid={testId}>
      {items.map((a) => {
        const joinable = canCall && appointmentCallable(a) && inJoinWindow(a, now);
        const soon = soonText(a, now);
        return (
          <li key={a.id} data-testid="client-appt" data-appointment-id={a.id} data-status={a.status} data-joinable={joinable ? 'true' : 'false'}>
            <div className="client-appt-main">
              <span className="client-appt-when">
                {soon ? (
                  <span className="client-appt-soon" data-testid="client-appt-soon">
                    {soon}
                  </span>
                ) : null}
                {formatRange(a.start, a.end, a.timeZone)}
              </span>
              <span className="client-appt-what">
                {TYPE_LABELS[a.type]}
                {a.serviceName ? ` · ${a.serviceName}` : ''} · with {a.providerName}
                <span className="visually-hidden"> ({zoneLabel(a.timeZone)})</span>
              </span>
            </div>
            <div className="client-appt-side">
              <StatusBadge appt={a} />
              {outcomeMissing(a, now) ? (
                <span className="muted client-appt-note" data-testid="client-appt-outcome-missing">
                  Outcome not recorded
                </span>
              ) : null}
              {joinable ? <AppointmentCallButton appointmentId={a.id} label={`${clientName}, ${TYPE_LABELS[a.type].toLowerCase()}`} className="btn primary small" /> : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
