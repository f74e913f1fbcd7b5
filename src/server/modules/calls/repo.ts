// All SQL of the calls module. Plain functions taking the database or a transaction first.
import { randomUUID } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { CallRingsTable, CallsTable } from './table.js';

export type CallRow = Selectable<CallsTable>;
export type RingRow = Selectable<CallRingsTable>;

export const DEFAULT_SETTINGS = { ringLeadMinutes: 0, escalateAfterSeconds: 120, forceRelay: false };

export async function settingsRow(db: DbOrTx, practiceId: string) {
  return db.selectFrom('call_settings').selectAll().where('practice_id', '=', practiceId).executeTakeFirst();
}

export async function upsertSettings(db: DbOrTx, practiceId: string, s: { ringLeadMinutes: number; escalateAfterSeconds: number; forceRelay: boolean }, by: string, now: number) {
  await db
    .insertInto('call_settings')
    .values({ practice_id: practiceId, ring_lead_minutes: s.ringLeadMinutes, escalate_after_seconds: s.escalateAfterSeconds, force_relay: s.forceRelay ? 1 : 0, updated_by: by, updated_at: now })
    .onConflict((oc) =>
      oc.column('practice_id').doUpdateSet({ ring_lead_minutes: s.ringLeadMinutes, escalate_after_seconds: s.escalateAfterSeconds, force_relay: s.forceRelay ? 1 : 0, updated_by: by, updated_at: now }),
    )
    .execute();
}

export async function findCall(db: DbOrTx, id: string): Promise<CallRow | undefined> {
  return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCallOfOccurrence(db: DbOrTx, appointmentId: string, occurrenceStart: number): Promise<CallRow | undefined> {
  return db.selectFrom('calls').selectAll().where('appointment_id', '=', appointmentId).where('occurrence_start', '=', occurrenceStart).executeTakeFirst();
}

export async function insertCall(db: DbOrTx, row: Insertable<CallsTable>, clientIds: readonly string[]) {
  await db.insertInto('calls').values(row).execute();
  if (clientIds.length) await db.insertInto('call_clients').values(clientIds.map((c) => ({ call_id: row.id, client_id: c, practice_id: row.practice_id }))).execute();
}

export async function clientIdsOf(db: DbOrTx, callIds: readonly string[]): Promise<{ call_id: string; client_id: string }[]> {
  if (!callIds.length) return [];
  return db.selectFrom('call_clients').select(['call_id', 'client_id']).where('call_id', 'in', callIds).orderBy('client_id').execute();
}

export async function callsOfClients(db: DbOrTx, clientIds: readonly string[], statuses: readonly CallRow['status'][]): Promise<CallRow[]> {
  if (!clientIds.length) return [];
  return db
    .selectFrom('calls')
    .innerJoin('call_clients', 'call_clients.call_id', 'calls.id')
    .selectAll('calls')
    .where('call_clients.client_id', 'in', clientIds)
    .where('calls.status', 'in', statuses)
    .orderBy('calls.created_at', 'desc')
    .limit(50)
    .execute();
}

export async function callsOfPractice(db: DbOrTx, practiceId: string, statuses: readonly CallRow['status'][], providerId: string | null): Promise<CallRow[]> {
  let q = db.selectFrom('calls').selectAll().where('practice_id', '=', practiceId).where('status', 'in', statuses);
  if (providerId) q = q.where('provider_id', '=', providerId);
  return q.orderBy('created_at', 'desc').limit(100).execute();
}

export async function setStatus(db: DbOrTx, id: string, patch: Partial<Pick<CallRow, 'status' | 'started_at' | 'ended_at' | 'billed_mode'>>, now: number, onlyIf?: { status?: CallRow['status'][] }): Promise<boolean> {
  let q = db.updateTable('calls').set({ ...patch, updated_at: now }).where('id', '=', id);
  if (onlyIf?.status) q = q.where('status', 'in', onlyIf.status);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The check's values encrypted; at home or not a plain flag (billing's place of service reads it). */
export async function setSafety(db: DbOrTx, id: string, enc: string, atHome: boolean, by: string, now: number) {
  await db.updateTable('calls').set({ safety_enc: enc, client_at_home: atHome ? 1 : 0, safety_by: by, safety_at: now, updated_at: now }).where('id', '=', id).execute();
}

/** The calls that took place (started) for these appointments: how they went, for billing. */
export async function heldCallsOfAppointments(db: DbOrTx, practiceId: string, appointmentIds: readonly string[]) {
  if (appointmentIds.length === 0) return [];
  return db
    .selectFrom('calls')
    .select(['appointment_id', 'billed_mode', 'client_at_home', 'started_at', 'ended_at'])
    .where('practice_id', '=', practiceId)
    .where('appointment_id', 'in', [...appointmentIds])
    .where('started_at', 'is not', null)
    .orderBy('started_at', 'asc')
    .execute();
}

// ---- participants ----

export type ParticipantKey = { callId: string; type: 'staff' | 'client'; id: string };

export async function participant(db: DbOrTx, k: ParticipantKey) {
  return db
    .selectFrom('call_participants')
    .selectAll()
    .where('call_id', '=', k.callId)
    .where('participant_type', '=', k.type)
    .where('participant_id', '=', k.id)
    .executeTakeFirst();
}

export async function participants(db: DbOrTx, callId: string) {
  return db.selectFrom('call_participants').selectAll().where('call_id', '=', callId).orderBy('first_joined_at').orderBy('participant_id').execute();
}

/** Creates the row if missing and applies the patch (on conflict: update). */
export async function upsertParticipant(
  db: DbOrTx,
  k: ParticipantKey,
  patch: Partial<{ peer_id: string; admitted_at: number; first_joined_at: number; last_joined_at: number; left_at: number | null }>,
) {
  const existing = await participant(db, k);
  if (!existing) {
    await db
      .insertInto('call_participants')
      .values({
        call_id: k.callId,
        participant_type: k.type,
        participant_id: k.id,
        peer_id: patch.peer_id ?? null,
        admitted_at: patch.admitted_at ?? null,
        first_joined_at: patch.first_joined_at ?? null,
        last_joined_at: patch.last_joined_at ?? null,
        left_at: patch.left_at ?? null,
      })
      .onConflict((oc) => oc.columns(['call_id', 'participant_type', 'participant_id']).doNothing())
      .execute();
    if (Object.keys(patch).length === 0) return;
  }
  const set = { ...patch };
  // The first join is kept.
  if (existing?.first_joined_at != null) delete set.first_joined_at;
  if (existing?.admitted_at != null) delete set.admitted_at;
  if (!Object.keys(set).length) return;
  await db
    .updateTable('call_participants')
    .set(set)
    .where('call_id', '=', k.callId)
    .where('participant_type', '=', k.type)
    .where('participant_id', '=', k.id)
    .execute();
}

// ---- events ----

export async function insertEvent(db: DbOrTx, e: { callId: string; practiceId: string; type: string; actor: string; detail: string | null; at: number }) {
  await db.insertInto('call_events').values({ id: randomUUID(), call_id: e.callId, practice_id: e.practiceId, type: e.type, actor: e.actor, detail: e.detail, at: e.at }).execute();
}

export async function events(db: DbOrTx, callId: string) {
  return db.selectFrom('call_events').selectAll().where('call_id', '=', callId).orderBy('at').orderBy('id').execute();
}

export async function hasEvent(db: DbOrTx, callId: string, type: string): Promise<boolean> {
  return !!(await db.selectFrom('call_events').select('id').where('call_id', '=', callId).where('type', '=', type).executeTakeFirst());
}

// ---- ring schedule ----

export async function insertRing(db: DbOrTx, row: Insertable<CallRingsTable>): Promise<void> {
  await db.insertInto('call_rings').values(row).onConflict((oc) => oc.columns(['appointment_id', 'occurrence_start']).doNothing()).execute();
}

/** Scheduled rings of an appointment for another start (or any start), made `cancelled`. */
export async function cancelRings(db: DbOrTx, appointmentId: string, keepStart: number | null, now: number): Promise<number> {
  let q = db.updateTable('call_rings').set({ status: 'cancelled', updated_at: now }).where('appointment_id', '=', appointmentId).where('status', '=', 'scheduled');
  if (keepStart !== null) q = q.where('occurrence_start', '!=', keepStart);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

/** A ring cancelled for this start comes back when the visit is back at it (and not yet due past). */
export async function reviveRing(db: DbOrTx, appointmentId: string, start: number, dueAt: number, now: number): Promise<number> {
  const r = await db
    .updateTable('call_rings')
    .set({ status: 'scheduled', due_at: dueAt, updated_at: now })
    .where('appointment_id', '=', appointmentId)
    .where('occurrence_start', '=', start)
    .where('status', '=', 'cancelled')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function dueRings(db: DbOrTx, now: number, limit: number): Promise<RingRow[]> {
  return db.selectFrom('call_rings').selectAll().where('status', '=', 'scheduled').where('due_at', '<=', now).orderBy('due_at').limit(limit).execute();
}

/** Claimed rings whose claimer died before ringing (after the lease), back to scheduled. */
export async function releaseStaleRings(db: DbOrTx, olderThan: number, now: number): Promise<number> {
  const r = await db
    .updateTable('call_rings')
    .set({ status: 'scheduled', claimed_by: null, claimed_at: null, updated_at: now })
    .where('status', '=', 'claimed')
    .where('claimed_at', '<', olderThan)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The one claim of a due ring: true for exactly one caller. */
export async function claimRing(db: DbOrTx, id: string, by: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('call_rings')
    .set({ status: 'claimed', claimed_by: by, claimed_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finishRing(db: DbOrTx, id: string, by: string, patch: { status: 'rung' | 'missed' | 'cancelled'; call_id?: string | null; rung_at?: number | null }, now: number): Promise<boolean> {
  const r = await db
    .updateTable('call_rings')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', by)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function nextRingDue(db: DbOrTx): Promise<number | null> {
  const r = await db.selectFrom('call_rings').select((eb) => eb.fn.min('due_at').as('due')).where('status', '=', 'scheduled').executeTakeFirst();
  return r?.due == null ? null : Number(r.due);
}

/** Rings that should have gone by `before` and have not (the status probe; tests). */
export async function lateRings(db: DbOrTx, before: number): Promise<number> {
  const r = await db.selectFrom('call_rings').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['scheduled', 'claimed']).where('due_at', '<', before).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function reschedulePracticeRings(db: DbOrTx, practiceId: string, leadMs: number, now: number) {
  const rows = await db.selectFrom('call_rings').select(['id', 'occurrence_start']).where('practice_id', '=', practiceId).where('status', '=', 'scheduled').execute();
  for (const r of rows) await db.updateTable('call_rings').set({ due_at: Number(r.occurrence_start) - leadMs, updated_at: now }).where('id', '=', r.id).execute();
}

// ---- join links and guest sessions ----

export async function insertJoinToken(db: DbOrTx, row: { id: string; token_hash: string; call_id: string; practice_id: string; client_id: string; created_at: number; expires_at: number }) {
  await db.insertInto('call_join_tokens').values({ ...row, used_at: null }).execute();
}

export async function findJoinToken(db: DbOrTx, tokenHash: string) {
  return db.selectFrom('call_join_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Single use: true for exactly one caller. */
export async function useJoinToken(db: DbOrTx, id: string, now: number): Promise<boolean> {
  const r = await db.updateTable('call_join_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertGuestSession(db: DbOrTx, row: { id: string; token_hash: string; call_id: string; practice_id: string; client_id: string; created_at: number; expires_at: number }) {
  await db.insertInto('call_guest_sessions').values({ ...row, revoked_at: null }).execute();
}

export async function findGuestSession(db: DbOrTx, tokenHash: string) {
  return db.selectFrom('call_guest_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function findGuestSessionById(db: DbOrTx, id: string) {
  return db.selectFrom('call_guest_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeGuestSessions(db: DbOrTx, callId: string, now: number) {
  await db.updateTable('call_guest_sessions').set({ revoked_at: now }).where('call_id', '=', callId).where('revoked_at', 'is', null).execute();
}

export async function linkedClientIds(db: DbOrTx, accountId: string): Promise<{ client_id: string; practice_id: string }[]> {
  return db.selectFrom('client_links').select(['client_id', 'practice_id']).where('account_id', '=', accountId).execute();
}

// ---- join links of scheduled visits (join-links.ts) ----

export type AppointmentJoinTokenRow = { id: string; token_hash: string; practice_id: string; appointment_id: string; occurrence_start: number; client_id: string; opens_at: number; expires_at: number; created_at: number };

/** Inserts the token once: the same send (same hash) again inserts nothing. */
export async function insertAppointmentJoinToken(db: DbOrTx, row: AppointmentJoinTokenRow) {
  await db
    .insertInto('appointment_join_tokens')
    .values({ ...row, used_at: null })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute();
}

export async function findAppointmentJoinToken(db: DbOrTx, tokenHash: string) {
  const r = await db.selectFrom('appointment_join_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return r ? { ...r, occurrence_start: Number(r.occurrence_start), opens_at: Number(r.opens_at), expires_at: Number(r.expires_at), used_at: r.used_at === null ? null : Number(r.used_at) } : undefined;
}

/** Single use, inside the window: true for exactly one caller. */
export async function useAppointmentJoinToken(db: DbOrTx, id: string, now: number): Promise<boolean> {
  const r = await db.updateTable('appointment_join_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).where('opens_at', '<=', now).where('expires_at', '>', now).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- history ----

export interface HistoryFilter {
  practiceId: string;
  from: number;
  to: number;
  providerId?: string | undefined;
  /** The mode the call was held in (billed_mode). */
  mode?: 'video' | 'audio' | undefined;
}

function historyQuery(db: DbOrTx, f: HistoryFilter) {
  let q = db.selectFrom('calls').where('practice_id', '=', f.practiceId).where('status', '=', 'ended').where('ended_at', '>=', f.from).where('ended_at', '<', f.to);
  if (f.providerId) q = q.where('provider_id', '=', f.providerId);
  if (f.mode) q = q.where('billed_mode', '=', f.mode);
  return q;
}

/** Ended calls in [from, to) by end time: the exact count. */
export async function countHistory(db: DbOrTx, f: HistoryFilter): Promise<number> {
  const r = await historyQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** One page of ended calls, newest end first (ties by id), after the keyset `after`. */
export async function pageHistory(db: DbOrTx, f: HistoryFilter, after: { at: number; id: string } | null, limit: number): Promise<CallRow[]> {
  let q = historyQuery(db, f).selectAll();
  if (after) q = q.where((eb) => eb.or([eb('ended_at', '<', after.at), eb.and([eb('ended_at', '=', after.at), eb('id', '>', after.id)])]));
  return q.orderBy('ended_at', 'desc').orderBy('id').limit(limit).execute();
}

/** Who took part (joined at least once) in each of the calls: staff first, then clients, each in join order. */
export async function joinedParticipants(db: DbOrTx, callIds: readonly string[]) {
  if (!callIds.length) return [];
  return db
    .selectFrom('call_participants')
    .select(['call_id', 'participant_type', 'participant_id'])
    .where('call_id', 'in', [...callIds])
    .where('first_joined_at', 'is not', null)
    .orderBy('call_id')
    .orderBy('participant_type', 'desc')
    .orderBy('first_joined_at')
    .orderBy('participant_id')
    .execute();
}

/** The open room of each appointment occurrence among `appointmentIds` (ringing or active), newest first. */
export async function openCallsOfAppointments(db: DbOrTx, practiceId: string, appointmentIds: readonly string[]): Promise<CallRow[]> {
  if (!appointmentIds.length) return [];
  return db
    .selectFrom('calls')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('appointment_id', 'in', [...appointmentIds])
    .where('status', 'in', ['ringing', 'active'])
    .orderBy('created_at', 'desc')
    .execute();
}

/** Clients in each call's lobby: present (joined, not left) and not admitted. */
export async function waitingClients(db: DbOrTx, callIds: readonly string[]) {
  if (!callIds.length) return [];
  return db
    .selectFrom('call_participants')
    .select(['call_id', 'participant_id'])
    .where('call_id', 'in', [...callIds])
    .where('participant_type', '=', 'client')
    .where('admitted_at', 'is', null)
    .where('left_at', 'is', null)
    .where('last_joined_at', 'is not', null)
    .orderBy('last_joined_at')
    .execute();
}
