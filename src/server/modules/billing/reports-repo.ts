// The billing reports' SQL: every figure is summed in the database (GROUP BY), never by loading the
// rows. Months are cut at boundaries computed in the report's zone (reports-months.ts) and written
// into the query as a CASE over the instant, so SQLite and PostgreSQL bucket alike without either's
// own time-zone functions. No dialect differs here otherwise: sums and counts come back as numbers
// on both (db/index.ts parses PostgreSQL's bigint and numeric).
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { AgingBucket } from '../../../shared/billing.js';
import type { FeePolicy } from './table.js';

export const DAY_MS = 86_400_000;

/** A month of the report: its key ("2026-03") and the instant it starts, in the report's zone. */
export interface MonthBound {
  key: string;
  start: number;
}

/** The month key of an instant column, as a CASE over the months' starts (first to last; the range filter keeps the column inside them). */
export function monthOf(column: string, months: readonly MonthBound[]): RawBuilder<string> {
  if (!months.length) throw new RangeError('a report needs at least one month');
  // One month: no WHEN to write (a CASE needs at least one).
  if (months.length === 1) return sql<string>`${sql.lit(months[0]!.key)}`;
  const whens = months.slice(1).map((m, i) => sql`when ${sql.ref(column)} < ${sql.lit(m.start)} then ${sql.lit(months[i]!.key)}`);
  return sql<string>`(case ${sql.join(whens, sql` `)} else ${sql.lit(months[months.length - 1]!.key)} end)`;
}

/**
 * The aging bucket of an open invoice: whole days from its due date (its issue date when it has
 * none) to `asOf`. Not yet due, and up to 30 days late: 0-30; 31 to 60; 61 to 90; 91 and more: 90+.
 */
export function agingBucketOf(asOf: number): RawBuilder<AgingBucket> {
  const age = sql`(${sql.lit(asOf)} - coalesce(i.due_at, i.issued_at))`;
  return sql<AgingBucket>`(case when ${age} < ${sql.lit(31 * DAY_MS)} then '0-30' when ${age} < ${sql.lit(61 * DAY_MS)} then '31-60' when ${age} < ${sql.lit(91 * DAY_MS)} then '61-90' else '90+' end)`;
}

/** Statuses of an issued document that counts: issued and not voided (drafts count nowhere). */
const COUNTED = sql`('issued', 'partly_paid', 'paid')`;
/** Money given back: a refund not failed, a dispute not won (pending disputes hold the money). */
const GIVEN_BACK = sql`r.status not in ('failed', 'won')`;

export interface SettingsFacts {
  currency: string;
  lateCancelFee: FeePolicy;
  lateCancelFeeCents: number;
  noShowFee: FeePolicy;
  noShowFeeCents: number;
}

/** The practice's currency and fee policies; null when billing was never set up (the defaults apply). */
export async function settingsFacts(db: DbOrTx, practiceId: string): Promise<SettingsFacts | null> {
  const r = await db
    .selectFrom('billing_settings')
    .select(['currency', 'late_cancel_fee', 'late_cancel_fee_cents', 'no_show_fee', 'no_show_fee_cents'])
    .where('practice_id', '=', practiceId)
    .executeTakeFirst();
  if (!r) return null;
  return { currency: r.currency, lateCancelFee: r.late_cancel_fee, lateCancelFeeCents: Number(r.late_cancel_fee_cents), noShowFee: r.no_show_fee, noShowFeeCents: Number(r.no_show_fee_cents) };
}

export interface InvoicedRow {
  month: string;
  provider_id: string | null;
  service: string;
  cents: number;
}

/** Issued invoices' and credit notes' line amounts (before tax; a credit note's lines are negative) by issue month, provider and service key. */
export async function invoicedByMonth(db: DbOrTx, practiceId: string, from: number, to: number, months: readonly MonthBound[]): Promise<InvoicedRow[]> {
  const { rows } = await sql<InvoicedRow>`
    select ${monthOf('i.issued_at', months)} as month, coalesce(l.provider_id, i.provider_id) as provider_id,
      coalesce(l.cpt_code, l.kind) as service, sum(l.amount_cents) as cents
    from invoice_lines l join invoices i on i.id = l.invoice_id
    where i.practice_id = ${practiceId} and i.status in ${COUNTED} and i.issued_at >= ${from} and i.issued_at < ${to}
    group by 1, 2, 3
    order by 1, 2, 3`.execute(db);
  return rows.map((r) => ({ ...r, cents: Number(r.cents) }));
}

/** Money received (by received month) less money given back (by the month it was given back). */
export async function collectedByMonth(db: DbOrTx, practiceId: string, from: number, to: number, months: readonly MonthBound[]): Promise<Map<string, number>> {
  const received = await sql<{ month: string; cents: number }>`
    select ${monthOf('p.received_at', months)} as month, sum(p.amount_cents) as cents
    from payments p
    where p.practice_id = ${practiceId} and p.received_at >= ${from} and p.received_at < ${to}
    group by 1`.execute(db);
  const back = await sql<{ month: string; cents: number }>`
    select ${monthOf('r.created_at', months)} as month, sum(r.amount_cents) as cents
    from refunds r
    where r.practice_id = ${practiceId} and ${GIVEN_BACK} and r.created_at >= ${from} and r.created_at < ${to}
    group by 1`.execute(db);
  const out = new Map<string, number>();
  for (const r of received.rows) out.set(r.month, (out.get(r.month) ?? 0) + Number(r.cents));
  for (const r of back.rows) out.set(r.month, (out.get(r.month) ?? 0) - Number(r.cents));
  return out;
}

export interface AgingRow {
  client_id: string;
  bucket: AgingBucket;
  invoices: number;
  cents: number;
}

/** Open invoices issued by `asOf` (what each still asks for) by client and age bucket. */
export async function agingByClient(db: DbOrTx, practiceId: string, asOf: number): Promise<AgingRow[]> {
  const { rows } = await sql<AgingRow>`
    select i.client_id, ${agingBucketOf(asOf)} as bucket, count(*) as invoices,
      sum(i.total_cents - i.paid_cents - i.credited_cents) as cents
    from invoices i
    where i.practice_id = ${practiceId} and i.kind = 'invoice' and i.status in ('issued', 'partly_paid')
      and i.issued_at <= ${asOf} and i.total_cents - i.paid_cents - i.credited_cents > 0
    group by 1, 2
    order by 1, 2`.execute(db);
  return rows.map((r) => ({ ...r, invoices: Number(r.invoices), cents: Number(r.cents) }));
}

export interface MethodRow {
  method: string;
  payments: number;
  cents: number;
  refunded: number;
}

/** Payments received in [from, to) by method, with what has been given back of them (whenever). */
export async function paymentsByMethod(db: DbOrTx, practiceId: string, from: number, to: number): Promise<MethodRow[]> {
  const { rows } = await sql<MethodRow>`
    select p.method, count(*) as payments, sum(p.amount_cents) as cents,
      sum(coalesce((select sum(r.amount_cents) from refunds r where r.payment_id = p.id and ${GIVEN_BACK}), 0)) as refunded
    from payments p
    where p.practice_id = ${practiceId} and p.received_at >= ${from} and p.received_at < ${to}
    group by p.method
    order by p.method`.execute(db);
  return rows.map((r) => ({ method: r.method, payments: Number(r.payments), cents: Number(r.cents), refunded: Number(r.refunded) }));
}

/** Which of these (appointment, client) pairs have a live invoice line (billed_appointments). */
export async function billedPairs(db: DbOrTx, practiceId: string, appointmentIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < appointmentIds.length; i += 500) {
    const ids = appointmentIds.slice(i, i + 500);
    const rows = await db.selectFrom('billed_appointments').select(['appointment_id', 'client_id']).where('practice_id', '=', practiceId).where('appointment_id', 'in', ids).execute();
    for (const r of rows) out.add(pairKey(r.appointment_id, r.client_id));
  }
  return out;
}

export const pairKey = (appointmentId: string, clientId: string) => `${appointmentId}|${clientId}`;
