// Scheduling: appointment services, appointments (materialised occurrences of recurring series),
// their clients, practice scheduling settings, a client's own time zone, and the durable domain
// event outbox that reminders and calls consume. Frozen once landed.
import { sql, type Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    // A zone name is not an identifier; the calendar needs it to show the client's local time.
    await db.schema.alterTable('clients').addColumn('time_zone', 'text').execute();

    await db.schema
      .createTable('scheduling_settings')
      .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id'))
      .addColumn('cancellation_window_minutes', 'integer', (c) => c.notNull())
      .addColumn('max_series_occurrences', 'integer', (c) => c.notNull())
      .addColumn('client_min_notice_minutes', 'integer', (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('appointment_services')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('cpt_code', 'text')
      .addColumn('default_minutes', 'integer', (c) => c.notNull())
      .addColumn('rate_cents', 'integer', (c) => c.notNull())
      .addColumn('allow_overlap', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('requires_approval', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('appointment_services_practice').on('appointment_services').column('practice_id').execute();

    await db.schema
      .createTable('appointment_series')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('rrule', 'text', (c) => c.notNull())
      // The first occurrence's local wall-clock start (YYYY-MM-DDTHH:mm) in time_zone.
      .addColumn('local_start', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('appointments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('series_id', 'text', (c) => c.references('appointment_series.id'))
      // Position in the series (0-based), so "this and following" means the same set after reschedules.
      .addColumn('series_index', 'integer')
      .addColumn('provider_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('start_at', ts, (c) => c.notNull())
      .addColumn('end_at', ts, (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('service_id', 'text', (c) => c.references('appointment_services.id'))
      .addColumn('allow_overlap', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('place_of_service', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('cancelled_by', 'text')
      .addColumn('cancelled_by_id', 'text')
      .addColumn('cancelled_at', ts)
      .addColumn('late_cancel', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('cancel_reason_enc', 'text')
      .addColumn('booked_in_past', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('note_enc', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addCheckConstraint('appointments_time_order', sql`end_at > start_at`)
      .execute();
    // The range query (list and calendar): a practice's or a provider's appointments by start.
    await db.schema.createIndex('appointments_practice_start').on('appointments').columns(['practice_id', 'start_at']).execute();
    await db.schema.createIndex('appointments_provider_start').on('appointments').columns(['provider_id', 'start_at']).execute();
    await db.schema.createIndex('appointments_series').on('appointments').columns(['series_id', 'series_index']).execute();

    await db.schema
      .createTable('appointment_clients')
      .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id').onDelete('cascade'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addPrimaryKeyConstraint('appointment_clients_pk', ['appointment_id', 'client_id'])
      .execute();
    await db.schema.createIndex('appointment_clients_client').on('appointment_clients').columns(['client_id', 'appointment_id']).execute();

    // The outbox: written in the same transaction as the change it describes. Payloads hold ids
    // and instants only (no PHI). Each consumer records what it has handled in event_consumptions,
    // whose primary key makes handling an event twice impossible across instances.
    await db.schema
      .createTable('domain_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.references('practices.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('aggregate_type', 'text', (c) => c.notNull())
      .addColumn('aggregate_id', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('domain_events_created').on('domain_events').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('domain_events_aggregate').on('domain_events').columns(['aggregate_id', 'created_at']).execute();

    await db.schema
      .createTable('event_consumptions')
      .addColumn('consumer', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull().references('domain_events.id'))
      .addColumn('claimed_at', ts, (c) => c.notNull())
      .addColumn('done_at', ts)
      .addPrimaryKeyConstraint('event_consumptions_pk', ['consumer', 'event_id'])
      .execute();
  };
}
