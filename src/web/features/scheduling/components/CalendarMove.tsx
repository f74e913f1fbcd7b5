// Rescheduling by dragging on the calendar: a series occurrence asks which ones to move (this,
// following or all); a refusal (409: the provider is booked) puts the event back and says why.
import type { EventDropArg } from '@fullcalendar/core';
import { useState } from 'react';
import type { Appointment, EditScope } from '../../../../shared/scheduling.js';
import { formatRange } from '../../../lib/time.js';
import { useChangeAppointment } from '../api/changeAppointment.js';
import { movedEnd } from '../model/calendar.js';
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

  const onDrop = (info: EventDropArg) => {
    const appt = info.event.extendedProps.appt as Appointment;
    const start = info.event.start?.toISOString();
    if (!start) return info.revert();
    const m = { appt, start, revert: info.revert };
    if (appt.seriesId) setPending(m);
    else void move(m, 'this');
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

  return { saving, onDrop, dialog };
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
