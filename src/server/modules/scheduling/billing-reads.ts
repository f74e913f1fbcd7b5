// What billing's reports read of appointments: the visits in a range that could be billed
// (attended, checked in, no-shows and late cancellations by the client), with their service's code
// and rate and their clients. The billing module decides what is billed; this file only reads.
import type { DbOrTx } from '../../db/index.js';

export interface BillableAppointment {
  id: string;
  providerId: string;
  start: number;
  status: 'completed' | 'checked_in' | 'no_show' | 'cancelled';
  /** Cancelled by the client inside the practice's window. */
  lateCancel: boolean;
  serviceId: string | null;
  serviceName: string | null;
  cptCode: string | null;
  rateCents: number;
  clientIds: string[];
}

/** At most this many appointments per read: a report's range is bounded, and so is its answer. */
export const MAX_BILLABLE_READ = 50_000;

export async function billableInRange(db: DbOrTx, practiceId: string, from: number, to: number): Promise<BillableAppointment[]> {
  const rows = await db
    .selectFrom('appointments as a')
    .leftJoin('appointment_services as s', 's.id', 'a.service_id')
    .select(['a.id', 'a.provider_id', 'a.start_at', 'a.status', 'a.late_cancel', 'a.cancelled_by', 'a.service_id', 's.name as service_name', 's.cpt_code', 's.rate_cents'])
    .where('a.practice_id', '=', practiceId)
    .where('a.start_at', '>=', from)
    .where('a.start_at', '<', to)
    .where((eb) =>
      eb.or([
        eb('a.status', 'in', ['completed', 'checked_in', 'no_show']),
        eb.and([eb('a.status', '=', 'cancelled'), eb('a.late_cancel', '=', 1), eb('a.cancelled_by', '=', 'client')]),
      ]),
    )
    .orderBy('a.start_at')
    .orderBy('a.id')
    .limit(MAX_BILLABLE_READ)
    .execute();
  if (!rows.length) return [];
  const clients = new Map<string, string[]>();
  for (let i = 0; i < rows.length; i += 500) {
    const ids = rows.slice(i, i + 500).map((r) => r.id);
    const links = await db.selectFrom('appointment_clients').select(['appointment_id', 'client_id']).where('appointment_id', 'in', ids).orderBy('client_id').execute();
    for (const l of links) clients.set(l.appointment_id, [...(clients.get(l.appointment_id) ?? []), l.client_id]);
  }
  return rows.map((r) => ({
    id: r.id,
    providerId: r.provider_id,
    start: Number(r.start_at),
    status: r.status as BillableAppointment['status'],
    lateCancel: Number(r.late_cancel) === 1 && r.cancelled_by === 'client',
    serviceId: r.service_id,
    serviceName: r.service_name,
    cptCode: r.cpt_code,
    rateCents: Number(r.rate_cents ?? 0),
    clientIds: clients.get(r.id) ?? [],
  }));
}
