// One page of the appointment list: the "Showing 1–25 of 112" line, then a table on wide screens or
// stacked cards at phone width, each row with its call, actions and reminders buttons. The row just
// booked or moved is marked and scrolled to.
import { useEffect } from 'react';
import { Button } from 'react-aria-components';
import type { Appointment, AppointmentList } from '../../../../shared/scheduling.js';
import { useNarrow } from '../../../lib/narrow.js';
import { clientNames } from '../../../lib/names.js';
import { pageSpan } from '../../../lib/pagination.js';
import { formatDay } from '../../../lib/time.js';
import { AppointmentCallButton, appointmentCallable, useCanStartCalls } from '../../calls/index.js';
import { TYPE_LABELS } from '../model/labels.js';
import { AppointmentActions, type AppointmentHandlers } from './AppointmentActions.js';
import { StatusBadge, WhenText, WhoFacts } from './common.js';
import { TableHead } from '../../../components/TableHead.js';

interface RowProps extends AppointmentHandlers {
  zone: string;
  onReminders: (a: Appointment) => void;
  highlight: string | null;
}

export function AppointmentResults({ data, offset, stale, ...row }: RowProps & { data: AppointmentList; offset: number; stale: boolean }) {
  const narrow = useNarrow();
  const { highlight } = row;
  const shownHighlight = !stale && highlight !== null && data.items.some((a) => a.id === highlight);
  useEffect(() => {
    if (shownHighlight) document.querySelector('[data-testid="appointment-row"][data-highlight="true"]')?.scrollIntoView({ block: 'center' });
  }, [shownHighlight, highlight]);
  if (data.total === 0 || data.items.length === 0) {
    return (
      <p role="status" data-testid="appointments-total" data-total={data.total}>
        No appointments in this range.
      </p>
    );
  }
  const span = pageSpan(offset, data.items.length, data.total);
  const summary = `Showing ${span.from}–${span.to} of ${span.total}`;
  return (
    <>
      <p role="status" data-testid="appointments-total" data-total={data.total} className={stale ? 'stale' : undefined}>
        {stale ? 'Updating…' : summary}
      </p>
      {narrow ? <AppointmentCards items={data.items} {...row} /> : <AppointmentTable items={data.items} caption={stale ? 'Appointments (updating)' : `Appointments ${summary.replace('Showing ', '')}`} {...row} />}
    </>
  );
}

const label = (a: Appointment) => `${clientNames(a)} on ${formatDay(a.start, a.timeZone)}`;
const mark = (a: Appointment, highlight: string | null) => (a.id === highlight ? { 'data-highlight': 'true', className: 'just-changed' } : {});

function RowActions({ a, canWrite, onOutcome, onCancel, onEdit, onReminders }: RowProps & { a: Appointment }) {
  const canCall = useCanStartCalls();
  return (
    <div className="row-actions">
      {canCall && appointmentCallable(a) ? <AppointmentCallButton appointmentId={a.id} label={label(a)} className="btn small" /> : null}
      {canWrite ? <AppointmentActions appt={a} label={label(a)} onOutcome={onOutcome} onCancel={onCancel} onEdit={onEdit} /> : null}
      <Button className="btn small" onPress={() => onReminders(a)} aria-label={`Reminders of ${label(a)}`} data-testid="row-reminders">
        Reminders
      </Button>
    </div>
  );
}

function AppointmentCards({ items, ...row }: RowProps & { items: Appointment[] }) {
  return (
    <ul className="appointment-cards" aria-label="Appointments">
      {items.map((a) => (
        <li key={a.id} data-testid="appointment-row" data-appointment-id={a.id} data-status={a.status} data-start={a.start} {...mark(a, row.highlight)}>
          <div className="card-title">
            <WhenText appt={a} displayZone={row.zone} />
          </div>
          <dl className="card-facts">
            <WhoFacts appt={a} />
            <dt>Type</dt>
            <dd>
              {TYPE_LABELS[a.type]}
              {a.serviceName ? ` · ${a.serviceName}` : ''}
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge appt={a} />
            </dd>
          </dl>
          <RowActions a={a} {...row} />
        </li>
      ))}
    </ul>
  );
}

function AppointmentTable({ items, caption, ...row }: RowProps & { items: Appointment[]; caption: string }) {
  return (
    <table className="table appointments-table" data-testid="appointments-table">
      <caption className="visually-hidden">{caption}</caption>
      <TableHead columns={['When', 'Clients', 'Provider', 'Type', 'Status', 'Actions']} />
      <tbody>
        {items.map((a) => (
          <tr key={a.id} data-testid="appointment-row" data-appointment-id={a.id} data-status={a.status} data-start={a.start} {...mark(a, row.highlight)}>
            <th scope="row">
              <WhenText appt={a} displayZone={row.zone} />
              {a.seriesId ? <span className="tag">Recurring</span> : null}
              {a.bookedInPast ? <span className="tag">Booked after the fact</span> : null}
            </th>
            <td>{clientNames(a)}</td>
            <td>{a.providerName}</td>
            <td>
              {TYPE_LABELS[a.type]}
              {a.serviceName ? <span className="zone-line">{a.serviceName}</span> : null}
            </td>
            <td>
              <StatusBadge appt={a} />
            </td>
            <td>
              <RowActions a={a} {...row} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
