// A provider's blocked time (vacation, training; an optional non-clinical label): the upcoming
// blocks, each removable, and a form to block more. No open times are offered inside them.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { type BlockedTime, BlockedTimeInput } from '../../../../shared/availability.js';
import { isApiError } from '../../../api/client.js';
import { ErrorSummary, Field, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { NativeField } from '../../../components/NativeField.js';
import { QueryState } from '../../../components/QueryState.js';
import { formatRange, localToInstant, zoneLabel } from '../../../lib/time.js';
import { useAddBlockedTime, useBlockedTimes, useRemoveBlockedTime } from '../api/blockedTime.js';
import { LiveNotice } from '../../../components/LiveNotice.js';

export function BlockedTimes({ providerId, zone, canEdit }: { providerId: string; zone: string; canEdit: boolean }) {
  const list = useBlockedTimes(providerId);
  const removeBlocked = useRemoveBlockedTime(providerId);
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const remove = async (b: BlockedTime) => {
    setRemoving(b.id);
    setRemoveError(null);
    try {
      await removeBlocked(b.id, () => setNotice(`Removed the blocked time ${formatRange(b.start, b.end, zone)}.`));
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
      <LiveNotice testId="blocked-notice">{notice}</LiveNotice>
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
  const addBlocked = useAddBlockedTime(providerId);
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
      const made = await addBlocked(body);
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
