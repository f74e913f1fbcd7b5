// The portal's Appointments section for one client record: earlier times offered from the
// waitlist, upcoming and recent appointments (in the client's own zone, with a cancel step that
// says when a cancellation would be late), requests and their answers, a form to request a time
// among the open slots of the client's own providers, and the waitlist. Every list shows its
// loading, failure and retry state; every change shows its progress and its outcome.
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { JOIN_WINDOW_MINUTES, joinState, joinWindow } from '../../../../shared/join-window.js';
import type { PortalAppointment } from '../../../../shared/booking.js';
import { useRefreshScheduling } from '../api/appointmentKeys.js';
import { usePortalBookingOptions } from '../api/bookingOptions.js';
import { cancelAppointment } from '../api/cancelAppointment.js';
import { joinAppointmentCall } from '../api/joinAppointmentCall.js';
import { usePortalAppointments } from '../api/portalAppointments.js';
import { LoadBlock } from './LoadBlock.js';
import { browserZone, errorText, STATUS_LABEL, timeLabel, TYPE_LABEL, useClient, when } from './appointmentParts.js';
import { Offers } from './PortalOffers.js';
import { RequestForm, Requests, Waitlist } from './PortalRequests.js';

export function PortalAppointmentsPage() {
  const intl = useIntl();
  const { clientId, practiceName } = useClient();
  const options = usePortalBookingOptions(clientId);
  const appointments = usePortalAppointments(clientId);
  const zone = options.data?.clientTimeZone ?? appointments.data?.clientTimeZone ?? browserZone();
  // Upcoming and past as of when the list was loaded (it reloads after every change).
  const now = appointments.dataUpdatedAt;
  const past = appointments.data?.items.filter((a) => Date.parse(a.end) <= now) ?? [];
  return (
    <section aria-labelledby="portal-appointments-h" data-testid="portal-appointments-page">
      <h2 id="portal-appointments-h">
        <FormattedMessage id="portal.section.appointments" defaultMessage="Appointments" />
      </h2>
      <p className="field-description">
        <FormattedMessage
          id="portal.appts.intro"
          defaultMessage="Times are shown in your time zone ({zone}). For anything urgent, call {practice}; in an emergency, call 911 or your local emergency number."
          values={{ zone, practice: practiceName }}
        />
      </p>
      <Offers clientId={clientId} zone={zone} />
      <h3>
        <FormattedMessage id="portal.appts.upcoming" defaultMessage="Upcoming" />
      </h3>
      <LoadBlock query={appointments} what={intl.formatMessage({ id: 'portal.appts.what', defaultMessage: 'your appointments' })} testId="portal-appointments" extra={{ 'data-count': appointments.data?.items.length }}>
        {(d) => (
          <AppointmentList
            clientId={clientId}
            items={d.items.filter((a) => Date.parse(a.end) > now)}
            now={now}
            zone={zone}
            empty={intl.formatMessage({ id: 'portal.appts.none', defaultMessage: 'No upcoming appointments.' })}
            testId="portal-upcoming"
          />
        )}
      </LoadBlock>
      <Requests clientId={clientId} zone={zone} />
      <h3>
        <FormattedMessage id="portal.appts.request" defaultMessage="Request an appointment" />
      </h3>
      <LoadBlock query={options} what={intl.formatMessage({ id: 'portal.appts.optionsWhat', defaultMessage: 'what you can book' })} testId="portal-booking-options">
        {(o) => <RequestForm clientId={clientId} options={o} zone={zone} practiceName={practiceName} />}
      </LoadBlock>
      <h3>
        <FormattedMessage id="portal.appts.waitlist" defaultMessage="Waitlist" />
      </h3>
      <LoadBlock query={options} what={intl.formatMessage({ id: 'portal.appts.providersWhat', defaultMessage: 'your providers' })} testId="portal-waitlist-options">
        {(o) => <Waitlist clientId={clientId} options={o} />}
      </LoadBlock>
      {past.length ? (
        <>
          <h3>
            <FormattedMessage id="portal.appts.recent" defaultMessage="Recent" />
          </h3>
          <AppointmentList clientId={clientId} items={[...past].reverse()} now={now} zone={zone} empty="" testId="portal-past" />
        </>
      ) : null}
    </section>
  );
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

/** "Video · Intake · with Priya Raman · couple session", in the page's language. */
function AppointmentWhat({ a }: { a: PortalAppointment }) {
  const intl = useIntl();
  return (
    <FormattedMessage
      id="portal.appt.what"
      defaultMessage="{type}{hasService, select, yes { · {service}} other {}} · with {provider}{format, select, couple { · couple session} family { · family session} group { · group session} other {}}"
      values={{ type: intl.formatMessage(TYPE_LABEL[a.type]), service: a.serviceName ?? '', hasService: a.serviceName ? 'yes' : 'no', provider: a.providerName, format: a.format }}
    />
  );
}

/** "Cancelled by you (late cancellation)", "Confirmed", … */
function AppointmentStatus({ a }: { a: PortalAppointment }) {
  const intl = useIntl();
  const status = intl.formatMessage(STATUS_LABEL[a.status]);
  if (!a.cancellation) return <>{status}</>;
  return (
    <FormattedMessage
      id="portal.appt.cancelledBy"
      defaultMessage="{status} {by, select, client {by you} other {by the practice}}{late, select, yes { (late cancellation)} other {}}"
      values={{ status, by: a.cancellation.by === 'client' ? 'client' : 'practice', late: a.cancellation.late ? 'yes' : 'no' }}
    />
  );
}

function AppointmentItem({ clientId, a, now, zone }: { clientId: string; a: PortalAppointment; now: number; zone: string }) {
  const intl = useIntl();
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
      setError(errorText(intl, e, { id: 'portal.appt.cancelFailed', defaultMessage: "Couldn't cancel. Please try again." }));
    } finally {
      setBusy(false);
    }
  };
  const on = when(intl, a.start, zone);
  return (
    <li className="card appt" aria-labelledby={headingId} data-testid="portal-appointment" data-appointment-id={a.id} data-status={a.status}>
      <p className="appt-when" id={headingId}>
        <FormattedMessage id="portal.appt.when" defaultMessage="<b>{when}</b> · {minutes} min" values={{ b: (c) => <strong>{c}</strong>, when: on, minutes: a.durationMinutes }} />
      </p>
      <p className="appt-what">
        <AppointmentWhat a={a} />
      </p>
      <p className={a.status === 'cancelled' ? 'appt-status cancelled' : 'appt-status'} data-testid="portal-appointment-status">
        <AppointmentStatus a={a} />
      </p>
      {a.type !== 'in_person' && a.status !== 'cancelled' && Date.parse(a.end) > now ? <JoinVisit a={a} zone={zone} /> : null}
      {a.canCancel ? (
        confirming ? (
          <div className="confirm" role="group" aria-label={intl.formatMessage({ id: 'portal.appt.confirmGroup', defaultMessage: 'Confirm cancellation' })}>
            <p>
              {a.lateIfCancelledNow ? (
                <FormattedMessage id="portal.appt.confirmLate" defaultMessage="This is inside the practice’s cancellation window, so it will count as a late cancellation. Cancel anyway?" />
              ) : (
                <FormattedMessage id="portal.appt.confirm" defaultMessage="Cancel this appointment?" />
              )}
            </p>
            <div className="actions">
              <Button className="btn danger" isDisabled={busy} onPress={() => void cancel()} data-testid="portal-cancel-confirm">
                {busy ? <FormattedMessage id="portal.appt.cancelling" defaultMessage="Cancelling…" /> : <FormattedMessage id="portal.appt.cancelYes" defaultMessage="Yes, cancel it" />}
              </Button>
              <Button className="btn" isDisabled={busy} onPress={() => setConfirming(false)}>
                <FormattedMessage id="portal.appt.keep" defaultMessage="Keep it" />
              </Button>
            </div>
          </div>
        ) : (
          <div className="actions">
            <Button className="btn" onPress={() => setConfirming(true)} data-testid="portal-cancel-appointment">
              <FormattedMessage id="portal.appt.cancel" defaultMessage="Cancel appointment<h> on {when}</h>" values={{ h: (c) => <span className="visually-hidden">{c}</span>, when: on }} />
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
  const intl = useIntl();
  const navigate = useNavigate();
  const start = Date.parse(a.start);
  const end = Date.parse(a.end);
  const w = joinWindow(start, end);
  const now = useNow([w.opensAt, w.closesAt]);
  const state = joinState(now, start, end);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = a.type === 'audio' ? 'audio' : 'video';
  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      const call = await joinAppointmentCall(a.id);
      await navigate(`/portal/calls/${encodeURIComponent(call.id)}`);
    } catch (e) {
      setError(errorText(intl, e, { id: 'portal.join.failed', defaultMessage: "Couldn't open the call. Please try again." }));
    } finally {
      setBusy(false);
    }
  };
  if (state === 'over') return null;
  if (state === 'before') {
    return (
      <p className="field-description" data-testid="portal-join-later" data-opens-at={new Date(w.opensAt).toISOString()}>
        <FormattedMessage
          id="portal.join.later"
          defaultMessage="You can join this {kind, select, audio {audio call} other {video visit}} from {minutes} minutes before it starts (from {time}). A Join button appears here then."
          values={{ kind, minutes: JOIN_WINDOW_MINUTES, time: timeLabel(intl, new Date(w.opensAt).toISOString(), zone) }}
        />
      </p>
    );
  }
  return (
    <div className="join-visit" data-testid="portal-join">
      <p>
        <FormattedMessage
          id="portal.join.open"
          defaultMessage="<b>Your {kind, select, audio {audio call} other {video visit}} is open.</b> Join now; your provider will let you in."
          values={{ kind, b: (c) => <strong>{c}</strong> }}
        />
      </p>
      <div className="actions">
        <Button className="btn primary" isDisabled={busy} onPress={() => void join()} data-testid="portal-join-button">
          {busy ? (
            <FormattedMessage id="portal.join.opening" defaultMessage="Opening…" />
          ) : (
            <FormattedMessage
              id="portal.join.button"
              defaultMessage="{kind, select, audio {Join audio call} other {Join video visit}}<h> on {when}</h>"
              values={{ kind, when: when(intl, a.start, zone), h: (c) => <span className="visually-hidden">{c}</span> }}
            />
          )}
        </Button>
      </div>
      <div role="status">{error ? <p className="field-error">{error}</p> : null}</div>
    </div>
  );
}
