// A busy month day's "+N more", opened: every appointment of that day as a list (time, clients,
// status), each opening its details, and a way to the day view. A dialog rather than
// FullCalendar's popover: FullCalendar draws every hidden event of the month to measure it, which
// for 2,000 appointments was seconds of one long task (bench/lib/calendar.ts).
import { Button } from 'react-aria-components';
import type { AppointmentCell } from '../../../../shared/scheduling.js';
import { ModalDialog } from '../../../components/ModalDialog.js';
import { namesOf } from '../../../lib/names.js';
import { fastTimes, formatDay } from '../../../lib/time.js';
import { STATUS_LABELS } from '../model/labels.js';

export function CalendarDayList({
  day,
  zone,
  onOpen,
  onDay,
  onClose,
}: {
  day: { date: string; cells: readonly AppointmentCell[] };
  zone: string;
  onOpen: (cell: AppointmentCell) => void;
  onDay: (date: string) => void;
  onClose: () => void;
}) {
  const first = day.cells[0];
  const title = `${first ? formatDay(first.start, zone) : day.date}: ${day.cells.length} appointments`;
  return (
    <ModalDialog title={title} onClose={onClose} testId="calendar-day-list" attrs={{ 'data-date': day.date, 'data-count': String(day.cells.length) }}>
      <ul className="day-list" aria-label={title}>
        {day.cells.map((c) => (
          <li key={c.id}>
            <Button className={`day-list-item cal-${c.status}`} onPress={() => onOpen(c)} data-testid="day-list-item" data-appointment-id={c.id}>
              <span className="day-list-time">{fastTimes(c.start, c.end, zone)}</span> <span className="day-list-who">{namesOf(c.clientNames)}</span>
              {c.status === 'scheduled' ? null : <span className="day-list-status"> · {STATUS_LABELS[c.status]}</span>}
            </Button>
          </li>
        ))}
      </ul>
      <div className="actions">
        <Button className="btn primary" onPress={() => onDay(day.date)} data-testid="day-list-day">
          Open the day
        </Button>
        <Button className="btn" onPress={onClose} data-testid="day-list-close">
          Close
        </Button>
      </div>
    </ModalDialog>
  );
}
