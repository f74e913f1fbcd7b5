// Rescheduling by dragging on the calendar: a series occurrence asks which ones to move (this,
// following or all); a refusal (409: the provider is booked) puts the event back and says why. The
// calendar draws cells, which carry no version or series: the appointment is read in full on drop,
// and one that moved meanwhile is put back rather than moved from where it no longer is.
import type { EventDropArg } from '@fullcalendar/core';
import { useState } from 'react';
import type { Appointment, EditScope } from '../../../../shared/scheduling.js';
import { formatRange } from '../../../lib/time.js';
import { fetchAppointment } from '../api/appointmentRange.js';
import { useChangeAppointment } from '../api/changeAppointment.js';
import { type CellProps, movedEnd } from '../model/calendar.js';
import { SCOPE_LABELS } from '../model/labels.js';
import { type ActionOutcome, errorText } from './AppointmentActions.js';
import { ScopeChoice } from './ScopeChoice.js';
import { DialogButtons, ModalDialog } from '../../../components/ModalDialog.js';
import { SubmitForm } from '../../../components/forms.js';

export interface PendingMove {
  appt: Appointment;
  start: string;
  revert: () => void;
}

export function useCalendarMove(onOutcome: (o: ActionOutcome) => void) {
  const { patch, invalidate } = useChangeAppointment();
  const [pending, setPending] = useState<PendingMove | null>(null);
  const [saving, setSaving] = useState(false);

  const move = async (m: PendingMove, scope: EditScope) => {
    setPending(null);
    setSaving(true);
    try {
      await patch(m.appt.id, { start: m.start, version: m.appt.version, ...(m.appt.seriesId ? { scope } : {}) });
      onOutcome({
        kind: 'ok',
        message: `Moved to ${formatRange(m.start, movedEnd(m.start, m.appt.durationMinutes), m.appt.timeZone)}${m.appt.seriesId && scope !== 'this' ? ` (${SCOPE_LABELS[scope].toLowerCase()})` : ''}.`,
      });
    } catch (e) {
      m.revert();
      onOutcome({ kind: 'error', message: `Couldn't move the appointment: ${errorText(e)} It is back where it was.` });
    } finally {
      await invalidate();
      setSaving(false);
    }
  };

  /** The full appointment behind a dropped cell; null (and the event put back) when it cannot be moved from here. */
  const current = async (info: EventDropArg): Promise<Appointment | null> => {
    const cell = (info.event.extendedProps as CellProps).cell;
    try {
      const appt = await fetchAppointment(cell.id);
      if (Date.parse(appt.start) === Date.parse(cell.start) && appt.status === cell.status) return appt;
      onOutcome({ kind: 'error', message: "Couldn't move the appointment: it was changed meanwhile. It is back where it was; the calendar now shows it as it is." });
    } catch (e) {
      onOutcome({ kind: 'error', message: `Couldn't move the appointment: ${errorText(e)} It is back where it was.` });
    }
    info.revert();
    await invalidate();
    return null;
  };

  const onDrop = async (info: EventDropArg) => {
    const start = info.event.start?.toISOString();
    if (!start) return info.revert();
    setSaving(true);
    const appt = await current(info);
    if (!appt) return setSaving(false);
    const m = { appt, start, revert: info.revert };
    if (appt.seriesId) {
      setSaving(false);
      setPending(m);
    } else await move(m, 'this');
  };

  const dialog = pending ? (
    <ScopeDialog
      move={pending}
      onChoose={(scope) => void move(pending, scope)}
      onCancel={() => {
        pending.revert();
        setPending(null);
      }}
    />
  ) : null;

  return { saving, onDrop: (info: EventDropArg) => void onDrop(info), dialog };
}

function ScopeDialog({ move, onChoose, onCancel }: { move: PendingMove; onChoose: (s: EditScope) => void; onCancel: () => void }) {
  const [scope, setScope] = useState<EditScope>('this');
  return (
    <ModalDialog title="Move a recurring appointment" onClose={onCancel} testId="scope-dialog">
      <p>
        To {formatRange(move.start, movedEnd(move.start, move.appt.durationMinutes), move.appt.timeZone)}. The others keep their
        local time of day when moved together, across daylight-saving changes.
      </p>
      <SubmitForm aria-label="Which appointments to move" onSubmit={() => onChoose(scope)}>
        <ScopeChoice label="Move" value={scope} onChange={setScope} itemTestId="scope" />
        <DialogButtons submit="Move" submitTestId="scope-submit" onCancel={onCancel} cancel="Don't move" cancelTestId="scope-cancel" />
      </SubmitForm>
    </ModalDialog>
  );
}
