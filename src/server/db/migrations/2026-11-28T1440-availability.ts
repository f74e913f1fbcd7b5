// Availability and client booking: providers' working hours (in their own zone) and buffers,
// blocked time, clients' appointment requests from the portal, the waitlist, and the offers of
// freed slots made to waiting clients. Frozen once landed.
import { sql, type Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    // One row per provider; hours is a JSON array of {weekday, start, end} in time_zone (not PHI).
    await db.schema
      .createTable('provider_availability')
      .addColumn('provider_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('buffer_minutes', 'integer', (c) => c.notNull())
      .addColumn('hours', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('blocked_times')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('provider_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('start_at', ts, (c) => c.notNull())
      .addColumn('end_at', ts, (c) => c.notNull())
      .addColumn('label_enc', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .addCheckConstraint('blocked_times_order', sql`end_at > start_at`)
      .execute();
    await db.schema.createIndex('blocked_times_provider_end').on('blocked_times').columns(['provider_id', 'end_at']).execute();

    // A client's request for an open slot, waiting for staff when the service needs approval.
    await db.schema
      .createTable('appointment_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('provider_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('service_id', 'text', (c) => c.notNull().references('appointment_services.id'))
      .addColumn('start_at', ts, (c) => c.notNull())
      .addColumn('end_at', ts, (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      // pending, approved, declined, cancelled (by the client); "expired" is computed (pending, time passed).
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('appointment_id', 'text', (c) => c.references('appointments.id'))
      .addColumn('decline_reason_enc', 'text')
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('decided_at', ts)
      .addColumn('decided_by', 'text')
      .execute();
    await db.schema.createIndex('appointment_requests_practice_status').on('appointment_requests').columns(['practice_id', 'status', 'created_at']).execute();
    await db.schema.createIndex('appointment_requests_client').on('appointment_requests').columns(['client_id', 'created_at']).execute();
    await db.schema.createIndex('appointment_requests_provider').on('appointment_requests').columns(['provider_id', 'status', 'start_at']).execute();

    // A client waiting for an earlier slot with a provider (optionally for one service).
    await db.schema
      .createTable('waitlist_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('provider_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('service_id', 'text', (c) => c.references('appointment_services.id'))
      // waiting, left (by the client), fulfilled (took an offer).
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('waitlist_entries_provider').on('waitlist_entries').columns(['provider_id', 'status', 'created_at']).execute();
    await db.schema.createIndex('waitlist_entries_client').on('waitlist_entries').columns(['client_id', 'status']).execute();

    // A freed slot offered to the waiting clients of its provider; the first to accept takes it.
    // One offer per cancelled appointment (the unique source), so a repeated hook offers nothing twice.
    await db.schema
      .createTable('waitlist_offers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('provider_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('service_id', 'text', (c) => c.references('appointment_services.id'))
      .addColumn('source_appointment_id', 'text', (c) => c.notNull().unique().references('appointments.id'))
      .addColumn('start_at', ts, (c) => c.notNull())
      .addColumn('end_at', ts, (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      // open, taken, withdrawn (the slot was booked otherwise); "expired" is computed.
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('appointment_id', 'text', (c) => c.references('appointments.id'))
      .addColumn('taken_by_client_id', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('decided_at', ts)
      .execute();

    await db.schema
      .createTable('waitlist_offer_recipients')
      .addColumn('offer_id', 'text', (c) => c.notNull().references('waitlist_offers.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('entry_id', 'text', (c) => c.notNull().references('waitlist_entries.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      // Set before the offer mail is sent (a crash never sends it twice); null: no mail (no consent or address).
      .addColumn('mailed_at', ts)
      .addPrimaryKeyConstraint('waitlist_offer_recipients_pk', ['offer_id', 'client_id'])
      .execute();
    await db.schema.createIndex('waitlist_offer_recipients_client').on('waitlist_offer_recipients').columns(['client_id', 'offer_id']).execute();
  };
}
