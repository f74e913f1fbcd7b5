// The status page and operations (issue 7). Frozen once landed.
//  - status_operators: platform operators (a bearer token, hash only; no PHI access anywhere).
//  - status_incidents: incidents and scheduled maintenance; `open_probe` names the probe whose
//    open incident this is (UNIQUE: one open automatic incident per probe across instances; null
//    once resolved). `internal`: shown to operators only (backups, disk).
//  - status_incident_components: the components an incident affects and the state each is in.
//  - status_incident_updates: the dated updates, with the component changes each made.
//  - status_subscribers: mail subscribers (address encrypted under the platform key, found by a
//    blind index); confirmed opt-in; an unsubscribe token in every mail.
//  - status_deliveries: one row per subscriber per update (UNIQUE), so an update is mailed once.
import { sql, type Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('status_operators')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('last_used_at', ts)
      .addColumn('revoked_at', ts)
      .execute();

    await db.schema
      .createTable('status_incidents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('impact', 'text', (c) => c.notNull())
      .addColumn('internal', 'integer', (c) => c.notNull())
      .addColumn('probe', 'text')
      .addColumn('open_probe', 'text', (c) => c.unique())
      .addColumn('created_by', 'text', (c) => c.references('status_operators.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('monitoring_at', ts)
      .addColumn('resolved_at', ts)
      .addColumn('scheduled_for', ts)
      .addColumn('scheduled_until', ts)
      .addCheckConstraint('status_incidents_kind', sql`kind in ('incident', 'maintenance')`)
      .addCheckConstraint('status_incidents_status', sql`status in ('investigating', 'identified', 'monitoring', 'resolved', 'scheduled', 'in_progress', 'verifying', 'completed')`)
      .execute();
    await db.schema.createIndex('status_incidents_open').on('status_incidents').columns(['resolved_at', 'created_at']).execute();

    await db.schema
      .createTable('status_incident_components')
      .addColumn('incident_id', 'text', (c) => c.notNull().references('status_incidents.id'))
      .addColumn('component_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('status_incident_components_pk', ['incident_id', 'component_id'])
      .execute();

    await db.schema
      .createTable('status_incident_updates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.notNull().references('status_incidents.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      // JSON: [{ code, name, old_status, new_status }]
      .addColumn('affected', 'text', (c) => c.notNull())
      .addColumn('notify', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.references('status_operators.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('status_incident_updates_incident').on('status_incident_updates').columns(['incident_id', 'created_at']).execute();

    await db.schema
      .createTable('status_subscribers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email_enc', 'text', (c) => c.notNull())
      .addColumn('email_idx', 'text', (c) => c.notNull().unique())
      .addColumn('confirm_hash', 'text', (c) => c.unique())
      .addColumn('confirm_sent_at', ts)
      .addColumn('confirmed_at', ts)
      .addColumn('unsubscribe_enc', 'text', (c) => c.notNull())
      .addColumn('unsubscribe_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('status_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subscriber_id', 'text', (c) => c.notNull().references('status_subscribers.id').onDelete('cascade'))
      .addColumn('update_id', 'text', (c) => c.notNull().references('status_incident_updates.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', ts, (c) => c.notNull())
      .addColumn('claimed_at', ts)
      .addColumn('sent_at', ts)
      .addColumn('failure', 'text')
      .addUniqueConstraint('status_deliveries_once', ['subscriber_id', 'update_id'])
      .addCheckConstraint('status_deliveries_status', sql`status in ('pending', 'sending', 'sent', 'failed')`)
      .execute();
    await db.schema.createIndex('status_deliveries_due').on('status_deliveries').columns(['status', 'next_attempt_at']).execute();
  };
}
