// Client records, their assigned providers and blind-index search terms. Frozen once landed.
import { sql, type Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('practices').addColumn('providers_see_all_clients', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    // Moves on every change to a practice's clients, so each instance knows when its list index is stale.
    await db.schema.alterTable('practices').addColumn('clients_version', ts, (c) => c.notNull().defaultTo(0)).execute();

    await db.schema
      .createTable('clients')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('first_name_enc', 'text', (c) => c.notNull())
      .addColumn('last_name_enc', 'text', (c) => c.notNull())
      .addColumn('preferred_name_enc', 'text')
      .addColumn('pronouns_enc', 'text')
      .addColumn('dob_enc', 'text', (c) => c.notNull())
      .addColumn('email_enc', 'text')
      .addColumn('phone_enc', 'text')
      .addColumn('address_enc', 'text')
      // A US state alone is not an identifier (HIPAA Safe Harbor keeps states); it decides licensure.
      .addColumn('address_state', 'text')
      .addColumn('emergency_contact_enc', 'text')
      .addColumn('staff_notes_enc', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('consent_email', 'integer', (c) => c.notNull())
      .addColumn('consent_sms', 'integer', (c) => c.notNull())
      .addColumn('consent_details', 'integer', (c) => c.notNull())
      .addColumn('consent_version', 'text')
      .addColumn('consent_at', ts)
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('clients_practice_status').on('clients').columns(['practice_id', 'status']).execute();

    await db.schema
      .createTable('client_providers')
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addPrimaryKeyConstraint('client_providers_pk', ['client_id', 'user_id'])
      .execute();
    await db.schema.createIndex('client_providers_user').on('client_providers').column('user_id').execute();

    await db.schema
      .createTable('client_search_terms')
      .addColumn('practice_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id').onDelete('cascade'))
      .addColumn('term', 'text', (c) => c.notNull())
      .execute();
    // Covering: a search reads client ids straight from the index.
    await db.schema.createIndex('client_search_terms_lookup').on('client_search_terms').columns(['practice_id', 'term', 'client_id']).execute();
    await db.schema.createIndex('client_search_terms_client').on('client_search_terms').column('client_id').execute();
    void sql;
  };
}
