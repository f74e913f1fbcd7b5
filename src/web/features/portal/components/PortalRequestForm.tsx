// The form to request a time among the open slots of the client's own providers: service,
// provider, kind of visit, a week of open times by day (in the client's zone), and Request/Book.
import { useState } from 'react';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import type { BookingOptions } from '../../../../shared/booking.js';
import type { AppointmentType } from '../../../../shared/scheduling.js';
import { ErrorSummary, useFormErrors, type FormErrorsApi } from '../../../components/forms.js';
import { LiveNotice } from '../../../components/LiveNotice.js';
import { NativeSelect } from '../../../components/NativeSelect.js';
import { useRefreshScheduling } from '../api/appointmentKeys.js';
import { usePortalSlots } from '../api/openSlots.js';
import { requestAppointment } from '../api/requestAppointment.js';
import { DAY, dayLabel, timeLabel, TYPE_LABEL, when, WEEKS_AHEAD } from './appointmentParts.js';
import { LoadBlock } from './LoadBlock.js';

const KINDS = ['video', 'audio', 'in_person'] as const;

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
  const intl = useIntl();
  const refresh = useRefreshScheduling(clientId);
  const [serviceId, setServiceId] = useState(options.services[0]?.id ?? '');
  const [providerId, setProviderId] = useState(options.providers[0]?.id ?? '');
  const [type, setType] = useState<AppointmentType>('video');
  const [today] = useState(startOfToday);
  const [week, setWeek] = useState(0);
  const [start, setStart] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormErrors({
    serviceId: intl.formatMessage({ id: 'portal.book.service', defaultMessage: 'Service' }),
    providerId: intl.formatMessage({ id: 'portal.book.provider', defaultMessage: 'Provider' }),
    start: intl.formatMessage({ id: 'portal.book.time', defaultMessage: 'Time' }),
    type: intl.formatMessage({ id: 'portal.book.kind', defaultMessage: 'Kind of appointment' }),
  });
  const range = weekRange(today, week);
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
    return (
      <p className="muted">
        <FormattedMessage id="portal.book.unavailable" defaultMessage="Online booking isn’t available for you yet. Send {practice} a message to arrange a time." values={{ practice: practiceName }} />
      </p>
    );
  }

  const submit = async () => {
    setDone(null);
    if (!start) {
      form.setSummary(intl.formatMessage({ id: 'portal.book.chooseTime', defaultMessage: 'Choose a time first.' }));
      return;
    }
    form.clear();
    setBusy(true);
    try {
      const out = await requestAppointment(clientId, { providerId, serviceId, start, type });
      await refresh();
      const at = when(intl, start, zone);
      setDone(
        out.outcome === 'booked'
          ? intl.formatMessage({ id: 'portal.book.booked', defaultMessage: 'Booked for {when}. It is in your upcoming appointments.' }, { when: at })
          : intl.formatMessage({ id: 'portal.book.requested', defaultMessage: 'Request sent for {when}. {practice} will confirm it; you’ll see the answer under Your requests.' }, { when: at, practice: practiceName }),
      );
      setStart('');
    } catch (e) {
      form.fromApi(e);
      await refresh();
    } finally {
      setBusy(false);
    }
  };

  const weekDay = (iso: string) => intl.formatDate(iso, { month: 'short', day: 'numeric' });
  return (
    <div className="form inset" data-testid="portal-request-form" data-state={busy ? 'sending' : done ? 'sent' : 'idle'}>
      <ErrorSummary form={form} testId="portal-request-error" />
      <div className="grid-2">
        <NativeSelect
          name="serviceId"
          label={form.labels.serviceId!}
          value={serviceId}
          onChange={pick(setServiceId)}
          options={options.services.map((s) => ({ id: s.id, label: intl.formatMessage({ id: 'portal.book.serviceOption', defaultMessage: '{name} ({minutes} min)' }, { name: s.name, minutes: s.defaultMinutes }) }))}
          form={form}
          testId="portal-request-service"
        />
        <NativeSelect name="providerId" label={form.labels.providerId!} value={providerId} onChange={pick(setProviderId)} options={options.providers.map((p) => ({ id: p.id, label: p.name }))} form={form} testId="portal-request-provider" />
        <NativeSelect name="type" label={form.labels.type!} value={type} onChange={(v) => setType(v as AppointmentType)} options={KINDS.map((t) => ({ id: t, label: intl.formatMessage(TYPE_LABEL[t]) }))} form={form} testId="portal-request-type" />
      </div>
      <p className="field-description">
        <FormattedMessage
          id="portal.book.notice"
          defaultMessage="{approval, select, yes {{practice} confirms requests for this service.} other {This service books at once.}} Times start at least {hours, plural, one {# hour} other {# hours}} from now."
          values={{ approval: service?.requiresApproval ? 'yes' : 'no', practice: practiceName, hours: options.minNoticeHours }}
        />
      </p>
      <div className="actions week-nav">
        <Button className="btn small" isDisabled={week === 0} onPress={() => pick(setWeek)(week - 1)} data-testid="portal-slots-earlier">
          <FormattedMessage id="portal.book.earlier" defaultMessage="Earlier week" />
        </Button>
        <span data-testid="portal-slots-range">
          <FormattedMessage id="portal.book.range" defaultMessage="{from} – {to}" values={{ from: weekDay(range.from), to: weekDay(new Date(Date.parse(range.to) - DAY).toISOString()) }} />
        </span>
        <Button className="btn small" isDisabled={week >= WEEKS_AHEAD} onPress={() => pick(setWeek)(week + 1)} data-testid="portal-slots-later">
          <FormattedMessage id="portal.book.later" defaultMessage="Later week" />
        </Button>
      </div>
      <Slots clientId={clientId} providerId={providerId} serviceId={serviceId} range={range} zone={zone} start={start} setStart={setStart} form={form} />
      <div className="actions">
        <Button className="btn primary" isDisabled={busy} onPress={() => void submit()} data-testid="portal-request-submit">
          {busy ? (
            <FormattedMessage id="portal.book.sending" defaultMessage="Sending…" />
          ) : service?.requiresApproval ? (
            <FormattedMessage id="portal.book.request" defaultMessage="Request this time" />
          ) : (
            <FormattedMessage id="portal.book.book" defaultMessage="Book this time" />
          )}
        </Button>
      </div>
      <LiveNotice testId="portal-request-done">{done}</LiveNotice>
    </div>
  );
}

/** The week's open times, one radio group per day. */
function Slots(p: { clientId: string; providerId: string; serviceId: string; range: { from: string; to: string }; zone: string; start: string; setStart: (v: string) => void; form: FormErrorsApi }) {
  const intl = useIntl();
  const { zone, start, form } = p;
  const slots = usePortalSlots(p.clientId, p.providerId, p.serviceId, p.range.from, p.range.to);
  const byDay = new Map<string, { start: string }[]>();
  for (const s of slots.data?.slots ?? []) {
    const key = dayLabel(intl, s.start, zone);
    byDay.set(key, [...(byDay.get(key) ?? []), s]);
  }
  return (
    <LoadBlock query={slots} what={intl.formatMessage({ id: 'portal.book.slotsWhat', defaultMessage: 'open times' })} testId="portal-slots" extra={{ 'data-count': slots.data?.slots.length }}>
      {() =>
        byDay.size ? (
          <div className="slot-days">
            {[...byDay.entries()].map(([day, list]) => (
              <RadioGroup
                key={day}
                className="slot-group"
                value={list.some((s) => s.start === start) ? start : null}
                onChange={(v) => {
                  p.setStart(v);
                  form.clear('start');
                }}
                isInvalid={form.errors.start !== undefined}
              >
                <Label className="slot-day-label">{day}</Label>
                <div className="slot-list">
                  {list.map((s) => (
                    <Radio key={s.start} value={s.start} className="slot" data-testid="portal-slot" data-start={s.start}>
                      {timeLabel(intl, s.start, zone)}
                    </Radio>
                  ))}
                </div>
              </RadioGroup>
            ))}
            {form.errors.start ? (
              <p className="field-error">
                <FormattedMessage id="portal.book.timeError" defaultMessage="Time: {error}" values={{ error: form.errors.start }} />
              </p>
            ) : null}
          </div>
        ) : (
          <p className="muted">
            <FormattedMessage id="portal.book.noSlots" defaultMessage="No open times this week. Try a later week, or join the waitlist below." />
          </p>
        )
      }
    </LoadBlock>
  );
}
