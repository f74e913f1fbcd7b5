// A provider's working hours per weekday (several ranges a day) in their own IANA zone, and the
// buffer kept clear around each session. Errors that name a range by its index name it as people
// read it ("Monday hours 2").
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { type Availability, AvailabilityInput, MAX_BUFFER_MINUTES, WEEKDAY_NAMES, WEEKDAYS } from '../../../../shared/availability.js';
import { ErrorSummary, NumberField, SubmitForm, typedNumber, useFormErrors, useSavedNote, useSubmit } from '../../../components/forms.js';
import { TimeRangeFields } from '../../../components/NativeField.js';
import { ZoneField } from '../../../components/ZoneField.js';
import { browserZone } from '../../../lib/time.js';
import { useSaveWorkingHours } from '../api/workingHours.js';
import { LiveNotice } from '../../../components/LiveNotice.js';

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

export function HoursForm({ providerId, availability, canEdit }: { providerId: string; availability: Availability; canEdit: boolean }) {
  const saveHours = useSaveWorkingHours(providerId);
  const [zone, setZone] = useState(availability.timeZone ?? browserZone());
  const [buffer, setBuffer] = useState(String(availability.bufferMinutes));
  const [days, setDays] = useState<Days>(() => daysOf(availability));
  const { saved, setSaved, edited } = useSavedNote();
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
    submit(AvailabilityInput.safeParse({ timeZone: zone, bufferMinutes: typedNumber(buffer), hours }), async (body) => {
      setSaved(false);
      await saveHours(body);
      setSaved(true);
    });

  return (
    <SubmitForm aria-label="Working hours" onSubmit={() => void save()} data-testid="availability-form" data-configured={availability.configured ? 'true' : 'false'}>
      <ErrorSummary form={{ ...form, errors: Object.fromEntries(Object.entries(form.errors).map(([k, v]) => [k, readable(v) ?? v])) }} testId="availability-error" />
      <LiveNotice testId="availability-saved">{saved ? 'Working hours saved.' : null}</LiveNotice>
      {!availability.configured ? <p className="notice warn">No working hours yet: clients see no open times until they are saved.</p> : null}
      <div className="grid-2">
        <ZoneField
          name="timeZone"
          label="Time zone"
          value={zone}
          onChange={edited(setZone)}
          form={form}
          isRequired
          testId="availability-zone"
          description="The hours below are in this zone; clients see open times in their own."
        />
        <NumberField
          name="bufferMinutes"
          label="Buffer between sessions (minutes)"
          min={0}
          max={MAX_BUFFER_MINUTES}
          value={buffer}
          onChange={edited(setBuffer)}
          form={form}
          isRequired
          testId="availability-buffer"
          description={`Kept free before and after each appointment (0 to ${MAX_BUFFER_MINUTES}).`}
        />
      </div>
      <p className="field-description">Several ranges a day are allowed (e.g. 9:00–12:00 and 13:00–17:00). An end time of midnight (00:00, or 12:00 AM) is the end of the day.</p>
      <div className="weekdays">
        {WEEKDAYS.map((weekday) => (
          <WeekdayHours key={weekday} weekday={weekday} ranges={days[weekday] ?? []} canEdit={canEdit} errors={form.errors} readable={readable} indexOf={indexOf} edit={edit} />
        ))}
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

function WeekdayHours({
  weekday,
  ranges,
  canEdit,
  errors,
  readable,
  indexOf,
  edit,
}: {
  weekday: number;
  ranges: Range[];
  canEdit: boolean;
  errors: Record<string, string>;
  readable: (m: string | undefined) => string | undefined;
  indexOf: (key: number) => number;
  edit: (weekday: number, next: Range[]) => void;
}) {
  const day = WEEKDAY_NAMES[weekday]!;
  return (
    <fieldset className="fieldset weekday" data-testid={`hours-day-${weekday}`} data-count={ranges.length}>
      <legend>{day}</legend>
      {ranges.length === 0 ? <p className="muted">Not working</p> : null}
      {ranges.map((r, n) => {
        const i = indexOf(r.key);
        const whole = readable(errors[`hours.${i}`]) ?? readable(errors[`hours.${i}.weekday`]);
        return (
          <div key={r.key} className="hours-row" role="group" aria-label={`${day} hours ${n + 1}`} data-testid="hours-range">
            <TimeRangeFields
              labels={{ start: 'From', end: 'To' }}
              value={r}
              onChange={(side, v) => edit(weekday, ranges.map((x) => (x.key === r.key ? { ...x, [side]: v } : x)))}
              errors={{ start: readable(errors[`hours.${i}.start`]), end: readable(errors[`hours.${i}.end`]), whole }}
              name={(side) => `hours-${weekday}-${r.key}-${side}`}
              testId={(side) => `hours-${side}-${weekday}-${n}`}
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
}
