// Cancelling an appointment: who asked (late inside the practice's window when the client asks),
// for a series occurrence which ones (this, following, all), and an optional staff-only reason.
import { useState } from 'react';
import { Label, Radio, RadioGroup, TextArea, TextField } from 'react-aria-components';
import type { Appointment, EditScope } from '../../../../shared/scheduling.js';
import { formatRange } from '../../../lib/time.js';
import { useCancelAppointment } from '../api/cancelAppointment.js';
import { useSchedulingSettings } from '../api/settings.js';
import { type ActionOutcome, errorText } from './AppointmentActions.js';
import { ScopeChoice } from './ScopeChoice.js';
import { DialogButtons, ModalDialog } from '../../../components/ModalDialog.js';
import { SubmitForm } from '../../../components/forms.js';

export function CancelDialog({ appt, onClose }: { appt: Appointment; onClose: (o?: ActionOutcome) => void }) {
  const cancelAppointment = useCancelAppointment();
  const settings = useSchedulingSettings();
  const [by, setBy] = useState<'practice' | 'client'>('practice');
  const [scope, setScope] = useState<EditScope>('this');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hours = settings.data?.cancellationWindowHours;
  // "Now" as of opening the dialog: good enough for a hint; the server decides what is late.
  const [openedAt] = useState(() => Date.now());
  const late = hours !== undefined && Date.parse(appt.start) - openedAt < hours * 3_600_000;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await cancelAppointment(appt.id, { by, ...(appt.seriesId ? { scope } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) });
      onClose({ kind: 'ok', message: scope === 'this' || !appt.seriesId ? 'Appointment cancelled.' : 'Appointments cancelled.' });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <ModalDialog title="Cancel appointment" onClose={onClose} testId="cancel-dialog">
      <p>{formatRange(appt.start, appt.end, appt.timeZone)}</p>
      <SubmitForm aria-label="Cancel appointment" onSubmit={() => void submit()}>
        <div role="alert" className={error ? 'error-summary' : undefined} data-testid="cancel-error">
          {error ? <p>{error}</p> : null}
        </div>
        <RadioGroup className="field radio-group" value={by} onChange={(v) => setBy(v as 'practice' | 'client')} data-testid="cancel-by">
          <Label>Who asked to cancel?</Label>
          <Radio value="practice" className="radio">
            <span className="dot" aria-hidden="true" /> The practice
          </Radio>
          <Radio value="client" className="radio">
            <span className="dot" aria-hidden="true" /> The client
          </Radio>
        </RadioGroup>
        {by === 'client' && hours !== undefined ? (
          <p className={late ? 'notice warn' : 'field-description'} data-testid="late-hint">
            {late
              ? `This is less than ${hours} hours before the start: it will be recorded as a late cancellation.`
              : `Cancellations less than ${hours} hours before the start are recorded as late.`}
          </p>
        ) : null}
        {appt.seriesId ? <ScopeChoice label="This is part of a recurring series. Cancel:" value={scope} onChange={setScope} testId="cancel-scope" /> : null}
        <TextField className="field" value={reason} onChange={setReason} maxLength={500}>
          <Label>Reason (optional, staff only)</Label>
          <TextArea className="textarea" rows={2} data-testid="cancel-reason" />
        </TextField>
        <DialogButtons submit="Cancel appointment" danger busy={busy} submitTestId="cancel-submit" onCancel={() => onClose()} cancel="Keep it" />
      </SubmitForm>
    </ModalDialog>
  );
}
