// The client's requests for a time (and their answers), the form to request one among the open
// slots of the client's own providers, and the waitlist.
import { useState } from 'react';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import type { BookingOptions } from '../../../../shared/booking.js';
import type { AppointmentType } from '../../../../shared/scheduling.js';
import { ErrorSummary, useFormErrors } from '../../../components/forms.js';
import { SelectField } from '../../../components/SelectField.js';
import { useRefreshScheduling } from '../api/appointmentKeys.js';
import { joinWaitlist } from '../api/joinWaitlist.js';
import { leaveWaitlist } from '../api/leaveWaitlist.js';
import { usePortalSlots } from '../api/openSlots.js';
import { usePortalRequests } from '../api/portalRequests.js';
import { usePortalWaitlist } from '../api/portalWaitlist.js';
import { requestAppointment } from '../api/requestAppointment.js';
import { withdrawRequest } from '../api/withdrawRequest.js';
import { LoadBlock } from './PortalPages.js';
import { dayLabel, errorText, REQUEST_LABEL, timeLabel, TYPE_LABEL, when, DAY, WEEKS_AHEAD } from './appointmentParts.js';
import { LiveNotice } from '../../../components/LiveNotice.js';

// ---- requests ----

export function Requests({ clientId, zone }: { clientId: string; zone: string }) {
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

export function RequestForm({ clientId, options, zone, practiceName }: { clientId: string; options: BookingOptions; zone: string; practiceName: string }) {
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
      <LiveNotice testId="portal-request-done">{done}</LiveNotice>
    </div>
  );
}

// ---- waitlist ----

export function Waitlist({ clientId, options }: { clientId: string; options: BookingOptions }) {
  const entries = usePortalWaitlist(clientId);
  const refresh = useRefreshScheduling(clientId);
  const [providerId, setProviderId] = useState(options.providers[0]?.id ?? '');
  const [serviceId, setServiceId] = useState('any');
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormErrors({ providerId: 'Provider', serviceId: 'Service' });
  if (!options.providers.length) return <p className="muted">The waitlist opens once the practice assigns you a provider.</p>;
  /** One change to the waitlist (`key` is busy meanwhile): then the list afresh and `message`, or the refusal on the form. */
  const change = async (key: string, action: () => Promise<unknown>, message: string) => {
    setDone(null);
    setBusy(key);
    try {
      await action();
      await refresh();
      setDone(message);
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(null);
    }
  };
  const join = () => {
    form.clear();
    return change('join', () => joinWaitlist(clientId, serviceId === 'any' ? { providerId } : { providerId, serviceId }), 'You are on the waitlist. If an earlier time opens up, we’ll e-mail you and show it here.');
  };
  const leave = (id: string) => change(id, () => leaveWaitlist(clientId, id), 'You left the waitlist.');
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
        <LiveNotice testId="portal-waitlist-done">{done}</LiveNotice>
      </div>
    </div>
  );
}
