// The booking dialog's repeat choice: does not repeat, every week, every 2 weeks or monthly on the
// same weekday, ending after a number of appointments or on a date.
import { useState } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { type FormErrorsApi, NumberField } from '../../../components/forms.js';
import { NativeField } from '../../../components/NativeField.js';
import { SelectField } from '../../../components/SelectField.js';
import { monthlyWeekday, type Repeat } from '../model/recurrence.js';

export function useRepeat() {
  const [repeat, setRepeat] = useState<Repeat>('none');
  const [endKind, setEndKind] = useState<'count' | 'until'>('count');
  const [count, setCount] = useState('6');
  const [until, setUntil] = useState('');
  return { repeat, setRepeat, endKind, setEndKind, count, setCount, until, setUntil };
}

export type RepeatState = ReturnType<typeof useRepeat>;

/** What is missing from the repeat rule's end, or null. */
export function repeatProblem(r: RepeatState): string | null {
  if (r.repeat === 'none') return null;
  if (r.endKind === 'count' && !(Number.isInteger(Number(r.count)) && Number(r.count) >= 1)) return 'give the number of appointments (1 or more)';
  if (r.endKind === 'until' && !/^\d{4}-\d{2}-\d{2}$/.test(r.until)) return 'give the date the series ends';
  return null;
}

export function RepeatFields({ repeat: r, date, form }: { repeat: RepeatState; date: string; form: FormErrorsApi }) {
  const monthly = monthlyWeekday(date);
  return (
    <fieldset className="fieldset">
      <legend>Repeat</legend>
      <SelectField
        name="recurrence"
        label="Repeats"
        value={r.repeat}
        onChange={(v) => r.setRepeat(v as Repeat)}
        options={[
          { id: 'none', label: 'Does not repeat' },
          { id: 'weekly', label: 'Every week' },
          { id: 'biweekly', label: 'Every 2 weeks' },
          { id: 'monthly', label: monthly ? `Monthly on the ${monthly.text}` : 'Monthly on the same weekday' },
        ]}
        form={form}
        testId="booking-repeat"
      />
      {r.repeat !== 'none' ? (
        <>
          <RadioGroup className="field radio-group" value={r.endKind} onChange={(v) => r.setEndKind(v as 'count' | 'until')} orientation="horizontal">
            <Label>Ends</Label>
            <Radio value="count" className="radio">
              <span className="dot" aria-hidden="true" /> After a number of appointments
            </Radio>
            <Radio value="until" className="radio">
              <span className="dot" aria-hidden="true" /> On a date
            </Radio>
          </RadioGroup>
          {r.endKind === 'count' ? (
            <NumberField name="count" label="Number of appointments" min={1} value={r.count} onChange={r.setCount} form={form} testId="booking-count" />
          ) : (
            <NativeField name="until" label="Last date" type="date" value={r.until} onChange={r.setUntil} testId="booking-until" onEdit={() => form.clear('recurrence')} />
          )}
        </>
      ) : null}
    </fieldset>
  );
}
