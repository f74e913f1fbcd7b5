// Availability queries: a provider's working hours and blocked time.
import type { DbOrTx } from '../../db/index.js';
import type { BlockedTimesTable, ProviderAvailabilityTable } from './table.js';

export type AvailabilityRow = ProviderAvailabilityTable;
export type BlockedRow = BlockedTimesTable;

export const findAvailability = (db: DbOrTx, practiceId: string, providerId: string) =>
  db.selectFrom('provider_availability').selectAll().where('practice_id', '=', practiceId).where('provider_id', '=', providerId).executeTakeFirst();

/** The zone of the practice's working hours set most recently (any provider). */
export const latestPracticeZone = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('provider_availability').select('time_zone').where('practice_id', '=', practiceId).orderBy('updated_at', 'desc').limit(1).executeTakeFirst();

export async function saveAvailability(db: DbOrTx, row: AvailabilityRow): Promise<void> {
  const { provider_id: _id, practice_id: _p, ...values } = row;
  await db
    .insertInto('provider_availability')
    .values(row)
    .onConflict((oc) => oc.column('provider_id').doUpdateSet(values))
    .execute();
}

/** The provider's blocked ranges overlapping [from, to), by start. */
export const blockedIn = (db: DbOrTx, practiceId: string, providerId: string, from: number, to: number) =>
  db
    .selectFrom('blocked_times')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('provider_id', '=', providerId)
    .where('end_at', '>', from)
    .where('start_at', '<', to)
    .orderBy('start_at')
    .orderBy('id')
    .execute();

export const insertBlocked = (db: DbOrTx, row: BlockedRow) => db.insertInto('blocked_times').values(row).execute();

export const findBlocked = (db: DbOrTx, practiceId: string, providerId: string, id: string) =>
  db.selectFrom('blocked_times').selectAll().where('practice_id', '=', practiceId).where('provider_id', '=', providerId).where('id', '=', id).executeTakeFirst();

export const deleteBlocked = (db: DbOrTx, id: string) => db.deleteFrom('blocked_times').where('id', '=', id).execute();
