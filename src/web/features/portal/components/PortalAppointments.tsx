// The portal's Appointments section for one client record: earlier times offered from the
// waitlist, upcoming and recent appointments (in the client's own zone, with a cancel step that
// says when a cancellation would be late), requests and their answers, a form to request a time
// among the open slots of the client's own providers, and the waitlist. Every list shows its
// loading, failure and retry state; every change shows its progress and its outcome.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import { Link, useNavigate, useParams } from 'react-router';
import { JOIN_WINDOW_MINUTES, joinState, joinWindow } from '../../../../shared/join-window.js';
import type { BookingOptions, PortalAppointment, WaitlistOffer } from '../../../../shared/booking.js';
import type { AppointmentType } from '../../../../shared/scheduling.js';
import { isApiError } from '../../../api/client.js';
import { ErrorSummary, useFormErrors } from '../../../components/forms.js';
import { SelectField } from '../../../components/SelectField.js';
import {
  acceptOffer,
  apptKeys,
  cancelAppointment,
  joinAppointmentCall,
  joinWaitlist,
  leaveWaitlist,
  requestAppointment,
  usePortalAppointments,
  usePortalBookingOptions,
  usePortalOffer,
  usePortalOffers,
  usePortalRequests,
  usePortalSlots,
  usePortalWaitlist,
  withdrawRequest,
} from '../api/appointments.js';
import { LoadBlock } from './PortalPages.js';
import { usePortalMe } from '../../../session/portal.js';

const DAY = 86_400_000;
const WEEKS_AHEAD = 12;
const TYPE_LABEL: Record<AppointmentType, string> = { video: 'Video', audio: 'Audio only', in_person: 'In person' };
const STATUS_LABEL: Record<PortalAppointment['status'], string> = {
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'Missed',
};
const REQUEST_LABEL = { pending: 'Waiting for the practice to confirm', approved: 'Confirmed: see your appointments', declined: 'Declined', cancelled: 'Withdrawn', expired: 'Expired (the time has passed)' } as const;

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A moment in the client's zone, e.g. "Thu, Nov 5, 9:00 AM CST". */
export function when(iso: string, zone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));
}
const dayLabel = (iso: string, zone: string) => new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'long', month: 'long', day: 'numeric' }).format(new Date(iso));
const timeLabel = (iso: string, zone: string) => new Intl.DateTimeFormat(undefined, { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));

function errorText(e: unknown, fallback: string): string {
  if (isApiError(e)) return e.status === 409 ? e.message : e.status === 0 ? "Couldn't reach Hearth. Check your connection and try again." : e.message;
  return fallback;
}

function useClient() {
  const { clientId = '' } = useParams();
  const me = usePortalMe();
  const link = me.data?.links.find((l) => l.clientId === clientId);
  return { clientId, practiceName: link?.practiceName ?? 'your practice' };
}

export function PortalAppointmentsPage() {
  const { clientId, practiceName } = useClient();
  const options = usePortalBookingOptions(clientId);
  const appointments = usePortalAppointments(clientId);
  const zone = options.data?.clientTimeZone ?? appointments.data?.clientTimeZone ?? browserZone();
  // Upcoming and past as of when the list was loaded (it reloads after every change).
  const now = appointments.dataUpdatedAt;
  const past = appointments.data?.items.filter((a) => Date.parse(a.end) <= now) ?? [];
  return (
    <section aria-labelledby="portal-appointments-h" data-testid="portal-appointments-page">
      <h2 id="portal-appointments-h">Appointments</h2>
      <p className="field-description">
        Times are shown in your time zone ({zone}). For anything urgent, call {practiceName}; in an emergency, call 911 or your local emergency number.
      </p>
      <Offers clientId={clientId} zone={zone} />
      <h3>Upcoming</h3>
      <LoadBlock query={appointments} what="your appointments" testId="portal-appointments" extra={{ 'data-count': appointments.data?.items.length }}>
        {(d) => <AppointmentList clientId={clientId} items={d.items.filter((a) => Date.parse(a.end) > now)} now={now} zone={zone} empty="No upcoming appointments." testId="portal-upcoming" />}
      </LoadBlock>
      <Requests clientId={clientId} zone={zone} />
      <h3>Request an appointment</h3>
      <LoadBlock query={options} what="what you can book" testId="portal-booking-options">
        {(o) => <RequestForm clientId={clientId} options={o} zone={zone} practiceName={practiceName} />}
      </LoadBlock>
      <h3>Waitlist</h3>
      <LoadBlock query={options} what="your providers" testId="portal-waitlist-options">
        {(o) => <Waitlist clientId={clientId} options={o} />}
      </LoadBlock>
      {past.length ? (
        <>
          <h3>Recent</h3>
          <AppointmentList clientId={clientId} items={[...past].reverse()} now={now} zone={zone} empty="" testId="portal-past" />
        </>
      ) : null}
    </section>
  );
}

function useRefreshScheduling(clientId: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: apptKeys.all(clientId) });
}

// ---- appointments ----

function AppointmentList({ clientId, items, now, zone, empty, testId }: { clientId: string; items: PortalAppointment[]; now: number; zone: string; empty: string; testId: string }) {
  if (!items.length) return <p className="muted">{empty}</p>;
  return (
    <ul className="appt-list" data-testid={testId}>
      {items.map((a) => (
        <AppointmentItem key={a.id} clientId={clientId} a={a} now={now} zone={zone} />
      ))}
    </ul>
  );
}

function AppointmentItem({ clientId, a, now, zone }: { clientId: string; a: PortalAppointment; now: number; zone: string }) {
  const refresh = useRefreshScheduling(clientId);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingId = `appt-${a.id}`;
  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      await cancelAppointment(clientId, a.id);
      setConfirming(false);
      await refresh();
    } catch (e) {
      setError(errorText(e, "Couldn't cancel. Please try again."));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="card appt" aria-labelledby={headingId} data-testid="portal-appointment" data-appointment-id={a.id} data-status={a.status}>
      <p className="appt-when" id={headingId}>
        <strong>{when(a.start, zone)}</strong> · {a.durationMinutes} min
      </p>
      <p className="appt-what">
        {TYPE_LABEL[a.type]}
        {a.serviceName ? ` · ${a.serviceName}` : ''} · with {a.providerName}
        {a.format !== 'individual' ? ` · ${a.format === 'couple' ? 'couple' : a.format === 'family' ? 'family' : 'group'} session` : ''}
      </p>
      <p className={a.status === 'cancelled' ? 'appt-status cancelled' : 'appt-status'} data-testid="portal-appointment-status">
        {STATUS_LABEL[a.status]}
        {a.cancellation ? ` by ${a.cancellation.by === 'client' ? 'you' : 'the practice'}${a.cancellation.late ? ' (late cancellation)' : ''}` : ''}
      </p>
      {a.type !== 'in_person' && a.status !== 'cancelled' && Date.parse(a.end) > now ? <JoinVisit a={a} zone={zone} /> : null}
      {a.canCancel ? (
        confirming ? (
          <div className="confirm" role="group" aria-label="Confirm cancellation">
            <p>{a.lateIfCancelledNow ? 'This is inside the practice’s cancellation window, so it will count as a late cancellation. Cancel anyway?' : 'Cancel this appointment?'}</p>
            <div className="actions">
              <Button className="btn danger" isDisabled={busy} onPress={() => void cancel()} data-testid="portal-cancel-confirm">
                {busy ? 'Cancelling…' : 'Yes, cancel it'}
              </Button>
              <Button className="btn" isDisabled={busy} onPress={() => setConfirming(false)}>
                Keep it
              </Button>
            </div>
          </div>
        ) : (
          <div className="actions">
            <Button className="btn" onPress={() => setConfirming(true)} data-testid="portal-cancel-appointment">
              Cancel appointment<span className="visually-hidden"> on {when(a.start, zone)}</span>
            </Button>
          </div>
        )
      ) : null}
      <div role="status">{error ? <p className="field-error">{error}</p> : null}</div>
    </li>
  );
}

// ---- joining a video or audio visit ----

/**
 * The clock, re-read when `at` (a moment the answer changes) comes, and every half minute: the
 * Join button appears the moment the window opens, not at the next reload of the list.
 */
function useNow(at: readonly number[]): number {
  const [now, setNow] = useState(() => Date.now());
  const next = at.filter((t) => t > now).sort((x, y) => x - y)[0];
  useEffect(() => {
    const wait = next === undefined ? 30_000 : Math.min(30_000, Math.max(0, next - Date.now()) + 50);
    const t = setTimeout(() => setNow(Date.now()), wait);
    return () => clearTimeout(t);
  }, [now, next]);
  return now;
}

/** The visit's join window (src/shared/join-window.ts, the server's own definition): what it says, and Join while it is open. */
function JoinVisit({ a, zone }: { a: PortalAppointment; zone: string }) {
  const navigate = useNavigate();
  const start = Date.parse(a.start);
  const end = Date.parse(a.end);
  const w = joinWindow(start, end);
  const now = useNow([w.opensAt, w.closesAt]);
  const state = joinState(now, start, end);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const what = a.type === 'audio' ? 'audio call' : 'video visit';
  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      const call = await joinAppointmentCall(a.id);
      await navigate(`/portal/calls/${encodeURIComponent(call.id)}`);
    } catch (e) {
      setError(errorText(e, "Couldn't open the call. Please try again."));
    } finally {
      setBusy(false);
    }
  };
  if (state === 'over') return null;
  if (state === 'before') {
    return (
      <p className="field-description" data-testid="portal-join-later" data-opens-at={new Date(w.opensAt).toISOString()}>
        You can join this {what} from {JOIN_WINDOW_MINUTES} minutes before it starts (from {timeLabel(new Date(w.opensAt).toISOString(), zone)}). A Join button appears here then.
      </p>
    );
  }
  return (
    <div className="join-visit" data-testid="portal-join">
      <p>
        <strong>Your {what} is open.</strong> Join now; your provider will let you in.
      </p>
      <div className="actions">
        <Button className="btn primary" isDisabled={busy} onPress={() => void join()} data-testid="portal-join-button">
          {busy ? 'Opening…' : a.type === 'audio' ? 'Join audio call' : 'Join video visit'}
          <span className="visually-hidden"> on {when(a.start, zone)}</span>
        </Button>
      </div>
      <div role="status">{error ? <p className="field-error">{error}</p> : null}</div>
    </div>
  );
}

// ---- offers from the waitlist ----

function Offers({ clientId, zone }: { clientId: string; zone: string }) {
  const offers = usePortalOffers(clientId);
  const open = offers.data?.items.filter((o) => o.status === 'open') ?? [];
  return (
    <LoadBlock query={offers} what="offered times" testId="portal-offers" extra={{ 'data-count': open.length }}>
      {() =>
        open.length ? (
          <div className="notice">
            <h3>Earlier times available</h3>
            <ul className="appt-list">
              {open.map((o) => (
                <OfferItem key={o.id} clientId={clientId} offer={o} zone={zone} />
              ))}
            </ul>
          </div>
        ) : null
      }
    </LoadBlock>
  );
}

export function OfferItem({ clientId, offer, zone, onTaken }: { clientId: string; offer: WaitlistOffer; zone: string; onTaken?: () => void }) {
  const refresh = useRefreshScheduling(clientId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [taken, setTaken] = useState(false);
  const take = async () => {
    setBusy(true);
    setError(null);
    try {
      await acceptOffer(clientId, offer.id);
      await refresh();
      setTaken(true);
      onTaken?.();
    } catch (e) {
      setError(isApiError(e) && e.status === 409 ? 'Sorry, this time is no longer available.' : errorText(e, "Couldn't book this time. Please try again."));
      await refresh();
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="card appt" data-testid="portal-offer" data-offer-id={offer.id}>
      <p>
        <strong>{when(offer.start, zone)}</strong> · {offer.durationMinutes} min with {offer.providerName}
        {offer.serviceName ? ` (${offer.serviceName})` : ''}
      </p>
      <p className="field-description">
        The first person to accept gets it. {offer.expiresAt === offer.start ? 'You can accept it until it starts.' : `This offer ends ${when(offer.expiresAt, zone)}.`}
      </p>
      {taken ? null : (
        <div className="actions">
          <Button className="btn primary" isDisabled={busy} onPress={() => void take()} data-testid="portal-offer-accept">
            {busy ? 'Booking…' : 'Take this time'}
          </Button>
        </div>
      )}
      <div role="status" data-testid="portal-offer-result">
        {taken ? <p className="notice">Booked. It is now in your upcoming appointments.</p> : null}
        {error ? <p className="field-error">{error}</p> : null}
      </div>
    </li>
  );
}

// ---- requests ----

function Requests({ clientId, zone }: { clientId: string; zone: string }) {
  const requests = usePortalRequests(clientId);
  const refresh = useRefreshScheduling(clientId);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const withdraw = async (id: string) => {
    setBusyId(id);
    setError(null);
    try {
      await withdrawRequest(clientId, id);
      await refresh();
    } catch (e) {
      setError(errorText(e, "Couldn't withdraw the request. Please try again."));
    } finally {
      setBusyId(null);
    }
  };
  const items = requests.data?.items ?? [];
  return (
    <>
      <h3>Your requests</h3>
      <LoadBlock query={requests} what="your requests" testId="portal-requests" extra={{ 'data-count': items.length }}>
        {(d) =>
          d.items.length ? (
            <ul className="rows">
              {d.items.map((r) => (
                <li key={r.id} data-testid="portal-request" data-request-id={r.id} data-status={r.status}>
                  <span>
                    <strong>{when(r.start, zone)}</strong> · {r.serviceName} with {r.providerName}
                    <br />
                    <span className="muted">{REQUEST_LABEL[r.status]}</span>
                    {r.declineReason ? <span className="muted"> — “{r.declineReason}”</span> : null}
                  </span>
                  {r.status === 'pending' ? (
                    <Button className="btn small" isDisabled={busyId === r.id} onPress={() => void withdraw(r.id)} data-testid="portal-request-withdraw">
                      {busyId === r.id ? 'Withdrawing…' : 'Withdraw'}
                      <span className="visually-hidden"> request for {when(r.start, zone)}</span>
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No requests.</p>
          )
        }
      </LoadBlock>
      <div role="status">{error ? <p className="field-error">{error}</p> : null}</div>
    </>
  );
}

/** Midnight today in the browser. */
function startOfToday(): number {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  return today.getTime();
}

/** The week of open slots shown: `offset` weeks on from `today`. */
function weekRange(today: number, offset: number) {
  const from = today + offset * 7 * DAY;
  return { from: new Date(from).toISOString(), to: new Date(from + 7 * DAY).toISOString() };
}

function RequestForm({ clientId, options, zone, practiceName }: { clientId: string; options: BookingOptions; zone: string; practiceName: string }) {
  const refresh = useRefreshScheduling(clientId);
  const [serviceId, setServiceId] = useState(options.services[0]?.id ?? '');
  const [providerId, setProviderId] = useState(options.providers[0]?.id ?? '');
  const [type, setType] = useState<AppointmentType>('video');
  const [today] = useState(startOfToday);
  const [week, setWeek] = useState(0);
  const [start, setStart] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormErrors({ serviceId: 'Service', providerId: 'Provider', start: 'Time', type: 'Kind of appointment' });
  const range = weekRange(today, week);
  const slots = usePortalSlots(clientId, providerId, serviceId, range.from, range.to);
  const service = options.services.find((s) => s.id === serviceId);
  /** A new service, provider or week: the chosen time no longer applies. */
  const pick =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setStart('');
      setDone(null);
    };

  if (!options.providers.length || !options.services.length) {
    return <p className="muted">Online booking isn’t available for you yet. Send {practiceName} a message to arrange a time.</p>;
  }

  const submit = async () => {
    setDone(null);
    if (!start) {
      form.setSummary('Choose a time first.');
      return;
    }
    form.clear();
    setBusy(true);
    try {
      const out = await requestAppointment(clientId, { providerId, serviceId, start, type });
      await refresh();
      setDone(out.outcome === 'booked' ? `Booked for ${when(start, zone)}. It is in your upcoming appointments.` : `Request sent for ${when(start, zone)}. ${practiceName} will confirm it; you’ll see the answer under Your requests.`);
      setStart('');
    } catch (e) {
      form.fromApi(e);
      await refresh();
    } finally {
      setBusy(false);
    }
  };

  const byDay = new Map<string, { start: string }[]>();
  for (const s of slots.data?.slots ?? []) {
    const key = dayLabel(s.start, zone);
    byDay.set(key, [...(byDay.get(key) ?? []), s]);
  }

  return (
    <div className="form inset" data-testid="portal-request-form" data-state={busy ? 'sending' : done ? 'sent' : 'idle'}>
      <ErrorSummary form={form} testId="portal-request-error" />
      <div className="grid-2">
        <SelectField name="serviceId" label="Service" value={serviceId} onChange={pick(setServiceId)} options={options.services.map((s) => ({ id: s.id, label: `${s.name} (${s.defaultMinutes} min)` }))} form={form} testId="portal-request-service" />
        <SelectField name="providerId" label="Provider" value={providerId} onChange={pick(setProviderId)} options={options.providers.map((p) => ({ id: p.id, label: p.name }))} form={form} testId="portal-request-provider" />
        <SelectField name="type" label="Kind of appointment" value={type} onChange={(v) => setType(v as AppointmentType)} options={(['video', 'audio', 'in_person'] as const).map((t) => ({ id: t, label: TYPE_LABEL[t] }))} form={form} testId="portal-request-type" />
      </div>
      <p className="field-description">
        {service?.requiresApproval ? `${practiceName} confirms requests for this service.` : 'This service books at once.'} Times start at least {options.minNoticeHours} {options.minNoticeHours === 1 ? 'hour' : 'hours'} from now.
      </p>
      <div className="actions week-nav">
        <Button className="btn small" isDisabled={week === 0} onPress={() => pick(setWeek)(week - 1)} data-testid="portal-slots-earlier">
          Earlier week
        </Button>
        <span data-testid="portal-slots-range">
          {new Date(range.from).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} – {new Date(Date.parse(range.to) - DAY).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}
        </span>
        <Button className="btn small" isDisabled={week >= WEEKS_AHEAD} onPress={() => pick(setWeek)(week + 1)} data-testid="portal-slots-later">
          Later week
        </Button>
      </div>
      <LoadBlock query={slots} what="open times" testId="portal-slots" extra={{ 'data-count': slots.data?.slots.length }}>
        {() =>
          byDay.size ? (
            <div className="slot-days">
              {[...byDay.entries()].map(([day, list]) => (
                <RadioGroup
                  key={day}
                  className="slot-group"
                  value={list.some((s) => s.start === start) ? start : null}
                  onChange={(v) => {
                    setStart(v);
                    form.clear('start');
                  }}
                  isInvalid={form.errors.start !== undefined}
                >
                  <Label className="slot-day-label">{day}</Label>
                  <div className="slot-list">
                    {list.map((s) => (
                      <Radio key={s.start} value={s.start} className="slot" data-testid="portal-slot" data-start={s.start}>
                        {timeLabel(s.start, zone)}
                      </Radio>
                    ))}
                  </div>
                </RadioGroup>
              ))}
              {form.errors.start ? <p className="field-error">Time: {form.errors.start}</p> : null}
            </div>
          ) : (
            <p className="muted">No open times this week. Try a later week, or join the waitlist below.</p>
          )
        }
      </LoadBlock>
      <div className="actions">
        <Button className="btn primary" isDisabled={busy} onPress={() => void submit()} data-testid="portal-request-submit">
          {busy ? 'Sending…' : service?.requiresApproval ? 'Request this time' : 'Book this time'}
        </Button>
      </div>
      <div role="status" data-testid="portal-request-done">
        {done ? <p className="notice">{done}</p> : null}
      </div>
    </div>
  );
}

// ---- waitlist ----

function Waitlist({ clientId, options }: { clientId: string; options: BookingOptions }) {
  const entries = usePortalWaitlist(clientId);
  const refresh = useRefreshScheduling(clientId);
  const [providerId, setProviderId] = useState(options.providers[0]?.id ?? '');
  const [serviceId, setServiceId] = useState('any');
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormErrors({ providerId: 'Provider', serviceId: 'Service' });
  if (!options.providers.length) return <p className="muted">The waitlist opens once the practice assigns you a provider.</p>;
  const join = async () => {
    setDone(null);
    form.clear();
    setBusy('join');
    try {
      await joinWaitlist(clientId, serviceId === 'any' ? { providerId } : { providerId, serviceId });
      await refresh();
      setDone('You are on the waitlist. If an earlier time opens up, we’ll e-mail you and show it here.');
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(null);
    }
  };
  const leave = async (id: string) => {
    setDone(null);
    setBusy(id);
    try {
      await leaveWaitlist(clientId, id);
      await refresh();
      setDone('You left the waitlist.');
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div data-testid="portal-waitlist">
      <p className="field-description">Ask for an earlier time: when an appointment with your provider is cancelled, everyone waiting is offered the time, and the first to accept gets it.</p>
      <LoadBlock query={entries} what="your waitlist" testId="portal-waitlist-entries" extra={{ 'data-count': entries.data?.items.length }}>
        {(d) =>
          d.items.length ? (
            <ul className="rows">
              {d.items.map((e) => (
                <li key={e.id} data-testid="portal-waitlist-entry">
                  <span>
                    Waiting for an earlier time with {e.providerName}
                    {e.serviceName ? ` (${e.serviceName})` : ''}
                  </span>
                  <Button className="btn small" isDisabled={busy === e.id} onPress={() => void leave(e.id)} data-testid="portal-waitlist-leave">
                    {busy === e.id ? 'Leaving…' : 'Leave'}
                    <span className="visually-hidden"> the waitlist for {e.providerName}</span>
                  </Button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">You are not on a waitlist.</p>
          )
        }
      </LoadBlock>
      <div className="form inset">
        <ErrorSummary form={form} testId="portal-waitlist-error" />
        <div className="grid-2">
          <SelectField name="providerId" label="Provider" value={providerId} onChange={setProviderId} options={options.providers.map((p) => ({ id: p.id, label: p.name }))} form={form} testId="portal-waitlist-provider" />
          <SelectField name="serviceId" label="Service" value={serviceId} onChange={setServiceId} options={[{ id: 'any', label: 'Any' }, ...options.services.map((s) => ({ id: s.id, label: s.name }))]} form={form} testId="portal-waitlist-service" />
        </div>
        <div className="actions">
          <Button className="btn" isDisabled={busy === 'join'} onPress={() => void join()} data-testid="portal-waitlist-join">
            {busy === 'join' ? 'Joining…' : 'Join the waitlist'}
          </Button>
        </div>
        <div role="status" data-testid="portal-waitlist-done">
          {done ? <p className="notice">{done}</p> : null}
        </div>
      </div>
    </div>
  );
}

// ---- an offer opened from its mail ----

/** /portal/offers/:offerId: the link in a waitlist mail, for whichever of this person's records it was made to. */
export function PortalOfferPage() {
  const { offerId = '' } = useParams();
  const offer = usePortalOffer(offerId);
  const [taken, setTaken] = useState(false);
  return (
    <section aria-labelledby="portal-offer-h" data-testid="portal-offer-page">
      <p className="breadcrumb">
        <Link to="/portal">← Your portal</Link>
      </p>
      <h1 id="portal-offer-h">An earlier appointment time</h1>
      <LoadBlock query={offer} what="this offer" testId="portal-offer-detail">
        {(o) => <OfferDetail offer={o} taken={taken} onTaken={() => setTaken(true)} />}
      </LoadBlock>
    </section>
  );
}

function OfferDetail({ offer, taken, onTaken }: { offer: WaitlistOffer; taken: boolean; onTaken: () => void }) {
  const options = usePortalBookingOptions(offer.clientId);
  const zone = options.data?.clientTimeZone ?? browserZone();
  const link = `/portal/clients/${encodeURIComponent(offer.clientId)}/appointments`;
  return (
    <>
      {offer.status !== 'open' && !taken ? (
        <p role="alert" data-testid="portal-offer-gone">
          {offer.takenByYou ? 'You took this time: it is in your appointments.' : offer.status === 'expired' ? 'This offer has ended.' : 'Sorry, this time is no longer available.'}
        </p>
      ) : (
        <ul className="appt-list">
          <OfferItem clientId={offer.clientId} offer={offer} zone={zone} onTaken={onTaken} />
        </ul>
      )}
      <p>
        <Link to={link}>Go to your appointments</Link>
      </p>
    </>
  );
}
