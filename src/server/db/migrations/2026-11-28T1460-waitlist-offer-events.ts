// Waitlist offers are made by an outbox consumer, one per domain event that frees a slot (a
// cancellation, or a reschedule away from a time). An appointment can free several slots over its
// life (moved, moved again, then cancelled), so the source appointment is no longer unique; the
// event is: `source_event_id` is unique, and a re-delivered event finds its offer instead of making
// a second one. Offers made before this change (by the in-process hook) keep a null event id.
// Frozen once landed.
import { sql, type Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect === 'postgres') {
      await sql`alter table waitlist_offers drop constraint if exists waitlist_offers_source_appointment_id_key`.execute(db);
      await db.schema.alterTable('waitlist_offers').addColumn('source_event_id', 'text').execute();
    } else {
      // SQLite cannot drop a column's UNIQUE: the table is rebuilt (sqlite.org/lang_altertable.html,
      // "making other kinds of table schema changes"), with foreign keys off while the old table goes.
      await sql`pragma foreign_keys = off`.execute(db);
      try {
        await db.transaction().execute(async (tx) => {
          await tx.schema
            .createTable('waitlist_offers_next')
            .addColumn('id', 'text', (c) => c.primaryKey())
            .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
            .addColumn('provider_id', 'text', (c) => c.notNull().references('users.id'))
            .addColumn('service_id', 'text', (c) => c.references('appointment_services.id'))
            .addColumn('source_appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
            .addColumn('start_at', ts, (c) => c.notNull())
            .addColumn('end_at', ts, (c) => c.notNull())
            .addColumn('time_zone', 'text', (c) => c.notNull())
            .addColumn('type', 'text', (c) => c.notNull())
            .addColumn('status', 'text', (c) => c.notNull())
            .addColumn('expires_at', ts, (c) => c.notNull())
            .addColumn('appointment_id', 'text', (c) => c.references('appointments.id'))
            .addColumn('taken_by_client_id', 'text')
            .addColumn('created_at', ts, (c) => c.notNull())
            .addColumn('decided_at', ts)
            .addColumn('source_event_id', 'text')
            .execute();
          const columns = sql.raw(
            'id, practice_id, provider_id, service_id, source_appointment_id, start_at, end_at, time_zone, type, status, expires_at, appointment_id, taken_by_client_id, created_at, decided_at',
          );
          await sql`insert into waitlist_offers_next (${columns}) select ${columns} from waitlist_offers`.execute(tx);
          await tx.schema.dropTable('waitlist_offers').execute();
          await tx.schema.alterTable('waitlist_offers_next').renameTo('waitlist_offers').execute();
          const broken = await sql`pragma foreign_key_check`.execute(tx);
          if (broken.rows.length) throw new Error('waitlist_offers rebuild: foreign key check failed');
        });
      } finally {
        await sql`pragma foreign_keys = on`.execute(db);
      }
    }
    await db.schema.createIndex('waitlist_offers_source_event').on('waitlist_offers').column('source_event_id').unique().execute();
    await db.schema.createIndex('waitlist_offers_source_appointment').on('waitlist_offers').columns(['source_appointment_id', 'start_at']).execute();
    // The staff waitlist view lists each entry's offers.
    await db.schema.createIndex('waitlist_offer_recipients_entry').on('waitlist_offer_recipients').column('entry_id').execute();
  };
}
