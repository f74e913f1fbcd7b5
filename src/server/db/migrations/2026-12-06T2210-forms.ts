// Intake and consent forms (issue 18). Frozen once landed.
//  - form_templates: a practice's forms and consent documents. Every version of one form shares a
//    family_id; a change is a new row with the next version, so a request keeps the exact wording
//    it sent. Wording and field definitions are the practice's, not PHI. `starter` names a built-in
//    form seeded for the practice (modules/forms/starters.ts), once per practice and key.
//  - form_requests: one form sent to one client (a packet of requests goes out together, one mail
//    per packet). answers_enc holds the draft and then the final answers; once completed the
//    signing record (typed name, drawn signature PNG, IP: all encrypted; time) and content_hash
//    (SHA-256 over the canonical answers, wording, version, signature and time) never change.
//  - form_first_bookings: the one automatic packet of a client's first booking, keyed by client,
//    so a retried event or a second booking never sends it again.
import { sql, type Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('form_templates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('family_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('wording', 'text')
      .addColumn('fields', 'text', (c) => c.notNull())
      .addColumn('send_on_first_booking', 'integer', (c) => c.notNull())
      .addColumn('starter', 'text')
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addUniqueConstraint('form_templates_family_version', ['practice_id', 'family_id', 'version'])
      .addCheckConstraint('form_templates_kind', sql`kind in ('intake', 'telehealth_consent', 'informed_consent', 'release_of_information', 'other')`)
      .execute();
    await db.schema.createIndex('form_templates_starter').on('form_templates').columns(['practice_id', 'starter', 'version']).unique().execute();

    await db.schema
      .createTable('form_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('template_id', 'text', (c) => c.notNull().references('form_templates.id'))
      .addColumn('packet_id', 'text', (c) => c.notNull())
      .addColumn('appointment_id', 'text')
      .addColumn('via', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('answers_enc', 'text')
      .addColumn('sent_by', 'text', (c) => c.references('users.id'))
      .addColumn('sent_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('completed_at', ts)
      .addColumn('cancelled_at', ts)
      .addColumn('typed_name_enc', 'text')
      .addColumn('signature_image_enc', 'text')
      .addColumn('signed_ip_enc', 'text')
      .addColumn('signed_at', ts)
      .addColumn('content_hash', 'text')
      .addCheckConstraint('form_requests_status', sql`status in ('sent', 'in_progress', 'completed', 'cancelled')`)
      .addCheckConstraint('form_requests_via', sql`via in ('staff', 'first_booking')`)
      .execute();
    await db.schema.createIndex('form_requests_client').on('form_requests').columns(['practice_id', 'client_id', 'sent_at']).execute();
    await db.schema.createIndex('form_requests_appointment').on('form_requests').columns(['practice_id', 'appointment_id']).execute();
    await db.schema.createIndex('form_requests_packet').on('form_requests').columns(['packet_id']).execute();

    await db.schema
      .createTable('form_first_bookings')
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('appointment_id', 'text', (c) => c.notNull())
      .addColumn('packet_id', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('form_first_bookings_pk', ['practice_id', 'client_id'])
      .execute();
  };
}
