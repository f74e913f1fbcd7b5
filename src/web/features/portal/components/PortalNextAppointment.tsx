// The portal home's one line per practice about the next appointment: a client who opens the portal
// before a visit sees when it is without going to Appointments (where joining, cancelling and
// requesting live). Silent while loading or failing: the Appointments page shows those states.
import type { PortalAppointment } from '../../../../shared/booking.js';
import type { AppointmentType } from '../../../../shared/scheduling.js';
import { usePortalAppointments } from '../api/portalAppointments.js';

const TYPE_LABEL: Record<AppointmentType, string> = { video: 'Video', audio: 'Audio only', in_person: 'In person' };
const ACTIVE = new Set<PortalAppointment['status']>(['scheduled', 'confirmed', 'checked_in']);

export function PortalNextAppointment({ clientId }: { clientId: string }) {
  const appointments = usePortalAppointments(clientId);
  if (!appointments.isSuccess) return null;
  const now = appointments.dataUpdatedAt;
  const next = appointments.data.items.filter((a) => ACTIVE.has(a.status) && Date.parse(a.end) > now).sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0];
  const zone = appointments.data.clientTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!next) {
    return (
      <p className="portal-next" data-testid="portal-next-appointment" data-appointment-id="">
        No upcoming appointments.
      </p>
    );
  }
  const when = new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(next.start));
  return (
    <p className="portal-next" data-testid="portal-next-appointment" data-appointment-id={next.id}>
      Next appointment: <strong>{when}</strong> · {TYPE_LABEL[next.type]} with {next.providerName}
    </p>
  );
}
