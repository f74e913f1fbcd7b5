// Pieces shared by the appointment list, the calendar and the dialogs: the display zone and
// filters read from the address (ids and dates only, never names), status badges, and the
// "when" text in the appointment's zone plus each client's own zone where it differs.
import { useSearchParams } from 'react-router';
import type { Appointment } from '../../../../shared/scheduling.js';
import { clientNames } from '../../../lib/names.js';
import { useProviders } from '../../../lib/providers.js';
import { useMe } from '../../../session/useMe.js';
import { STATUS_LABELS } from '../model/labels.js';
import { browserZone, formatRange, formatTimes, isKnownZone, sameClock, zoneLabel } from '../../../lib/time.js';

/** One address parameter (ids and dates only): its value ('' when absent), and a setter ('' removes it). */
export function useSearchParam(name: string): [string, (value: string) => void] {
  const [sp, setSp] = useSearchParams();
  const set = (value: string) =>
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return [sp.get(name) ?? '', set];
}

/** The zone dates and times are shown in: ?tz=… when valid, else the browser's zone. */
export function useDisplayZone(): [string, (zone: string) => void] {
  const [sp, setSp] = useSearchParams();
  const tz = sp.get('tz');
  const zone = tz && isKnownZone(tz) ? tz : browserZone();
  const set = (z: string) =>
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (z && z !== browserZone()) next.set('tz', z);
        else next.delete('tz');
        return next;
      },
      { replace: true },
    );
  return [zone, set];
}

/** Who an appointment is with, as the first facts of its card or dialog: its clients and provider. */
export function WhoFacts({ appt }: { appt: Appointment }) {
  return (
    <>
      <dt>Clients</dt>
      <dd>{clientNames(appt)}</dd>
      <dt>Provider</dt>
      <dd>{appt.providerName}</dd>
    </>
  );
}

export function StatusBadge({ appt }: { appt: Appointment }) {
  const c = appt.cancellation;
  const detail = c ? ` by ${c.by}${c.late ? ', late' : ''}` : '';
  return (
    <span className={`badge badge-${appt.status}`} data-testid="status-badge" data-status={appt.status}>
      {STATUS_LABELS[appt.status]}
      {detail}
    </span>
  );
}

/** The clients whose own zone shows another wall-clock time than the appointment's zone. */
export function clientsInOtherZones(a: Appointment): { name: string; zone: string }[] {
  return a.clients
    .filter((c) => c.timeZone && !sameClock(a.start, c.timeZone, a.timeZone))
    .map((c) => ({ name: c.name ?? 'Client', zone: c.timeZone! }));
}

/** When it is: in the appointment's zone, and each client's own local time where it differs. */
export function WhenText({ appt, displayZone }: { appt: Appointment; displayZone?: string }) {
  const others = clientsInOtherZones(appt);
  const showDisplay = displayZone && !sameClock(appt.start, displayZone, appt.timeZone);
  return (
    <span className="when">
      <span data-testid="when-booked">{formatRange(appt.start, appt.end, appt.timeZone)}</span>
      <span className="zone-note"> · {zoneLabel(appt.timeZone)}</span>
      {others.map((o) => (
        <span key={o.zone + o.name} className="zone-line" data-testid="when-client">
          {o.name}'s time: {formatTimes(appt.start, appt.end, o.zone)} ({zoneLabel(o.zone)})
        </span>
      ))}
      {showDisplay ? (
        <span className="zone-line" data-testid="when-display">
          Your view: {formatTimes(appt.start, appt.end, displayZone)}
        </span>
      ) : null}
    </span>
  );
}

/**
 * The providers this user may book and move appointments for, as the server decides it: working as
 * a provider, only themself (the server refuses others with 403); front desk, admin and owner, every
 * active provider.
 */
export function useBookableProviders(): { options: { id: string; label: string }[]; self: string | undefined; loaded: boolean } {
  const me = useMe();
  const providers = useProviders();
  const self = me.data?.activeRole === 'provider' ? me.data.user.id : undefined;
  const all = providers.data?.providers ?? [];
  const mine = self ? all.filter((p) => p.id === self) : all;
  return { options: mine.map((p) => ({ id: p.id, label: p.name })), self, loaded: providers.isSuccess && me.isSuccess };
}
