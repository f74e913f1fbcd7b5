// What staff do to an appointment from the list, the calendar's details dialog or anywhere else:
// confirm, check in, complete, mark a no-show, or cancel (for a series occurrence: this one, this
// and following, or all; asked for by the client or the practice, late inside the window).
import { useState } from 'react';
import { Button, Dialog, Form, Heading, Label, Menu, MenuItem, MenuTrigger, Modal, ModalOverlay, Popover, Radio, RadioGroup, TextArea, TextField } from 'react-aria-components';
import { type Appointment, type AppointmentStatus, EDIT_SCOPES, type EditScope } from '../../../shared/scheduling.js';
import { isApiError } from '../../api/client.js';
import { cancelAppointment, patchAppointment, SCOPE_LABELS, useInvalidateAppointments, useSchedulingSettings } from './api.js';
import { formatRange } from '../../lib/time.js';

type Action = 'edit' | 'confirmed' | 'checked_in' | 'completed' | 'no_show' | 'cancel';

const ACTION_LABELS: Record<Action, string> = {
  edit: 'Edit or reschedule…',
  confirmed: 'Confirm',
  checked_in: 'Check in',
  completed: 'Complete',
  no_show: 'Mark no-show',
  cancel: 'Cancel…',
};

const DONE: Record<Exclude<Action, 'cancel' | 'edit'>, string> = {
  confirmed: 'Appointment confirmed.',
  checked_in: 'Client checked in.',
  completed: 'Appointment completed.',
  no_show: 'Marked as a no-show.',
};

/** The next steps an appointment in this status can take. */
export function actionsFor(status: AppointmentStatus): Exclude<Action, 'edit'>[] {
  switch (status) {
    case 'scheduled':
      return ['confirmed', 'checked_in', 'no_show', 'cancel'];
    case 'confirmed':
      return ['checked_in', 'no_show', 'cancel'];
    case 'checked_in':
      return ['completed', 'no_show'];
    case 'completed':
    case 'cancelled':
    case 'no_show':
      return [];
  }
}

export interface ActionOutcome {
  kind: 'ok' | 'error';
  message: string;
}

/** The server's message as a sentence (it may be followed by more text). */
export function errorText(e: unknown): string {
  const message = isApiError(e) || e instanceof Error ? e.message : 'Something went wrong. Please try again.';
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

/**
 * The actions menu of one appointment. Cancelling asks for details in a dialog the page renders
 * (`onCancel`), so it survives the row being re-rendered as a card at phone width.
 */
export function AppointmentActions({
  appt,
  label,
  onOutcome,
  onCancel,
  onEdit,
}: {
  appt: Appointment;
  label: string;
  onOutcome: (o: ActionOutcome) => void;
  onCancel: (appt: Appointment) => void;
  /** Offers "Edit or reschedule…" for an appointment that can still move. */
  onEdit?: ((appt: Appointment) => void) | undefined;
}) {
  const invalidate = useInvalidateAppointments();
  const [busy, setBusy] = useState(false);
  const actions: Action[] = [...(onEdit && (appt.status === 'scheduled' || appt.status === 'confirmed') ? (['edit'] as const) : []), ...actionsFor(appt.status)];
  if (!actions.length) return null;

  const run = async (action: Exclude<Action, 'cancel' | 'edit'>) => {
    setBusy(true);
    try {
      await patchAppointment(appt.id, { status: action, version: appt.version });
      onOutcome({ kind: 'ok', message: DONE[action] });
    } catch (e) {
      onOutcome({ kind: 'error', message: `Couldn't change the appointment: ${errorText(e)}` });
    } finally {
      setBusy(false);
      await invalidate();
    }
  };

  return (
    <MenuTrigger>
      <Button className="btn small" isDisabled={busy} aria-label={`Actions for ${label}`} data-testid="appointment-actions">
        Actions <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover">
        <Menu
          className="menu"
          onAction={(key) => {
            const a = key as Action;
            if (a === 'cancel') onCancel(appt);
            else if (a === 'edit') onEdit?.(appt);
            else void run(a);
          }}
        >
          {actions.map((a) => (
            <MenuItem key={a} id={a} className="menu-item" data-testid={`action-${a}`}>
              {ACTION_LABELS[a]}
            </MenuItem>
          ))}
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}

export function CancelDialog({ appt, onClose }: { appt: Appointment; onClose: (o?: ActionOutcome) => void }) {
  const invalidate = useInvalidateAppointments();
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
      await invalidate();
      onClose({ kind: 'ok', message: scope === 'this' || !appt.seriesId ? 'Appointment cancelled.' : 'Appointments cancelled.' });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(o) => !o && onClose()} className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog" data-testid="cancel-dialog">
          <Heading slot="title">Cancel appointment</Heading>
          <p>{formatRange(appt.start, appt.end, appt.timeZone)}</p>
          <Form
            className="form"
            aria-label="Cancel appointment"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
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
            {appt.seriesId ? (
              <RadioGroup className="field radio-group" value={scope} onChange={(v) => setScope(v as EditScope)} data-testid="cancel-scope">
                <Label>This is part of a recurring series. Cancel:</Label>
                {EDIT_SCOPES.map((s) => (
                  <Radio key={s} value={s} className="radio">
                    <span className="dot" aria-hidden="true" /> {SCOPE_LABELS[s]}
                  </Radio>
                ))}
              </RadioGroup>
            ) : null}
            <TextField className="field" value={reason} onChange={setReason} maxLength={500}>
              <Label>Reason (optional, staff only)</Label>
              <TextArea className="textarea" rows={2} data-testid="cancel-reason" />
            </TextField>
            <div className="actions">
              <Button type="submit" className="btn danger" isDisabled={busy} data-testid="cancel-submit">
                Cancel appointment
              </Button>
              <Button className="btn" onPress={() => onClose()}>
                Keep it
              </Button>
            </div>
          </Form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
