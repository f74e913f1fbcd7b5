// What drafts, issues and corrections share: storing priced lines (descriptions encrypted, their
// appointments claimed once), an invoice's totals, a stored line as the API shows it or as a line
// to store again, and how numbers print.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/index.js';
import { AppError, conflict } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import type { InvoiceLine } from '../../../shared/billing.js';
import type { AuditEvent } from '../audit/index.js';
import type { DraftLine } from './lines.js';
import * as repo from './repo.js';

export const lineRef = (id: string) => ({ table: 'invoice_lines', column: 'description_enc', rowId: id });
export const invRef = (id: string, column: string) => ({ table: 'invoices', column, rowId: id });

/** Who acts, as an audit record names them: a staff member's request, or the system (automatic invoicing). */
export type Who = Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'>;
export const systemWho = (practiceId: string): Who => ({ actor: { type: 'system', id: null }, practiceId, ip: null, userAgent: null });

/** "INV-000042" / "CN-000003". */
export function invoiceNumber(kind: repo.InvoiceRow['kind'], n: number | null): string | null {
  return n === null ? null : `${kind === 'invoice' ? 'INV' : 'CN'}-${String(n).padStart(6, '0')}`;
}

export const issuedInvoice = () => new AppError('invoice_issued', 409, 'This invoice has been issued and cannot be edited: void and replace it, or issue a credit note', 'id');

/** An invoice's figures: the sums of its lines'. */
export function sumTotals(lines: readonly DraftLine[]) {
  const sum = (f: (l: DraftLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  return {
    subtotal_cents: sum((l) => l.totals.grossMinor),
    reduction_cents: sum((l) => l.totals.reductionMinor),
    tax_cents: sum((l) => l.totals.taxMinor),
    total_cents: sum((l) => l.totals.totalMinor),
  };
}

/**
 * Stores priced lines for an invoice and claims their appointments for the client; an appointment
 * another live line holds answers 409 naming `appointmentIds[i]` (and the transaction rolls back).
 */
export async function storeLines(ctx: AppContext, tx: Tx, pid: string, invoiceId: string, clientId: string, lines: readonly DraftLine[], appointmentIds: readonly string[]): Promise<void> {
  const rows = [];
  for (const [position, l] of lines.entries()) {
    const id = randomUUID();
    rows.push({
      id,
      invoice_id: invoiceId,
      practice_id: pid,
      position,
      kind: l.kind,
      appointment_id: l.appointmentId,
      provider_id: l.providerId,
      service_date: l.serviceDate,
      description_enc: await ctx.crypto.encrypt(pid, lineRef(id), l.description, tx),
      cpt_code: l.cptCode,
      modifiers: l.modifiers.length ? l.modifiers.join(',') : null,
      pos_code: l.posCode,
      units: l.units,
      rate_cents: l.rateCents,
      discount_cents: l.discountCents,
      sliding_scale_percent: l.slidingScalePercent,
      tax_rate: l.taxRate,
      gross_cents: l.totals.grossMinor,
      reduction_cents: l.totals.reductionMinor,
      amount_cents: l.totals.amountMinor,
      tax_cents: l.totals.taxMinor,
      total_cents: l.totals.totalMinor,
    });
  }
  await repo.insertLines(tx, rows);
  for (const row of rows) {
    if (!row.appointment_id || row.kind === 'credit') continue;
    const claimed = await repo.claimAppointment(tx, { appointment_id: row.appointment_id, client_id: clientId, practice_id: pid, invoice_id: invoiceId, line_id: row.id });
    if (!claimed) {
      const i = appointmentIds.indexOf(row.appointment_id);
      throw conflict(`appointmentIds[${i}]: the appointment is already on another invoice for this client (void that invoice to bill it again)`, `appointmentIds[${i}]`);
    }
  }
}

/** A stored line as a line to store again (a replacement draft), its figures as they were. */
export async function draftOfRow(ctx: AppContext, db: DbOrTx, l: repo.LineRow): Promise<DraftLine> {
  return {
    kind: l.kind,
    appointmentId: l.appointment_id,
    providerId: l.provider_id,
    serviceDate: l.service_date === null ? null : Number(l.service_date),
    description: await ctx.crypto.decrypt(lineRef(l.id), l.description_enc, db),
    cptCode: l.cpt_code,
    modifiers: l.modifiers ? l.modifiers.split(',') : [],
    posCode: l.pos_code,
    units: Number(l.units),
    rateCents: Number(l.rate_cents),
    discountCents: Number(l.discount_cents),
    slidingScalePercent: l.sliding_scale_percent,
    taxRate: l.tax_rate,
    totals: { grossMinor: Number(l.gross_cents), reductionMinor: Number(l.reduction_cents), amountMinor: Number(l.amount_cents), taxMinor: Number(l.tax_cents), totalMinor: Number(l.total_cents) },
  };
}

/** A stored line as the API shows it. */
export async function presentLine(ctx: AppContext, l: repo.LineRow): Promise<InvoiceLine> {
  const d = await draftOfRow(ctx, ctx.db, l);
  return {
    id: l.id,
    kind: d.kind,
    appointmentId: d.appointmentId,
    serviceDate: d.serviceDate === null ? null : iso(d.serviceDate),
    description: d.description,
    cptCode: d.cptCode,
    modifiers: d.modifiers,
    posCode: d.posCode,
    units: d.units,
    rateCents: d.rateCents,
    discountCents: d.discountCents,
    slidingScalePercent: d.slidingScalePercent,
    taxRate: d.taxRate,
    grossCents: d.totals.grossMinor,
    reductionCents: d.totals.reductionMinor,
    amountCents: d.totals.amountMinor,
    taxCents: d.totals.taxMinor,
    totalCents: d.totals.totalMinor,
  };
}
