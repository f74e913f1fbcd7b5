// Status SQL: incidents, their components and updates, operators, subscribers and deliveries.
// Plain functions over a db or a transaction; the service owns the units of work.
import type { DbOrTx } from '../../db/index.js';
import type { StatusIncidentsTable, StatusIncidentUpdatesTable } from './table.js';
import type { ComponentId, ComponentStatus } from '../../../shared/status.js';

export type IncidentRow = StatusIncidentsTable;
export type UpdateRow = StatusIncidentUpdatesTable;
export interface ComponentRow {
  incident_id: string;
  component_id: string;
  status: ComponentStatus;
}

export async function insertIncident(db: DbOrTx, row: IncidentRow): Promise<void> {
  await db.insertInto('status_incidents').values(row).execute();
}

export async function incident(db: DbOrTx, id: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('status_incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function openForProbe(db: DbOrTx, probe: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('status_incidents').selectAll().where('open_probe', '=', probe).executeTakeFirst();
}

/** Moves an incident from one of `from` to `patch.status`; false if another writer moved it first. */
export async function transition(db: DbOrTx, id: string, from: readonly IncidentRow['status'][], patch: Partial<IncidentRow>): Promise<boolean> {
  const r = await db.updateTable('status_incidents').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Incidents still open (including scheduled maintenance), and those closed since `since`, newest first. */
export async function incidentsSince(db: DbOrTx, since: number, opts: { internal: boolean }): Promise<IncidentRow[]> {
  let q = db
    .selectFrom('status_incidents')
    .selectAll()
    .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>=', since)]));
  if (!opts.internal) q = q.where('internal', '=', 0);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function unresolved(db: DbOrTx, opts: { internal: boolean }): Promise<IncidentRow[]> {
  let q = db.selectFrom('status_incidents').selectAll().where('resolved_at', 'is', null);
  if (!opts.internal) q = q.where('internal', '=', 0);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function componentsOf(db: DbOrTx, incidentIds: string[]): Promise<ComponentRow[]> {
  if (!incidentIds.length) return [];
  return (await db.selectFrom('status_incident_components').selectAll().where('incident_id', 'in', incidentIds).orderBy('incident_id').orderBy('component_id').execute()) as ComponentRow[];
}

export async function setComponent(db: DbOrTx, incidentId: string, componentId: ComponentId, status: ComponentStatus): Promise<void> {
  const r = await db.updateTable('status_incident_components').set({ status }).where('incident_id', '=', incidentId).where('component_id', '=', componentId).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await db.insertInto('status_incident_components').values({ incident_id: incidentId, component_id: componentId, status }).execute();
}

export async function updatesOf(db: DbOrTx, incidentIds: string[]): Promise<UpdateRow[]> {
  if (!incidentIds.length) return [];
  return db.selectFrom('status_incident_updates').selectAll().where('incident_id', 'in', incidentIds).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function insertUpdate(db: DbOrTx, row: UpdateRow): Promise<void> {
  await db.insertInto('status_incident_updates').values(row).execute();
}

// ---- operators ----

export async function operatorByTokenHash(db: DbOrTx, hash: string) {
  return db.selectFrom('status_operators').select(['id', 'name', 'revoked_at', 'last_used_at']).where('token_hash', '=', hash).executeTakeFirst();
}

// ---- subscribers and deliveries ----

export async function subscriberByIndex(db: DbOrTx, idx: string) {
  return db.selectFrom('status_subscribers').selectAll().where('email_idx', '=', idx).executeTakeFirst();
}

/** One delivery per confirmed subscriber for an update (UNIQUE subscriber + update: never twice). */
export async function enqueueDeliveries(db: DbOrTx, updateId: string, now: number): Promise<void> {
  const subs = await db.selectFrom('status_subscribers').select('id').where('confirmed_at', 'is not', null).orderBy('id').execute();
  for (let i = 0; i < subs.length; i += 500) {
    await db
      .insertInto('status_deliveries')
      .values(subs.slice(i, i + 500).map((s) => ({ id: `${updateId}:${s.id}`, subscriber_id: s.id, update_id: updateId, status: 'pending' as const, next_attempt_at: now, claimed_at: null, sent_at: null, failure: null })))
      .onConflict((oc) => oc.columns(['subscriber_id', 'update_id']).doNothing())
      .execute();
  }
}

export async function dueDeliveries(db: DbOrTx, now: number, limit: number) {
  return db.selectFrom('status_deliveries').select(['id', 'subscriber_id', 'update_id', 'attempts']).where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
}

export async function claimDelivery(db: DbOrTx, id: string, now: number): Promise<boolean> {
  const r = await db.updateTable('status_deliveries').set({ status: 'sending', claimed_at: now }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A delivery whose sender died mid-send: not retried (it may have gone), recorded as failed. */
export async function failStaleDeliveries(db: DbOrTx, before: number): Promise<void> {
  await db.updateTable('status_deliveries').set({ status: 'failed', failure: 'uncertain: the sender stopped mid-send' }).where('status', '=', 'sending').where('claimed_at', '<', before).execute();
}
