// Scored measures (issue 18): PHQ-9, GAD-7, PCL-5. Frozen once landed.
//  - measure_schedules: which instrument a client answers, and how often (once, before every
//    appointment, before every other one); stopped, never deleted.
//  - measure_requests: one questionnaire waiting for the client (per schedule and appointment),
//    due / completed / expired; `notify_user_id` is the clinician a risk answer alerts.
//  - measure_responses: the answers and the total, both encrypted (a score is PHI); `risk_flag`
//    (PHQ-9 item 9 above zero) is kept in the clear so the alert and its review need no decryption;
//    `content_hash` seals what was submitted (a change in the database is detected on read).
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('measure_schedules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('instrument', 'text', (c) => c.notNull())
      .addColumn('cadence', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('stopped_by', 'text', (c) => c.references('users.id'))
      .addColumn('stopped_at', ts)
      .execute();
    await db.schema.createIndex('measure_schedules_client').on('measure_schedules').columns(['practice_id', 'client_id']).execute();
    await db.schema.createIndex('measure_schedules_active').on('measure_schedules').columns(['active', 'cadence']).execute();

    await db.schema
      .createTable('measure_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('schedule_id', 'text', (c) => c.notNull().references('measure_schedules.id'))
      .addColumn('instrument', 'text', (c) => c.notNull())
      .addColumn('appointment_id', 'text', (c) => c.references('appointments.id'))
      .addColumn('notify_user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('opens_at', ts, (c) => c.notNull())
      .addColumn('due_at', ts, (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('completed_at', ts)
      .addUniqueConstraint('measure_requests_schedule_appointment', ['schedule_id', 'appointment_id'])
      .execute();
    await db.schema.createIndex('measure_requests_client').on('measure_requests').columns(['practice_id', 'client_id', 'status']).execute();
    await db.schema.createIndex('measure_requests_status').on('measure_requests').columns(['status', 'expires_at']).execute();

    await db.schema
      .createTable('measure_responses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('request_id', 'text', (c) => c.notNull().unique().references('measure_requests.id'))
      .addColumn('instrument', 'text', (c) => c.notNull())
      .addColumn('answers_enc', 'text', (c) => c.notNull())
      .addColumn('score_enc', 'text', (c) => c.notNull())
      .addColumn('risk_flag', 'integer', (c) => c.notNull())
      .addColumn('flag_reviewed_by', 'text', (c) => c.references('users.id'))
      .addColumn('flag_reviewed_at', ts)
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('completed_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('measure_responses_client').on('measure_responses').columns(['practice_id', 'client_id', 'completed_at']).execute();
    await db.schema.createIndex('measure_responses_flag').on('measure_responses').columns(['practice_id', 'risk_flag', 'flag_reviewed_at']).execute();
  };
}
