// Clinical notes (issue 18). Frozen once landed. Answers and addenda are PHI (envelope-encrypted,
// _enc); a template's field definitions are not (labels and options, no client data).
//  - note_templates: a practice's own note templates (the built-in SOAP, DAP and BIRP live in code).
//    A template is never changed once made: a new version is a new template.
//  - notes: one progress note and at most one psychotherapy note per appointment and client (the
//    unique index: two concurrent creates make one note). The template's fields are copied onto the
//    note when it is started. Signing stores content_hash, a keyed hash (HMAC under the practice's
//    index key) of what was signed; the note is never changed after, except its co-signature.
//  - note_addenda: appended to a signed note, signed and dated by their writer, each hashed.
//  - group_notes: a group visit's shared part, one per appointment; locked (and hashed) when the
//    first client's note is signed, whose own hash covers it too.
import { sql, type Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('note_templates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kinds', 'text', (c) => c.notNull())
      .addColumn('fields', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('note_templates_practice').on('note_templates').columns(['practice_id', 'created_at']).execute();

    await db.schema
      .createTable('notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('template_id', 'text', (c) => c.notNull())
      .addColumn('template_name', 'text', (c) => c.notNull())
      .addColumn('template_fields', 'text', (c) => c.notNull())
      .addColumn('fields_enc', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('signed_at', ts)
      .addColumn('signed_by', 'text', (c) => c.references('users.id'))
      .addColumn('content_hash', 'text')
      .addColumn('cosigner_id', 'text', (c) => c.references('users.id'))
      .addColumn('cosigned_at', ts)
      .addColumn('cosigned_by', 'text', (c) => c.references('users.id'))
      .addColumn('cosign_hash', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addCheckConstraint('notes_kind', sql`kind in ('progress', 'psychotherapy')`)
      .addCheckConstraint('notes_status', sql`status in ('draft', 'signed', 'awaiting_cosign', 'cosigned')`)
      .execute();
    await db.schema.createIndex('notes_one_per_kind').on('notes').columns(['appointment_id', 'client_id', 'kind']).unique().execute();
    await db.schema.createIndex('notes_client').on('notes').columns(['practice_id', 'client_id', 'created_at']).execute();
    await db.schema.createIndex('notes_author').on('notes').columns(['practice_id', 'author_id', 'created_at']).execute();

    await db.schema
      .createTable('note_addenda')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id'))
      .addColumn('text_enc', 'text', (c) => c.notNull())
      .addColumn('signed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('signed_at', ts, (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('note_addenda_note').on('note_addenda').columns(['note_id', 'signed_at']).execute();

    await db.schema
      .createTable('group_notes')
      .addColumn('appointment_id', 'text', (c) => c.primaryKey().references('appointments.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('fields_enc', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('locked_at', ts)
      .addColumn('content_hash', 'text')
      .execute();
  };
}
