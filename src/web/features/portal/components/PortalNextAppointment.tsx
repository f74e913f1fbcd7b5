// The portal home's one line per practice about the next appointment: a client who opens the portal
// before a visit sees when it is without going to Appointments (where joining, cancelling and
// requesting live). Silent while loading or failing: the Appointments page shows those states.
import { FormattedMessage, useIntl } from 'react-intl';
import type { PortalAppointment } from '../../../../shared/booking.js';
import { usePortalAppointments } from '../api/portalAppointments.js';
import { browserZone, TYPE_LABEL } from './appointmentParts.js';

const ACTIVE = new Set<PortalAppointment['status']>(['scheduled', 'confirmed', 'checked_in']);

export function PortalNextAppointment({ clientId }: { clientId: string }) {
  const intl = useIntl();
  const appointments = usePortalAppointments(clientId);
  if (!appointments.isSuccess) return null;
  const now = appointments.dataUpdatedAt;
  const next = appointments.data.items.filter((a) => ACTIVE.has(a.status) && Date.parse(a.end) > now).sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0];
  const zone = appointments.data.clientTimeZone ?? browserZone();
  if (!next) {
    return (
      <p className="portal-next" data-testid="portal-next-appointment" data-appointment-id="">
        <FormattedMessage id="portal.appts.none" defaultMessage="No upcoming appointments." />
      </p>
    );
  }
  const when = intl.formatDate(next.start, { timeZone: zone, weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  return (
    <p className="portal-next" data-testid="portal-next-appointment" data-appointment-id={next.id}>
      <FormattedMessage
        id="portal.next.line"
        defaultMessage="Next appointment: <b>{when}</b> · {type} with {provider}"
        values={{ b: (c) => <strong>{c}</strong>, when, type: intl.formatMessage(TYPE_LABEL[next.type]), provider: next.providerName }}
      />
    </p>
  );
}
