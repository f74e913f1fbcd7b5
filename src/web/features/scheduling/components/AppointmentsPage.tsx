// The Appointments tab: appointments overlapping a date range (this week by default), filtered by
// provider, client and status, with the exact total and cursor paging. It reads the same API, with
// the same half-open range, as the calendar. A failed answer shows "Couldn't load appointments —
// retrying" and no rows at all, never a stale or partial list.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';
import type { Appointment } from '../../../../shared/scheduling.js';
import { PagedList } from '../../../components/lists.js';
import { useCursorPaging } from '../../../lib/pagination.js';
import { clientNames } from '../../../lib/names.js';
import { dayStart, formatDay, instantToLocal, nextDay, weekOf, zoneLabel } from '../../../lib/time.js';
import { useMe } from '../../../session/useMe.js';
import { AppointmentRemindersDialog, RemindersAttention } from '../../reminders/index.js';
import { APPOINTMENT_PAGE_SIZE } from '../api/keys.js';
import { retryAppointmentsNow, useAppointmentPage } from '../api/listAppointments.js';
import { AppointmentDialogs, OutcomeNotice, useAppointmentDialogs } from './AppointmentDialogs.js';
import { AppointmentFilters, calendarLink, type Filters, readFilters, useFilterParam } from './AppointmentFilters.js';
import { AppointmentResults } from './AppointmentResults.js';
import type { Booked } from './BookingDialog.js';
import { useDisplayZone } from './common.js';
import './scheduling.css';
import { PageHead } from '../../../components/PageHead.js';

export function AppointmentsPage() {
  const me = useMe();
  const canWrite = me.data?.permissions.includes('appointments.write') ?? false;
  const canRead = me.data?.permissions.includes('appointments.read') ?? true;
  const [sp, setSp] = useSearchParams();
  const [zone, setZone] = useDisplayZone();
  const f = readFilters(sp, zone);
  const range = { from: dayStart(f.from, zone), to: dayStart(nextDay(f.to), zone) };
  const paging = useCursorPaging(JSON.stringify({ ...f, zone }));
  const { cursor, pageIndex } = paging;
  const list = useAppointmentPage(
    { ...range, providerId: f.providerId || undefined, clientId: f.clientId || undefined, status: f.status || undefined, cursor, limit: APPOINTMENT_PAGE_SIZE },
    canRead,
  );
  const dialogs = useAppointmentDialogs();
  const [remindersOf, setRemindersOf] = useState<Appointment | null>(null);
  // The appointment just booked or moved: the list goes to its week and points it out.
  const [highlight, setHighlight] = useState<string | null>(null);
  const setParam = useFilterParam(f);

  if (!canRead) {
    return (
      <>
        <h1>Appointments</h1>
        <p>Your role does not include access to appointments.</p>
      </>
    );
  }


  /** Show the week (in the display zone) holding an appointment just booked or moved, and mark it. */
  const showAppointment = (a: Booked) => {
    const week = weekOf(instantToLocal(a.start, zone).date);
    setHighlight(a.id);
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('from', week.from);
        next.set('to', week.to);
        // Filters that could hide it are dropped; the zone stays.
        for (const k of ['providerId', 'clientId', 'status']) next.delete(k);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <div data-testid="appointments-page">
      <PageHead
        title="Appointments"
        actions={
          <>
            {canWrite ? (
              <Button className="btn primary" onPress={() => dialogs.setBooking({ providerId: f.providerId || undefined, timeZone: zone })} data-testid="new-appointment">
                New appointment
              </Button>
            ) : null}
            <Link className="btn" to={`/calendar?${calendarLink(f, zone, sp.get('tz'))}`} data-testid="open-calendar">
              Open in calendar
            </Link>
          </>
        }
      />

      <RemindersAttention displayZone={zone} canWrite={canWrite} />
      <AppointmentFilters f={f} setParam={setParam} zone={zone} setZone={setZone} />
      <RangeNote f={f} from={range.from} zone={zone} />
      <OutcomeNotice outcome={dialogs.outcome} />

      <PagedList
        list={list}
        name="appointments"
        what="appointment list"
        attrs={{ 'data-from': range.from, 'data-to': range.to, 'data-provider-id': f.providerId, 'data-client-id': f.clientId, 'data-status': f.status, 'data-page': pageIndex + 1 }}
        onRetry={() => void retryAppointmentsNow()}
        paging={paging}
        pagerLabel="Appointment list pages"
      >
        {(shown) => (
          <AppointmentResults
            data={shown}
            offset={pageIndex * APPOINTMENT_PAGE_SIZE}
            stale={list.isPlaceholderData}
            zone={zone}
            canWrite={canWrite}
            onOutcome={dialogs.setOutcome}
            onCancel={dialogs.setCancelling}
            onEdit={dialogs.setEditing}
            onReminders={setRemindersOf}
            highlight={highlight}
          />
        )}
      </PagedList>

      {remindersOf ? <AppointmentRemindersDialog appt={remindersOf} label={`${clientNames(remindersOf)} on ${formatDay(remindersOf.start, remindersOf.timeZone)}`} displayZone={zone} onClose={() => setRemindersOf(null)} /> : null}
      <AppointmentDialogs dialogs={dialogs} onShow={showAppointment} />
    </div>
  );
}

function RangeNote({ f, from, zone }: { f: Filters; from: string; zone: string }) {
  return (
    <p className="field-description" data-testid="range-note">
      Appointments overlapping {formatDay(from, zone)} through {formatDay(dayStart(f.to, zone), zone)}, days counted in {zoneLabel(zone)}. Times are shown in each
      appointment's own zone, with the client's local time where it differs.
    </p>
  );
}
