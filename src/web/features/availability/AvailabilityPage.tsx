// Staff: a provider's availability and waitlist. Working hours per weekday (several ranges a day)
// in the provider's own IANA zone, the buffer kept clear around each session, blocked time
// (vacation, training; an optional non-clinical label), and the clients waiting for an earlier time
// with the offers made to them. Providers edit their own; owners and the front desk pick any
// provider and edit theirs; other roles read. The server decides; the page only hides what it
// would refuse. Open slots for clients are computed from all of this (docs/scheduling.md).
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import {
  AVAILABILITY_EDIT_ANY,
  Availability,
  AvailabilityInput,
  BlockedTime,
  BlockedTimeInput,
  MAX_BUFFER_MINUTES,
  WEEKDAY_NAMES,
  WEEKDAYS,
} from '../../../shared/availability.js';
import type { StaffWaitlistEntry } from '../../../shared/booking.js';
import type { MeResponse } from '../../../shared/api.js';
import { api, isApiError } from '../../api/client.js';
import { ErrorSummary, Field, SubmitForm, useFormErrors, useSubmit } from '../../components/forms.js';
import { QueryState } from '../../components/QueryState.js';
import { SelectField } from '../../components/SelectField.js';
import { ZoneField } from '../../components/ZoneField.js';
import { useMe } from '../../session/useMe.js';
import { useProviders } from '../clients/api.js';
import { NativeField } from '../scheduling/BookingDialog.js';
import { browserZone, formatDay, formatRange, formatTime, localToInstant, zoneLabel } from '../../lib/time.js';
import { availabilityKeys, availabilityPath, blockedPath, useAvailability, useBlockedTimes, useWaitlist } from './api.js';
import './availability.css';

export function AvailabilityPage() {
  const me = useMe();
  if (!me.data) return null;
  return <AvailabilityFor me={me.data} />;
}

function AvailabilityFor({ me }: { me: MeResponse }) {
  const providers = useProviders();
  const role = me.activeRole;
  const pickAny = role !== 'provider';
  const [chosen, setChosen] = useState('');
  const list = providers.data?.providers ?? [];
  const providerId = !pickAny ? me.user.id : chosen || (list.some((p) => p.id === me.user.id) ? me.user.id : (list[0]?.id ?? ''));
  const writer = me.permissions.includes('appointments.write');
  const canEdit = writer && (AVAILABILITY_EDIT_ANY.includes(role) || providerId === me.user.id);
  const name = list.find((p) => p.id === providerId)?.name;
  return (
    <div data-testid="availability-page">
      <div className="page-head">
        <h1>Availability</h1>
      </div>
      <p className="field-description">
        Working hours, the buffer between sessions and blocked time decide the open times clients can request in the portal. Times are wall-clock times in the provider’s own time zone.
      </p>
      {pickAny ? (
        <QueryState query={providers} what="providers" testId="availability-providers">
          {(d) =>
            d.providers.length ? (
              <div className="filters">
                <SelectField name="providerId" label="Provider" value={providerId} onChange={setChosen} options={d.providers.map((p) => ({ id: p.id, label: p.name }))} testId="availability-provider" className="provider-pick" />
              </div>
            ) : (
              <p>No providers yet. Invite one from Practice settings.</p>
            )
          }
        </QueryState>
      ) : null}
      {providerId ? (
        <ProviderAvailability key={providerId} providerId={providerId} name={name ?? (providerId === me.user.id ? me.user.name : 'this provider')} canEdit={canEdit} canRemoveWaiting={writer && (role !== 'provider' || providerId === me.user.id)} />
      ) : null}
    </div>
  );
}

function ProviderAvailability({ providerId, name, canEdit, canRemoveWaiting }: { providerId: string; name: string; canEdit: boolean; canRemoveWaiting: boolean }) {
  const availability = useAvailability(providerId);
  return (
    <div data-testid="provider-availability" data-provider-id={providerId}>
      <section aria-labelledby="hours-h" className="card">
        <h2 id="hours-h">Working hours of {name}</h2>
        <QueryState query={availability} what="working hours" testId="availability-hours">
          {(a) => <HoursForm providerId={providerId} availability={a} canEdit={canEdit} />}
        </QueryState>
      </section>
      <section aria-labelledby="blocked-h" className="card">
        <h2 id="blocked-h">Blocked time</h2>
        {availability.isSuccess ? <BlockedTimes providerId={providerId} zone={availability.data.timeZone ?? browserZone()} canEdit={canEdit} /> : <p className="loading">Loading…</p>}
      </section>
      <section aria-labelledby="waitlist-h" className="card">
        <h2 id="waitlist-h">Waitlist</h2>
        <Waitlist providerId={providerId} canRemove={canRemoveWaiting} />
      </section>
    </div>
  );
}

// ---- working hours ----

interface Range {
  key: number;
  start: string;
  /** As the time input shows it: midnight at the end of the day is 00:00 (sent as 24:00). */
  end: string;
}
type Days = Record<number, Range[]>;

let nextKey = 1;
const range = (start: string, end: string): Range => ({ key: nextKey++, start, end });

function daysOf(a: Availability): Days {
  const days: Days = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as Range[]]));
  for (const h of a.hours) days[h.weekday]?.push(range(h.start, h.end === '24:00' ? '00:00' : h.end));
  return days;
}

/** The hours as the API takes them, and for each flat index the range it came from. */
function flatten(days: Days) {
  const hours: { weekday: number; start: string; end: string }[] = [];
  const where: { weekday: number; n: number; key: number }[] = [];
  for (const weekday of WEEKDAYS) {
    (days[weekday] ?? []).forEach((r, n) => {
      hours.push({ weekday, start: r.start, end: r.end === '00:00' && r.start !== '00:00' ? '24:00' : r.end });
      where.push({ weekday, n, key: r.key });
    });
  }
  return { hours, where };
}

function HoursForm({ providerId, availability, canEdit }: { providerId: string; availability: Availability; canEdit: boolean }) {
  const qc = useQueryClient();
  const [zone, setZone] = useState(availability.timeZone ?? browserZone());
  const [buffer, setBuffer] = useState(String(availability.bufferMinutes));
  const [days, setDays] = useState<Days>(() => daysOf(availability));
  const [saved, setSaved] = useState(false);
  const { hours, where } = flatten(days);
  const labels: Record<string, string> = { timeZone: 'Time zone', bufferMinutes: 'Buffer', hours: 'Working hours' };
  where.forEach((w, i) => {
    const base = `${WEEKDAY_NAMES[w.weekday]} hours ${w.n + 1}`;
    labels[`hours.${i}`] = base;
    labels[`hours.${i}.start`] = `${base}, from:`;
    labels[`hours.${i}.end`] = `${base}, to:`;
    labels[`hours.${i}.weekday`] = `${base}, weekday:`;
  });
  const form = useFormErrors(labels);
  const { busy, submit } = useSubmit(form);
  // Messages that name another interval by its index ("overlaps hours.0") name it as people read it.
  const readable = (m: string | undefined) => m?.replace(/hours\.(\d+)/g, (_s, i: string) => labels[`hours.${i}`] ?? `hours ${Number(i) + 1}`);
  const indexOf = (key: number) => where.findIndex((w) => w.key === key);

  const edit = (weekday: number, next: Range[]) => {
    setDays({ ...days, [weekday]: next });
    setSaved(false);
    form.clear();
  };
  const save = () =>
    submit(AvailabilityInput.safeParse({ timeZone: zone, bufferMinutes: buffer.trim() === '' ? Number.NaN : Number(buffer), hours }), async (body) => {
      setSaved(false);
      const out = await api.put(availabilityPath(providerId), body, Availability);
      qc.setQueryData(availabilityKeys.hours(providerId), out);
      await qc.invalidateQueries({ queryKey: availabilityKeys.hours(providerId) });
      setSaved(true);
    });

  return (
    <SubmitForm aria-label="Working hours" onSubmit={() => void save()} data-testid="availability-form" data-configured={availability.configured ? 'true' : 'false'}>
      <ErrorSummary form={{ ...form, errors: Object.fromEntries(Object.entries(form.errors).map(([k, v]) => [k, readable(v) ?? v])) }} testId="availability-error" />
      <div role="status" data-testid="availability-saved">
        {saved ? <p className="notice">Working hours saved.</p> : null}
      </div>
      {!availability.configured ? <p className="notice warn">No working hours yet: clients see no open times until they are saved.</p> : null}
      <div className="grid-2">
        <ZoneField
          name="timeZone"
          label="Time zone"
          value={zone}
          onChange={(z) => {
            setZone(z);
            setSaved(false);
          }}
          form={form}
          isRequired
          testId="availability-zone"
          description="The hours below are in this zone; clients see open times in their own."
        />
        <Field
          name="bufferMinutes"
          label="Buffer between sessions (minutes)"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_BUFFER_MINUTES}
          value={buffer}
          onChange={(v) => {
            setBuffer(v);
            setSaved(false);
          }}
          form={form}
          isRequired
          testId="availability-buffer"
          description={`Kept free before and after each appointment (0 to ${MAX_BUFFER_MINUTES}).`}
        />
      </div>
      <p className="field-description">Several ranges a day are allowed (e.g. 9:00–12:00 and 13:00–17:00). An end time of midnight (00:00, or 12:00 AM) is the end of the day.</p>
      <div className="weekdays">
        {WEEKDAYS.map((weekday) => {
          const day = WEEKDAY_NAMES[weekday]!;
          const ranges = days[weekday] ?? [];
          return (
            <fieldset key={weekday} className="fieldset weekday" data-testid={`hours-day-${weekday}`} data-count={ranges.length}>
              <legend>{day}</legend>
              {ranges.length === 0 ? <p className="muted">Not working</p> : null}
              {ranges.map((r, n) => {
                const i = indexOf(r.key);
                const whole = readable(form.errors[`hours.${i}`]) ?? readable(form.errors[`hours.${i}.weekday`]);
                return (
                  <div key={r.key} className="hours-row" role="group" aria-label={`${day} hours ${n + 1}`} data-testid="hours-range">
                    <NativeField
                      name={`hours-${weekday}-${r.key}-start`}
                      label="From"
                      type="time"
                      value={r.start}
                      onChange={(v) => edit(weekday, ranges.map((x) => (x.key === r.key ? { ...x, start: v } : x)))}
                      error={readable(form.errors[`hours.${i}.start`])}
                      invalid={whole !== undefined}
                      testId={`hours-start-${weekday}-${n}`}
                    />
                    <NativeField
                      name={`hours-${weekday}-${r.key}-end`}
                      label="To"
                      type="time"
                      value={r.end}
                      onChange={(v) => edit(weekday, ranges.map((x) => (x.key === r.key ? { ...x, end: v } : x)))}
                      error={readable(form.errors[`hours.${i}.end`]) ?? whole}
                      invalid={whole !== undefined}
                      testId={`hours-end-${weekday}-${n}`}
                    />
                    {canEdit ? (
                      <Button className="btn small" onPress={() => edit(weekday, ranges.filter((x) => x.key !== r.key))} aria-label={`Remove ${day} hours ${n + 1}`} data-testid={`hours-remove-${weekday}-${n}`}>
                        Remove
                      </Button>
                    ) : null}
                  </div>
                );
              })}
              {canEdit ? (
                <Button
                  className="btn small"
                  onPress={() => {
                    const last = ranges[ranges.length - 1];
                    edit(weekday, [...ranges, last ? range(last.end === '00:00' ? '23:00' : last.end, '00:00') : range('09:00', '17:00')]);
                  }}
                  aria-label={`Add hours on ${day}`}
                  data-testid={`hours-add-${weekday}`}
                >
                  Add hours
                </Button>
              ) : null}
            </fieldset>
          );
        })}
      </div>
      {canEdit ? (
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="availability-save">
          {busy ? 'Saving…' : 'Save working hours'}
        </Button>
      ) : (
        <p className="muted">Only the provider, an owner or the front desk can change these hours.</p>
      )}
    </SubmitForm>
  );
}

// ---- blocked time ----

function BlockedTimes({ providerId, zone, canEdit }: { providerId: string; zone: string; canEdit: boolean }) {
  const qc = useQueryClient();
  const list = useBlockedTimes(providerId);
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const remove = async (b: BlockedTime) => {
    setRemoving(b.id);
    setRemoveError(null);
    try {
      await api.del(`${blockedPath(providerId)}/${encodeURIComponent(b.id)}`);
      setNotice(`Removed the blocked time ${formatRange(b.start, b.end, zone)}.`);
      await qc.invalidateQueries({ queryKey: availabilityKeys.blocked(providerId) });
    } catch (e) {
      setRemoveError(isApiError(e) ? e.message : 'Something went wrong. Please try again.');
    } finally {
      setRemoving(null);
    }
  };
  return (
    <>
      <p className="field-description">
        Times here are in {zoneLabel(zone)}. No open times are offered to clients inside blocked time; appointments already booked stay.
      </p>
      <div role="status" data-testid="blocked-notice">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
      <h3 id="blocked-upcoming-h">Upcoming</h3>
      <div data-testid="blocked-list" data-ready={list.isSuccess && !list.isFetching ? 'true' : 'false'} data-count={list.data?.total}>
        <QueryState query={list} what="blocked time">
          {(d) =>
            d.items.length === 0 ? (
              <p>No blocked time ahead.</p>
            ) : (
              <ul className="rows" aria-labelledby="blocked-upcoming-h">
                {d.items.map((b) => (
                  <li key={b.id} data-testid="blocked-row" data-block-id={b.id} data-start={b.start} data-end={b.end}>
                    <span>
                      <strong>{formatRange(b.start, b.end, zone)}</strong>
                      {b.label ? <span> · {b.label}</span> : null}
                    </span>
                    {canEdit ? (
                      <Button className="btn small danger" isDisabled={removing !== null} onPress={() => void remove(b)} aria-label={`Remove blocked time ${formatRange(b.start, b.end, zone)}`} data-testid="blocked-remove">
                        {removing === b.id ? 'Removing…' : 'Remove'}
                      </Button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )
          }
        </QueryState>
      </div>
      <div role="alert" data-testid="blocked-remove-error">
        {removeError ? <p className="field-error">{removeError}</p> : null}
      </div>
      {canEdit ? <BlockForm providerId={providerId} zone={zone} onAdded={setNotice} /> : null}
    </>
  );
}

function BlockForm({ providerId, zone, onAdded }: { providerId: string; zone: string; onAdded: (notice: string) => void }) {
  const qc = useQueryClient();
  const form = useFormErrors({ start: 'Start', end: 'End', label: 'Label' });
  const { busy, submit } = useSubmit(form);
  const [startDate, setStartDate] = useState('');
  const [startTime, setStartTime] = useState('');
  const [endDate, setEndDate] = useState('');
  const [endTime, setEndTime] = useState('');
  const [label, setLabel] = useState('');
  const start = localToInstant(startDate, startTime, zone);
  const end = localToInstant(endDate || startDate, endTime, zone);

  const add = () => {
    const missing: { path: string[]; message: string }[] = [];
    if (!start) missing.push({ path: ['start'], message: startDate && startTime ? 'is not a time that exists in this zone' : 'enter a date and a time' });
    if (!end) missing.push({ path: ['end'], message: endTime ? 'is not a time that exists in this zone' : 'enter a time (and a date if it ends on another day)' });
    if (missing.length) {
      form.fromZod({ issues: missing } as never);
      return;
    }
    return submit(BlockedTimeInput.safeParse({ start, end, ...(label.trim() ? { label: label.trim() } : {}) }), async (body) => {
      const made = await api.post(blockedPath(providerId), body, BlockedTime);
      await qc.invalidateQueries({ queryKey: availabilityKeys.blocked(providerId) });
      onAdded(`Blocked ${formatRange(made.start, made.end, zone)}.`);
      setStartDate('');
      setStartTime('');
      setEndDate('');
      setEndTime('');
      setLabel('');
    });
  };

  return (
    <SubmitForm aria-label="Block time" className="form inset" onSubmit={() => void add()} data-testid="blocked-form">
      <h3>Block time</h3>
      <ErrorSummary form={form} testId="blocked-error" />
      <div className="grid-2">
        <NativeField name="block-start-date" label="Start date" type="date" value={startDate} onChange={setStartDate} error={form.errors.start} testId="blocked-start-date" onEdit={() => form.clear('start')} />
        <NativeField name="block-start-time" label="Start time" type="time" value={startTime} onChange={setStartTime} invalid={form.errors.start !== undefined} testId="blocked-start-time" onEdit={() => form.clear('start')} />
      </div>
      <div className="grid-2">
        <NativeField name="block-end-date" label="End date" type="date" value={endDate || startDate} onChange={setEndDate} error={form.errors.end} testId="blocked-end-date" onEdit={() => form.clear('end')} />
        <NativeField name="block-end-time" label="End time" type="time" value={endTime} onChange={setEndTime} invalid={form.errors.end !== undefined} testId="blocked-end-time" onEdit={() => form.clear('end')} />
      </div>
      {start && end && Date.parse(end) > Date.parse(start) ? (
        <p className="field-description" data-testid="blocked-when">
          {formatRange(start, end, zone)}
        </p>
      ) : null}
      <Field
        name="label"
        label="Label (optional)"
        value={label}
        onChange={setLabel}
        form={form}
        maxLength={200}
        testId="blocked-label"
        description="For example “Vacation” or “Training”. Colleagues who manage this schedule see it; never write clinical details."
      />
      <Button type="submit" className="btn primary" isDisabled={busy} data-testid="blocked-add">
        {busy ? 'Blocking…' : 'Block this time'}
      </Button>
    </SubmitForm>
  );
}

// ---- waitlist ----

const OFFER_STATUS: Record<string, string> = { open: 'open', taken: 'taken', expired: 'expired', withdrawn: 'withdrawn (booked otherwise)' };

function Waitlist({ providerId, canRemove }: { providerId: string; canRemove: boolean }) {
  const list = useWaitlist(providerId);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <p className="field-description">Clients who asked for an earlier time, first come first. When a time of this provider is freed, everyone here whose request fits is offered it; the first to accept gets it.</p>
      <div role="status" data-testid="waitlist-notice">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
      <div data-testid="waitlist" data-ready={list.isSuccess && !list.isFetching ? 'true' : 'false'} data-total={list.data?.total}>
        <QueryState query={list} what="the waitlist">
          {(d) =>
            d.items.length === 0 ? (
              <p>Nobody is waiting.</p>
            ) : (
              <>
                <p>{d.total === 1 ? '1 client waiting.' : `${d.total} clients waiting.`}</p>
                <ul className="rows">
                  {d.items.map((e) => (
                    <WaitlistRow key={e.id} e={e} providerId={providerId} canRemove={canRemove} onDone={setNotice} />
                  ))}
                </ul>
              </>
            )
          }
        </QueryState>
      </div>
    </>
  );
}

function WaitlistRow({ e, providerId, canRemove, onDone }: { e: StaffWaitlistEntry; providerId: string; canRemove: boolean; onDone: (notice: string) => void }) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const who = e.clientName ?? 'A client not assigned to you';
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.del(`/api/waitlist/${encodeURIComponent(e.id)}`);
      onDone(`${e.clientName ?? 'The client'} is no longer on the waitlist.`);
      await qc.invalidateQueries({ queryKey: availabilityKeys.waitlist(providerId) });
    } catch (err) {
      setError(isApiError(err) ? err.message : 'Something went wrong. Please try again.');
      setBusy(false);
    }
  };
  return (
    <li data-testid="waitlist-row" data-entry-id={e.id} data-client-id={e.clientId}>
      <span>
        {e.clientName ? <Link to={`/clients/${encodeURIComponent(e.clientId)}`}>{e.clientName}</Link> : <span className="muted">{who}</span>} · {e.serviceName ?? 'Any service'}
        <br />
        <span className="muted">Waiting since {formatDay(e.createdAt, browserZone())}</span>
        {e.offers.length ? (
          <ul className="offers" aria-label={`Offers made to ${who}`}>
            {e.offers.map((o) => (
              <li key={o.id} data-testid="waitlist-offer" data-status={o.status}>
                Offered {formatRange(o.start, o.end, o.timeZone)}: {o.status === 'taken' ? (o.takenByClient ? 'taken by this client' : 'taken by someone else') : OFFER_STATUS[o.status]}
                {o.status === 'open' ? `, until ${formatDay(o.expiresAt, o.timeZone)} ${formatTime(o.expiresAt, o.timeZone)}` : ''}
                {o.mailed ? ' · mailed' : ' · in the portal only'}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted"> · No offers yet</span>
        )}
      </span>
      {canRemove ? (
        <span className="row-actions">
          {confirming ? (
            <>
              <Button className="btn danger" isDisabled={busy} onPress={() => void remove()} data-testid="waitlist-remove-confirm">
                {busy ? 'Removing…' : `Take ${e.clientName ?? 'this client'} off the waitlist`}
              </Button>
              <Button className="btn" isDisabled={busy} onPress={() => setConfirming(false)}>
                Keep
              </Button>
            </>
          ) : (
            <Button className="btn" onPress={() => setConfirming(true)} aria-label={`Remove ${who} from the waitlist`} data-testid="waitlist-remove">
              Remove…
            </Button>
          )}
        </span>
      ) : null}
      <span role="status" data-testid="waitlist-error">
        {error ? <span className="field-error">{error}</span> : null}
      </span>
    </li>
  );
}
