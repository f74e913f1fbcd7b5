// What staff do to an appointment from the list, the calendar's details dialog or anywhere else:
// edit, confirm, check in, complete, mark a no-show, or cancel (asked in CancelDialog).
import { useState } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import type { Appointment, AppointmentStatus } from '../../../../shared/scheduling.js';
import { isApiError } from '../../../api/client.js';
import { useChangeAppointment } from '../api/changeAppointment.js';

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

/** What a view of appointments (the list's rows, the details dialog) is given to act on one. */
export interface AppointmentHandlers {
  canWrite: boolean;
  onOutcome: (o: ActionOutcome) => void;
  onCancel: (a: Appointment) => void;
  onEdit: (a: Appointment) => void;
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
  const { patch, invalidate } = useChangeAppointment();
  const [busy, setBusy] = useState(false);
  const actions: Action[] = [...(onEdit && (appt.status === 'scheduled' || appt.status === 'confirmed') ? (['edit'] as const) : []), ...actionsFor(appt.status)];
  if (!actions.length) return null;

  const run = async (action: Exclude<Action, 'cancel' | 'edit'>) => {
    setBusy(true);
    try {
      await patch(appt.id, { status: action, version: appt.version });
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
