// Billing rows written straight into the database for the reports' and benches' known figures:
// appointments in any status at any time, issued invoices with their lines, payments, refunds and
// billed marks, without going through the invoicing rules (those have their own suites). Test and
// bench support only; never imported by the shipped code.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.js';
import type { FieldCrypto } from '../crypto/envelope.js';
import type { Database } from '../db/schema.js';
import { defaultSettingsRow } from '../modules/billing/index.js';

type InvoiceLineKind = Database['invoice_lines']['kind'];
type InvoiceStatus = Database['invoices']['status'];
type PaymentMethod = Database['payments']['method'];

export interface BillingRows {
  db: Db;
  crypto: Pick<FieldCrypto, 'encrypt'>;
  practiceId: string;
}

export async function seedSettings(r: BillingRows, s: { currency?: string; lateCancelFee?: 'none' | 'flat' | 'service_rate'; lateCancelFeeCents?: number; noShowFee?: 'none' | 'flat' | 'service_rate'; noShowFeeCents?: number }): Promise<void> {
  await r.db
    .insertInto('billing_settings')
    .values({
      ...defaultSettingsRow(r.practiceId, Date.now()),
      currency: s.currency ?? 'USD',
      late_cancel_fee: s.lateCancelFee ?? 'none',
      late_cancel_fee_cents: s.lateCancelFeeCents ?? 0,
      no_show_fee: s.noShowFee ?? 'none',
      no_show_fee_cents: s.noShowFeeCents ?? 0,
    })
    .execute();
}

export interface SeedAppointment {
  providerId: string;
  clientIds: string[];
  start: number;
  status: 'completed' | 'checked_in' | 'no_show' | 'cancelled' | 'scheduled';
  serviceId?: string | null;
  lateCancel?: boolean;
  cancelledBy?: 'client' | 'practice';
}

export async function seedAppointment(r: BillingRows, a: SeedAppointment): Promise<string> {
  const id = randomUUID();
  await r.db
    .insertInto('appointments')
    .values({
      id,
      practice_id: r.practiceId,
      series_id: null,
      series_index: null,
      provider_id: a.providerId,
      start_at: a.start,
      end_at: a.start + 50 * 60_000,
      time_zone: 'America/New_York',
      type: 'video',
      format: a.clientIds.length > 1 ? 'couple' : 'individual',
      service_id: a.serviceId ?? null,
      allow_overlap: 0,
      place_of_service: 'telehealth_home',
      status: a.status,
      cancelled_by: a.status === 'cancelled' ? (a.cancelledBy ?? 'client') : null,
      cancelled_by_id: null,
      cancelled_at: a.status === 'cancelled' ? a.start - 3_600_000 : null,
      late_cancel: a.lateCancel ? 1 : 0,
      cancel_reason_enc: null,
      booked_in_past: 1,
      note_enc: null,
      version: 1,
      created_by: null,
      created_at: a.start - 86_400_000,
      updated_at: a.start,
    })
    .execute();
  await r.db.insertInto('appointment_clients').values(a.clientIds.map((c) => ({ appointment_id: id, client_id: c, practice_id: r.practiceId }))).execute();
  return id;
}

export interface SeedLine {
  kind?: InvoiceLineKind;
  amountCents: number;
  taxCents?: number;
  cptCode?: string | null;
  providerId?: string | null;
  appointmentId?: string | null;
}

export interface SeedInvoice {
  clientId: string;
  providerId?: string | null;
  kind?: 'invoice' | 'credit_note';
  status: InvoiceStatus;
  number?: number;
  issuedAt: number | null;
  dueAt?: number | null;
  paidCents?: number;
  creditedCents?: number;
  lines: SeedLine[];
  /** Mark each line's (appointment, client) as billed. */
  markBilled?: boolean;
}

/** Numbers of rows written here start far above any the practice's own sequence gives (1, 2, …), so invoices issued through the API never collide with them. */
let numbers = 900_000;

export async function seedInvoice(r: BillingRows, inv: SeedInvoice): Promise<{ id: string; lineIds: string[] }> {
  const id = randomUUID();
  const amount = inv.lines.reduce((t, l) => t + l.amountCents, 0);
  const tax = inv.lines.reduce((t, l) => t + (l.taxCents ?? 0), 0);
  const now = inv.issuedAt ?? Date.now();
  await r.db
    .insertInto('invoices')
    .values({
      id,
      practice_id: r.practiceId,
      client_id: inv.clientId,
      provider_id: inv.providerId ?? null,
      kind: inv.kind ?? 'invoice',
      number: inv.status === 'draft' ? null : (inv.number ?? ++numbers),
      status: inv.status,
      currency: 'USD',
      subtotal_cents: amount,
      reduction_cents: 0,
      tax_cents: tax,
      total_cents: amount + tax,
      paid_cents: inv.paidCents ?? 0,
      credited_cents: inv.creditedCents ?? 0,
      source: 'manual',
      period_start: null,
      period_end: null,
      original_invoice_id: null,
      replaces_invoice_id: null,
      memo_enc: null,
      void_reason_enc: null,
      issued_at: inv.issuedAt,
      due_at: inv.dueAt ?? null,
      paid_at: null,
      voided_at: inv.status === 'void' ? now : null,
      created_by: null,
      issued_by: null,
      voided_by: null,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
  const lineIds: string[] = [];
  for (const [position, l] of inv.lines.entries()) {
    const lineId = randomUUID();
    lineIds.push(lineId);
    await r.db
      .insertInto('invoice_lines')
      .values({
        id: lineId,
        invoice_id: id,
        practice_id: r.practiceId,
        position,
        kind: l.kind ?? 'service',
        appointment_id: l.appointmentId ?? null,
        provider_id: l.providerId ?? null,
        service_date: null,
        description_enc: await r.crypto.encrypt(r.practiceId, { table: 'invoice_lines', column: 'description_enc', rowId: lineId }, 'Psychotherapy, 53 minutes'),
        cpt_code: l.cptCode ?? null,
        modifiers: null,
        pos_code: null,
        units: 1,
        rate_cents: Math.abs(l.amountCents),
        discount_cents: 0,
        sliding_scale_percent: null,
        tax_rate: '0',
        gross_cents: l.amountCents,
        reduction_cents: 0,
        amount_cents: l.amountCents,
        tax_cents: l.taxCents ?? 0,
        total_cents: l.amountCents + (l.taxCents ?? 0),
      })
      .execute();
    if (inv.markBilled && l.appointmentId) {
      await r.db.insertInto('billed_appointments').values({ appointment_id: l.appointmentId, client_id: inv.clientId, practice_id: r.practiceId, invoice_id: id, line_id: lineId }).execute();
    }
  }
  return { id, lineIds };
}

export async function seedPayment(r: BillingRows, p: { clientId: string; method: PaymentMethod; amountCents: number; receivedAt: number; refundedCents?: number }): Promise<string> {
  const id = randomUUID();
  await r.db
    .insertInto('payments')
    .values({
      id,
      practice_id: r.practiceId,
      client_id: p.clientId,
      method: p.method,
      source: p.method === 'stripe' ? 'portal' : 'staff',
      amount_cents: p.amountCents,
      currency: 'USD',
      refunded_cents: p.refundedCents ?? 0,
      disputed_cents: 0,
      reference_enc: null,
      stripe_payment_intent_id: null,
      stripe_charge_id: null,
      received_at: p.receivedAt,
      recorded_by: null,
      created_at: p.receivedAt,
    })
    .execute();
  return id;
}

export async function seedRefund(r: BillingRows, f: { paymentId: string; amountCents: number; at: number; kind?: 'refund' | 'dispute'; status?: 'pending' | 'succeeded' | 'failed' | 'lost' | 'won' }): Promise<void> {
  await r.db
    .insertInto('refunds')
    .values({
      id: randomUUID(),
      practice_id: r.practiceId,
      payment_id: f.paymentId,
      invoice_id: null,
      kind: f.kind ?? 'refund',
      status: f.status ?? 'succeeded',
      amount_cents: f.amountCents,
      stripe_id: null,
      reason_enc: null,
      recorded_by: null,
      created_at: f.at,
      updated_at: f.at,
    })
    .execute();
}
