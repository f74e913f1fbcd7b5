// All SQL of the billing module's invoices, ledger and settings. Plain functions taking the db or a
// transaction first; the service (or ledger.ts) opens the transaction. Bigint columns come back as
// numbers (db/index.ts parses them), so amounts are added exactly as integers.
import { sql, type Insertable, type Updateable } from 'kysely';
import { forUpdate, type DbOrTx, type Dialect } from '../../db/index.js';
import type {
  BillingClientProfilesTable,
  BillingPayersTable,
  BillingSettingsTable,
  InvoiceKind,
  InvoiceLinesTable,
  InvoicesTable,
  InvoiceStatus,
  PaymentAllocationsTable,
  PaymentsTable,
  RefundsTable,
} from './table.js';

export type SettingsRow = BillingSettingsTable;
export type InvoiceRow = InvoicesTable;
export type LineRow = InvoiceLinesTable;
export type PaymentRow = PaymentsTable;
export type AllocationRow = PaymentAllocationsTable;
export type RefundRow = RefundsTable;
export type PayerRow = BillingPayersTable;
export type ClientProfileRow = BillingClientProfilesTable;

// ---- settings ----

export const settingsRow = (db: DbOrTx, practiceId: string) => db.selectFrom('billing_settings').selectAll().where('practice_id', '=', practiceId).executeTakeFirst();

/** The defaults row, unless one exists (two first readers at once insert one). */
export const insertSettingsIfMissing = (db: DbOrTx, row: Insertable<BillingSettingsTable>) =>
  db.insertInto('billing_settings').values(row).onConflict((oc) => oc.column('practice_id').doNothing()).execute();

/** Applies the change if the row is still at `version`; the number of rows changed (0: stale). */
export async function updateSettings(db: DbOrTx, practiceId: string, version: number, set: Updateable<BillingSettingsTable>): Promise<number> {
  const r = await db
    .updateTable('billing_settings')
    .set({ ...set, version: version + 1 })
    .where('practice_id', '=', practiceId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * The next number of the practice's invoice or credit-note sequence, taken inside the caller's
 * transaction: the row is locked by the update until the transaction ends, so numbers are handed
 * out one at a time and a rolled-back issue gives its number back (no gap).
 */
export async function takeNumber(db: DbOrTx, practiceId: string, kind: InvoiceKind): Promise<number> {
  const column = kind === 'invoice' ? 'next_invoice_number' : 'next_credit_number';
  const row = await db
    .updateTable('billing_settings')
    .set({ [column]: sql`${sql.ref(column)} + 1` })
    .where('practice_id', '=', practiceId)
    .returning([column])
    .executeTakeFirstOrThrow();
  return Number((row as Record<string, number>)[column]) - 1;
}

/** Whether the practice has issued anything (its currency is then fixed). */
export async function anyIssued(db: DbOrTx, practiceId: string): Promise<boolean> {
  const r = await db.selectFrom('invoices').select('id').where('practice_id', '=', practiceId).where('number', 'is not', null).limit(1).executeTakeFirst();
  return r !== undefined;
}

// ---- payers and profiles ----

export const payers = (db: DbOrTx, practiceId: string) => db.selectFrom('billing_payers').selectAll().where('practice_id', '=', practiceId).orderBy('name').orderBy('id').execute();
export const findPayer = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('billing_payers').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();
export const findPayerByName = (db: DbOrTx, practiceId: string, name: string) =>
  db.selectFrom('billing_payers').select('id').where('practice_id', '=', practiceId).where('name', '=', name).executeTakeFirst();
export const insertPayer = (db: DbOrTx, row: Insertable<BillingPayersTable>) => db.insertInto('billing_payers').values(row).execute();
export const updatePayer = (db: DbOrTx, id: string, set: Updateable<BillingPayersTable>) => db.updateTable('billing_payers').set(set).where('id', '=', id).execute();

export const providerProfile = (db: DbOrTx, practiceId: string, userId: string) =>
  db.selectFrom('billing_provider_profiles').selectAll().where('practice_id', '=', practiceId).where('user_id', '=', userId).executeTakeFirst();
export const upsertProviderProfile = (db: DbOrTx, row: { user_id: string; practice_id: string; profile_enc: string; updated_at: number }) =>
  db
    .insertInto('billing_provider_profiles')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ profile_enc: row.profile_enc, updated_at: row.updated_at }))
    .execute();

export const clientProfile = (db: DbOrTx, practiceId: string, clientId: string) =>
  db.selectFrom('billing_client_profiles').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).executeTakeFirst();
export const upsertClientProfile = (db: DbOrTx, row: Insertable<BillingClientProfilesTable>, set: Updateable<BillingClientProfilesTable>) =>
  db
    .insertInto('billing_client_profiles')
    .values(row)
    .onConflict((oc) => oc.column('client_id').doUpdateSet(set))
    .execute();

/** Which of these ICD-10-CM codes are on the practice's list or in the imported CMS file. */
export async function knownDiagnosisCodes(db: DbOrTx, practiceId: string, codes: readonly string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const own = await db.selectFrom('billing_diagnosis_codes').select('code').where('practice_id', '=', practiceId).where('code', 'in', [...codes]).execute();
  const cms = await db.selectFrom('icd10_codes').select('code').where('code', 'in', [...codes]).execute();
  return new Set([...own, ...cms].map((r) => r.code));
}

/** Descriptions of these codes: the practice's own wording first, else the CMS file's. */
export async function diagnosisDescriptions(db: DbOrTx, practiceId: string, codes: readonly string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const cms = await db.selectFrom('icd10_codes').select(['code', 'description']).where('code', 'in', [...codes]).execute();
  const own = await db.selectFrom('billing_diagnosis_codes').select(['code', 'description']).where('practice_id', '=', practiceId).where('code', 'in', [...codes]).execute();
  return new Map([...cms, ...own].map((r) => [r.code, r.description]));
}

/** Whether any reference list exists to check codes against (the practice's own, or an imported CMS file). */
export async function hasDiagnosisLists(db: DbOrTx, practiceId: string): Promise<boolean> {
  const own = await db.selectFrom('billing_diagnosis_codes').select('code').where('practice_id', '=', practiceId).limit(1).executeTakeFirst();
  if (own) return true;
  return (await db.selectFrom('icd10_codes').select('code').limit(1).executeTakeFirst()) !== undefined;
}

// ---- invoices and lines ----

export const insertInvoice = (db: DbOrTx, row: Insertable<InvoicesTable>) => db.insertInto('invoices').values(row).execute();
export const insertLines = (db: DbOrTx, rows: Insertable<InvoiceLinesTable>[]) => (rows.length ? db.insertInto('invoice_lines').values(rows).execute() : Promise.resolve([]));
export const deleteLines = (db: DbOrTx, invoiceId: string) => db.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute();
export const deleteInvoice = (db: DbOrTx, invoiceId: string) => db.deleteFrom('invoices').where('id', '=', invoiceId).execute();

export const findInvoice = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('invoices').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

/** One invoice, locked against other writers until the transaction ends (PostgreSQL; SQLite has one writer). */
export const lockInvoice = (db: DbOrTx, dialect: Dialect, practiceId: string, id: string) =>
  forUpdate(db.selectFrom('invoices').selectAll().where('practice_id', '=', practiceId).where('id', '=', id), dialect).executeTakeFirst();

export const findInvoices = (db: DbOrTx, practiceId: string, ids: readonly string[]) =>
  ids.length ? db.selectFrom('invoices').selectAll().where('practice_id', '=', practiceId).where('id', 'in', [...ids]).execute() : Promise.resolve([] as InvoiceRow[]);

/** Applies the change if the invoice is still at `version`; the number of rows changed (0: stale). */
export async function updateInvoice(db: DbOrTx, id: string, version: number, set: Updateable<InvoicesTable>): Promise<number> {
  const r = await db
    .updateTable('invoices')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Moves an invoice's money figures by a delta (no read-modify-write), bumping its version. */
export const addToInvoice = (db: DbOrTx, id: string, delta: { paid?: number; credited?: number }, now: number) =>
  db
    .updateTable('invoices')
    .set((eb) => ({
      paid_cents: eb('paid_cents', '+', delta.paid ?? 0),
      credited_cents: eb('credited_cents', '+', delta.credited ?? 0),
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .execute();

export const setInvoiceStatus = (db: DbOrTx, id: string, status: InvoiceStatus, paidAt: number | null, now: number) =>
  db.updateTable('invoices').set({ status, paid_at: paidAt, updated_at: now }).where('id', '=', id).execute();

export const linesOf = (db: DbOrTx, invoiceId: string) => db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', invoiceId).orderBy('position').execute();

export const creditNotesOf = (db: DbOrTx, invoiceId: string) =>
  db.selectFrom('invoices').select('id').where('original_invoice_id', '=', invoiceId).orderBy('created_at').orderBy('id').execute();

export interface InvoiceFilter {
  practiceId: string;
  statuses?: readonly InvoiceStatus[];
  clientId?: string;
  /** Only these clients (a provider's own). */
  clientIds?: readonly string[];
  kind?: InvoiceKind;
  from?: number;
  to?: number;
}

function filtered(db: DbOrTx, f: InvoiceFilter) {
  return db
    .selectFrom('invoices')
    .where('practice_id', '=', f.practiceId)
    .$if(f.statuses !== undefined, (q) => q.where('status', 'in', [...f.statuses!]))
    .$if(f.clientId !== undefined, (q) => q.where('client_id', '=', f.clientId!))
    .$if(f.clientIds !== undefined, (q) => (f.clientIds!.length ? q.where('client_id', 'in', [...f.clientIds!]) : q.where(sql<boolean>`1 = 0`)))
    .$if(f.kind !== undefined, (q) => q.where('kind', '=', f.kind!))
    .$if(f.from !== undefined, (q) => q.where('created_at', '>=', f.from!))
    .$if(f.to !== undefined, (q) => q.where('created_at', '<', f.to!));
}

export async function countInvoices(db: DbOrTx, f: InvoiceFilter): Promise<number> {
  const r = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One page, newest first, after the cursor's (created_at, id). */
export const pageInvoices = (db: DbOrTx, f: InvoiceFilter, after: { createdAt: number; id: string } | null, limit: number) =>
  filtered(db, f)
    .selectAll()
    .$if(after !== null, (q) => q.where((eb) => eb.or([eb('created_at', '<', after!.createdAt), eb.and([eb('created_at', '=', after!.createdAt), eb('id', '<', after!.id)])])))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

/** A client's invoices still asking for money, oldest first (issued before drafts never count). */
export const openInvoices = (db: DbOrTx, practiceId: string, clientId: string) =>
  db
    .selectFrom('invoices')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('client_id', '=', clientId)
    .where('kind', '=', 'invoice')
    .where('status', 'in', ['issued', 'partly_paid'])
    .orderBy('issued_at')
    .orderBy('number')
    .execute();

// ---- billed appointments ----

/** Claims an appointment's line for a client; false when another live line already holds it. */
export async function claimAppointment(db: DbOrTx, row: { appointment_id: string; client_id: string; practice_id: string; invoice_id: string; line_id: string }): Promise<boolean> {
  const r = await db
    .insertInto('billed_appointments')
    .values(row)
    .onConflict((oc) => oc.columns(['appointment_id', 'client_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const releaseAppointments = (db: DbOrTx, invoiceId: string) => db.deleteFrom('billed_appointments').where('invoice_id', '=', invoiceId).execute();
export const releaseAppointment = (db: DbOrTx, invoiceId: string, appointmentId: string) =>
  db.deleteFrom('billed_appointments').where('invoice_id', '=', invoiceId).where('appointment_id', '=', appointmentId).execute();

// ---- payments, allocations, refunds ----

export const insertPayment = (db: DbOrTx, row: Insertable<PaymentsTable>) => db.insertInto('payments').values(row).execute();
export const findPayment = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('payments').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();
export const lockPayment = (db: DbOrTx, dialect: Dialect, practiceId: string, id: string) =>
  forUpdate(db.selectFrom('payments').selectAll().where('practice_id', '=', practiceId).where('id', '=', id), dialect).executeTakeFirst();

export const paymentsOfClient = (db: DbOrTx, practiceId: string, clientId: string) =>
  db.selectFrom('payments').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).orderBy('received_at', 'desc').orderBy('id', 'desc').execute();

/** A client's payments, oldest first, locked (the unapplied credit is spent from them in this order). */
export const lockPaymentsOfClient = (db: DbOrTx, dialect: Dialect, practiceId: string, clientId: string) =>
  forUpdate(
    db.selectFrom('payments').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).orderBy('received_at').orderBy('created_at').orderBy('id'),
    dialect,
  ).execute();

export const addToPayment = (db: DbOrTx, id: string, delta: { refunded?: number; disputed?: number }) =>
  db
    .updateTable('payments')
    .set((eb) => ({ refunded_cents: eb('refunded_cents', '+', delta.refunded ?? 0), disputed_cents: eb('disputed_cents', '+', delta.disputed ?? 0) }))
    .where('id', '=', id)
    .execute();

export const setRefundReason = (db: DbOrTx, id: string, enc: string) => db.updateTable('refunds').set({ reason_enc: enc }).where('id', '=', id).execute();

export const insertAllocation = (db: DbOrTx, row: Insertable<PaymentAllocationsTable>) => db.insertInto('payment_allocations').values(row).execute();
export const setAllocation = (db: DbOrTx, id: string, amount: number) =>
  amount === 0 ? db.deleteFrom('payment_allocations').where('id', '=', id).execute() : db.updateTable('payment_allocations').set({ amount_cents: amount }).where('id', '=', id).execute();

/** Allocations of these payments, oldest first. */
export const allocationsOfPayments = (db: DbOrTx, paymentIds: readonly string[]) =>
  paymentIds.length
    ? db.selectFrom('payment_allocations').selectAll().where('payment_id', 'in', [...paymentIds]).orderBy('created_at').orderBy('id').execute()
    : Promise.resolve([] as AllocationRow[]);

/** An invoice's allocations with their payments, oldest first. */
export const allocationsOfInvoice = (db: DbOrTx, invoiceId: string) =>
  db
    .selectFrom('payment_allocations as a')
    .innerJoin('payments as p', 'p.id', 'a.payment_id')
    .select(['a.id', 'a.payment_id', 'a.invoice_id', 'a.amount_cents', 'a.created_at', 'p.method', 'p.received_at', 'p.stripe_payment_intent_id'])
    .where('a.invoice_id', '=', invoiceId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();

export const insertRefund = (db: DbOrTx, row: Insertable<RefundsTable>) => db.insertInto('refunds').values(row).execute();
export const findRefund = (db: DbOrTx, practiceId: string, id: string) =>
  db.selectFrom('refunds').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();
export const setRefundStatus = (db: DbOrTx, id: string, status: RefundRow['status'], now: number) =>
  db.updateTable('refunds').set({ status, updated_at: now }).where('id', '=', id).execute();
export const refundsOfInvoice = (db: DbOrTx, invoiceId: string) => db.selectFrom('refunds').selectAll().where('invoice_id', '=', invoiceId).orderBy('created_at').execute();
