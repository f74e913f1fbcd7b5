// All SQL of the reminders module. Plain functions taking the db or a transaction first.
//
// The dispatcher's claim reads `appointments` in the same statement that claims (a read-only join,
// the one place this module reads another module's table): a row is claimed only while its visit is
// still at that time and still on, decided atomically with the claim itself.
import { sql, type Insertable, type Selectable } from 'kysely';
import { sendLedger } from '../../jobs/index.js';
import type { DbOrTx, Dialect } from '../../db/index.js';
import type { ReminderActionTokensTable, ReminderRulesTable, RemindersTable } from './table.js';

export type ReminderRow = Selectable<RemindersTable>;
export type RuleRow = Selectable<ReminderRulesTable>;
export type TokenRow = Selectable<ReminderActionTokensTable>;

// ---- settings and rules ----

export const settingsRow = (db: DbOrTx, practiceId: string) => db.selectFrom('reminder_settings').selectAll().where('practice_id', '=', practiceId).executeTakeFirst();

/** True when this call created the practice's settings row (then it also writes the default rules). */
export async function insertSettingsIfMissing(db: DbOrTx, practiceId: string, now: number): Promise<boolean> {
  const res = await db
    .insertInto('reminder_settings')
    .values({ practice_id: practiceId, quiet_start: null, quiet_end: null, updated_at: now })
    .onConflict((oc) => oc.column('practice_id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const saveQuiet = (db: DbOrTx, practiceId: string, quiet: { start: number; end: number } | null, now: number) =>
  db
    .updateTable('reminder_settings')
    .set({ quiet_start: quiet?.start ?? null, quiet_end: quiet?.end ?? null, updated_at: now })
    .where('practice_id', '=', practiceId)
    .execute();

export const rules = (db: DbOrTx, practiceId: string) =>
  db.selectFrom('reminder_rules').selectAll().where('practice_id', '=', practiceId).orderBy('channel').orderBy('minutes_before', 'desc').execute();

export async function insertRules(db: DbOrTx, rows: Insertable<ReminderRulesTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('reminder_rules').values(rows).execute();
}

export const setRuleActive = (db: DbOrTx, id: string, active: boolean) => db.updateTable('reminder_rules').set({ active: active ? 1 : 0 }).where('id', '=', id).execute();

export async function deleteRules(db: DbOrTx, ids: string[]): Promise<void> {
  if (ids.length) await db.deleteFrom('reminder_rules').where('id', 'in', ids).execute();
}

// ---- the ledger, from the outbox ----

/** Inserts the rows not there yet (the exactly-once key decides); returns how many were new. */
export async function insertReminders(db: DbOrTx, rows: Insertable<RemindersTable>[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const res = await db
      .insertInto('reminders')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['appointment_id', 'client_id', 'kind', 'rule_key', 'channel', 'occurrence_start']).doNothing())
      .executeTakeFirst();
    n += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
}

/**
 * Pending reminders of an appointment that no longer fit it: for another start than `liveStart`,
 * or all of them when the visit is no longer on (liveStart null). They become `cancelled`.
 */
export async function cancelPending(db: DbOrTx, appointmentId: string, liveStart: number | null, reason: string, now: number): Promise<number> {
  let q = db
    .updateTable('reminders')
    .set({ status: 'cancelled', failure: reason, updated_at: now })
    .where('appointment_id', '=', appointmentId)
    .where('kind', '=', 'reminder')
    .where('status', '=', 'scheduled');
  if (liveStart !== null) q = q.where('occurrence_start', '!=', liveStart);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Failures that mean "cancelled because the visit moved or stopped", which a later change may undo. */
export const UNDOABLE_CANCELS = ['moved', 'appointment_checked_in', 'appointment_completed', 'appointment_no_show'];

/**
 * Reminders cancelled because the visit moved away from `start` (or stopped being on), now that it
 * is on at `start` again: scheduled again, if still due after `madeAt`. They were never sent.
 */
export async function revive(db: DbOrTx, appointmentId: string, start: number, madeAt: number, now: number): Promise<number> {
  const res = await db
    .updateTable('reminders')
    .set((eb) => ({ status: 'scheduled', failure: null, next_attempt_at: eb.ref('due_at'), claimed_at: null, claimed_by: null, updated_at: now }))
    .where('appointment_id', '=', appointmentId)
    .where('kind', '=', 'reminder')
    .where('status', '=', 'cancelled')
    .where('occurrence_start', '=', start)
    .where('failure', 'in', UNDOABLE_CANCELS)
    .where('due_at', '>=', madeAt)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export const ofAppointment = (db: DbOrTx, appointmentId: string) =>
  db.selectFrom('reminders').selectAll().where('appointment_id', '=', appointmentId).orderBy('occurrence_start').orderBy('due_at').orderBy('id').execute();

/** The reminders of several appointments of a practice (Today), by appointment. */
export async function ofAppointments(db: DbOrTx, practiceId: string, appointmentIds: readonly string[]) {
  if (!appointmentIds.length) return [];
  return db
    .selectFrom('reminders')
    .select(['appointment_id', 'occurrence_start', 'kind', 'status', 'acknowledged_at'])
    .where('practice_id', '=', practiceId)
    .where('appointment_id', 'in', [...appointmentIds])
    .execute();
}

/** How many reminders need staff (uncertain or failed, visit ahead, not handled), for a count. */
export async function countNeedingAttention(db: DbOrTx, practiceId: string, now: number, appointmentIds?: readonly string[]): Promise<number> {
  if (appointmentIds && !appointmentIds.length) return 0;
  let q = db
    .selectFrom('reminders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('practice_id', '=', practiceId)
    .where('status', 'in', ['uncertain', 'failed'])
    .where('acknowledged_at', 'is', null)
    .where('occurrence_start', '>', now);
  if (appointmentIds) q = q.where('appointment_id', 'in', [...appointmentIds]);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

// ---- the dispatcher ----

/** A row as the claim returns it. */
export type ClaimedRow = ReminderRow;

/**
 * Claims up to `limit` due rows in one statement. Each due `scheduled` row becomes:
 *  - `cancelled` (failure: moved / appointment_cancelled / appointment_<status>) when its visit is
 *    no longer at that start or no longer on (for a cancellation notice: no longer cancelled);
 *  - `skipped` (too_late) when the visit has started;
 *  - `sending` otherwise, with claimed_at/claimed_by and attempts + 1.
 * PostgreSQL: the due rows are locked FOR UPDATE SKIP LOCKED, so instances claim disjoint rows.
 * SQLite: one UPDATE statement is one write transaction (a single writer at a time).
 */
export async function claimDue(db: DbOrTx, dialect: Dialect, o: { now: number; limit: number; me: string }): Promise<ClaimedRow[]> {
  const lock = dialect === 'postgres' ? sql`for update of r skip locked` : sql``;
  // SQLite's RETURNING takes no "table.*" (and returns the target table's columns only).
  const returning = dialect === 'postgres' ? sql`returning reminders.*` : sql`returning *`;
  const live = sql`(due.a_start = reminders.occurrence_start and ((reminders.kind = 'reminder' and due.a_status in ('scheduled', 'confirmed')) or (reminders.kind = 'cancellation' and due.a_status = 'cancelled')))`;
  const late = sql`(reminders.occurrence_start <= ${o.now})`;
  const res = await sql<ClaimedRow>`
    update reminders set
      status = case when ${live} is not true then 'cancelled' when ${late} then 'skipped' else 'sending' end,
      failure = case
        when ${live} is not true then case
          when due.a_status is null then 'appointment_missing'
          when reminders.kind = 'reminder' and due.a_status = 'cancelled' then 'appointment_cancelled'
          when due.a_start <> reminders.occurrence_start then 'moved'
          else 'appointment_' || due.a_status end
        when ${late} then 'too_late'
        else reminders.failure end,
      attempts = case when ${live} is true and not ${late} then reminders.attempts + 1 else reminders.attempts end,
      claimed_at = ${o.now},
      claimed_by = ${o.me},
      updated_at = ${o.now}
    from (
      select r.id as due_id, a.status as a_status, a.start_at as a_start
      from reminders r left join appointments a on a.id = r.appointment_id
      where r.status = 'scheduled' and r.next_attempt_at <= ${o.now}
      order by r.next_attempt_at
      limit ${o.limit}
      ${lock}
    ) as due
    where reminders.id = due.due_id
    ${returning}`.execute(db);
  return res.rows.map(normalise);
}

/** SQLite and pg return the same columns; make their number types agree. */
function normalise(r: ClaimedRow): ClaimedRow {
  return {
    ...r,
    occurrence_start: Number(r.occurrence_start),
    due_at: Number(r.due_at),
    next_attempt_at: Number(r.next_attempt_at),
    attempts: Number(r.attempts),
    claimed_at: r.claimed_at === null ? null : Number(r.claimed_at),
    minutes_before: r.minutes_before === null ? null : Number(r.minutes_before),
  };
}

/** The reminders table as a send ledger (jobs/ledger.ts): sweeps, finishes, retries and releases shared with notifications. */
export const ledger = sendLedger('reminders');
export const { sweepStale, finishAs, retryLater, release, nextDue, finishSent } = ledger;

// ---- staff: what needs attention ----

/** Uncertain or failed reminders for visits after `now`, not marked handled, soonest visit first. */
export const needingAttention = (db: DbOrTx, practiceId: string, now: number, limit: number) =>
  db
    .selectFrom('reminders')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('status', 'in', ['uncertain', 'failed'])
    .where('acknowledged_at', 'is', null)
    .where('occurrence_start', '>', now)
    .orderBy('occurrence_start')
    .orderBy('id')
    .limit(limit)
    .execute();

export const byId = (db: DbOrTx, practiceId: string, id: string) => db.selectFrom('reminders').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

/** Marks an uncertain or failed row handled; false when it is not (or no longer) one. */
export async function acknowledge(db: DbOrTx, id: string, userId: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('reminders')
    .set({ acknowledged_at: now, acknowledged_by: userId, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['uncertain', 'failed'])
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- delivery status and replies ----

export const byProviderId = (db: DbOrTx, providerId: string) => db.selectFrom('reminders').selectAll().where('provider_id', '=', providerId).executeTakeFirst();

/** A provider's delivery status for a sent text: delivered, or undelivered/failed with its code. */
export async function recordDeliveryStatus(db: DbOrTx, id: string, status: string, errorCode: string | null, now: number): Promise<void> {
  const s = status.toLowerCase();
  if (s === 'delivered') await markDelivered(db, id, now);
  else if (s === 'undelivered' || s === 'failed') await markUndelivered(db, id, `sms_${(errorCode ?? s).replace(/[^\w]/g, '').slice(0, 20) || s}`, now);
}

export async function markDelivered(db: DbOrTx, id: string, now: number): Promise<void> {
  await db.updateTable('reminders').set({ status: 'delivered', delivered_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'sent').execute();
}

export async function markUndelivered(db: DbOrTx, id: string, failure: string, now: number): Promise<void> {
  await db.updateTable('reminders').set({ status: 'failed', failure, updated_at: now }).where('id', '=', id).where('status', 'in', ['sent', 'delivered']).execute();
}

/** Appointments (with their start then) of which these clients were texted a reminder that went, for visits after `after`. */
export const textedReminders = (db: DbOrTx, practiceId: string, clientIds: string[], after: number) =>
  clientIds.length
    ? db
        .selectFrom('reminders')
        .select(['appointment_id', 'client_id', 'occurrence_start'])
        .where('practice_id', '=', practiceId)
        .where('client_id', 'in', clientIds)
        .where('channel', '=', 'sms')
        .where('kind', '=', 'reminder')
        .where('status', 'in', ['sent', 'delivered'])
        .where('occurrence_start', '>', after)
        .orderBy('occurrence_start')
        .limit(50)
        .execute()
    : Promise.resolve([]);

// ---- link tokens ----

export async function insertTokens(db: DbOrTx, rows: Insertable<ReminderActionTokensTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('reminder_action_tokens').values(rows.slice(i, i + 200)).execute();
}

export const tokenByHash = (db: DbOrTx, hash: string) => db.selectFrom('reminder_action_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();

/** Uses a link once: false when it was used already (or concurrently). */
export async function useToken(db: DbOrTx, id: string, usedFor: 'confirm' | 'cancel', now: number): Promise<boolean> {
  const res = await db.updateTable('reminder_action_tokens').set({ used_at: now, used_for: usedFor }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
