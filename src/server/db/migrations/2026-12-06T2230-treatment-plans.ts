// Treatment plans (issue 18). Frozen once landed.
//  - treatment_plans: one plan of one client: its status (draft, active, reviewed, closed), the
//    version that is current, the review schedule (next review date, a calendar date).
//  - treatment_plan_versions: each version's content (diagnoses, problems, goals, objectives,
//    interventions: JSON, encrypted), the provider's signature and the content hash taken at
//    signing (a signed version is never changed), and the client's portal signature (typed name,
//    drawing and IP encrypted; time and version in the clear).
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('treatment_plans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('current_version', 'integer', (c) => c.notNull())
      .addColumn('next_review_date', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('closed_at', ts)
      .execute();
    await db.schema.createIndex('treatment_plans_client').on('treatment_plans').columns(['practice_id', 'client_id']).execute();
    await db.schema.createIndex('treatment_plans_review').on('treatment_plans').columns(['practice_id', 'status', 'next_review_date']).execute();
    await db.schema
      .createTable('treatment_plan_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('treatment_plans.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('content_enc', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text')
      .addColumn('signed_by', 'text', (c) => c.references('users.id'))
      .addColumn('signed_at', ts)
      .addColumn('client_signature_enc', 'text')
      .addColumn('client_signed_at', ts)
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addUniqueConstraint('treatment_plan_versions_plan_version', ['plan_id', 'version'])
      .execute();
  };
}
