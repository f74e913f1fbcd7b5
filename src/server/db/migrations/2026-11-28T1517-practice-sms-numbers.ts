// A practice's own sending number. Carriers and Twilio act on STOP per sending number: on a
// number several practices share, a STOP meant for one silences all of them at the carrier. The
// operator gives a practice its own number (`npm run sms-number`); its texts go out from it and a
// reply to it belongs to it. Practices without one use SMS_FROM. A business number, not PHI.
// Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('practice_sms_numbers')
      .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id'))
      .addColumn('phone', 'text', (c) => c.notNull().unique())
      .addColumn('assigned_at', ts, (c) => c.notNull())
      .execute();
  };
}
