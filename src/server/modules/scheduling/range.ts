// The filter of the one range query behind the appointment list and the calendar, checked before
// anything is read: [from, to) in order and at most MAX_RANGE_DAYS long, and a provider who sees
// only their own appointments asking for nobody else's.
import { MAX_RANGE_DAYS, type AppointmentQuery } from '../../../shared/scheduling.js';
import { forbidden, invalid } from '../../errors.js';
import { instantMs } from '../../lib/zones.js';
import type { RangeFilter } from './repo.js';
import { MIN } from './rules.js';

/** `only`: the provider this caller is limited to (null: any the query names). */
export function rangeFilter(practiceId: string, q: AppointmentQuery, only: string | null): RangeFilter {
  const from = instantMs(q.from);
  const to = instantMs(q.to);
  if (to <= from) throw invalid('to', 'must be after from');
  if (to - from > MAX_RANGE_DAYS * 24 * 60 * MIN) throw invalid('to', `the range may span at most ${MAX_RANGE_DAYS} days`);
  if (only && q.providerId && q.providerId !== only) throw forbidden('Providers see only their own appointments');
  return { practiceId, from, to, providerId: only ?? q.providerId, clientId: q.clientId, statuses: q.status?.split(',') };
}
