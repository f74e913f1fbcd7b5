// Invoices and credit notes: drafts (created from appointments and manual lines, edited, deleted),
// issue (the next number of the practice's gapless sequence, in the same transaction), void (and
// replace), credit notes, and reading them. An issued invoice's figures never change: it is voided
// and replaced, or corrected by a credit note. Every read and change is audited.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Tx } from '../../db/index.js';
import { AppError, conflict, invalid, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import type { CreditNoteCreate, Invoice, InvoiceCreate, InvoiceLine, InvoicePatch, InvoiceSummary, ManualLine } from '../../../shared/billing.js';
import { creditLine, type CurrencyCode } from '../../../shared/money.js';
import type { z } from 'zod';
import type { ResolvedSession } from '../auth/index.js';
import type { Calls } from '../calls/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import type { BillingAccess } from './access.js';
import { applyCredit, balanceOf, releaseFromInvoice, settleStatus, takesMoney } from './ledger.js';
import { priceLines, type DraftLine } from './lines.js';
import * as repo from './repo.js';
import type { BillingSettingsPart } from './settings.js';
import type { PayerCodingOverride } from '../../../shared/billing-codes.js';

const DAY = 24 * 60 * 60 * 1000;
const lineRef = (id: string) => ({ table: 'invoice_lines', column: 'description_enc', rowId: id });
const invRef = (id: string, column: string) => ({ table: 'invoices', column, rowId: id });

/** "INV-000042" / "CN-000003". */
export function invoiceNumber(kind: repo.InvoiceRow['kind'], n: number | null): string | null {
  return n === null ? null : `${kind === 'invoice' ? 'INV' : 'CN'}-${String(n).padStart(6, '0')}`;
}

export const issuedInvoice = () => new AppError('invoice_issued', 409, 'This invoice has been issued and cannot be edited: void and replace it, or issue a credit note', 'id');

export class InvoicesPart {
  constructor(
    private readonly ctx: AppContext,
    private readonly access: BillingAccess,
    private readonly settings: BillingSettingsPart,
    private readonly scheduling: SchedulingService,
    private readonly calls: Calls,
  ) {}

  // ---- reading ----

  summary(r: repo.InvoiceRow, names: ReadonlyMap<string, string>): InvoiceSummary {
    return {
      id: r.id,
      kind: r.kind,
      number: invoiceNumber(r.kind, r.number === null ? null : Number(r.number)),
      status: r.status,
      clientId: r.client_id,
      clientName: names.get(r.client_id) ?? null,
      providerId: r.provider_id,
      currency: r.currency as CurrencyCode,
      totalCents: Number(r.total_cents),
      paidCents: Number(r.paid_cents),
      creditedCents: Number(r.credited_cents),
      balanceCents: r.kind === 'invoice' && r.status !== 'void' && r.status !== 'draft' ? balanceOf(r) : 0,
      source: r.source,
      issuedAt: r.issued_at === null ? null : iso(Number(r.issued_at)),
      dueAt: r.due_at === null ? null : iso(Number(r.due_at)),
      createdAt: iso(Number(r.created_at)),
    };
  }

  private async line(l: repo.LineRow): Promise<InvoiceLine> {
    return {
      id: l.id,
      kind: l.kind,
      appointmentId: l.appointment_id,
      serviceDate: l.service_date === null ? null : iso(Number(l.service_date)),
      description: await this.ctx.crypto.decrypt(lineRef(l.id), l.description_enc),
      cptCode: l.cpt_code,
      modifiers: l.modifiers ? l.modifiers.split(',') : [],
      posCode: l.pos_code,
      units: Number(l.units),
      rateCents: Number(l.rate_cents),
      discountCents: Number(l.discount_cents),
      slidingScalePercent: l.sliding_scale_percent,
      taxRate: l.tax_rate,
      grossCents: Number(l.gross_cents),
      reductionCents: Number(l.reduction_cents),
      amountCents: Number(l.amount_cents),
      taxCents: Number(l.tax_cents),
      totalCents: Number(l.total_cents),
    };
  }

  async present(r: repo.InvoiceRow): Promise<Invoice> {
    const names = await this.access.names(r.practice_id);
    const lines = await Promise.all((await repo.linesOf(this.ctx.db, r.id)).map((l) => this.line(l)));
    const allocations = await repo.allocationsOfInvoice(this.ctx.db, r.id);
    const refunds = (await repo.refundsOfInvoice(this.ctx.db, r.id)).filter((x) => takesMoney(x.status));
    return {
      ...this.summary(r, names),
      subtotalCents: Number(r.subtotal_cents),
      reductionCents: Number(r.reduction_cents),
      taxCents: Number(r.tax_cents),
      memo: await this.ctx.crypto.decryptNullable(invRef(r.id, 'memo_enc'), r.memo_enc),
      lines,
      payments: allocations.map((a) => ({ paymentId: a.payment_id, method: a.method, amountCents: Number(a.amount_cents), receivedAt: iso(Number(a.received_at)) })),
      refundedCents: refunds.reduce((s, x) => s + Number(x.amount_cents), 0),
      originalInvoiceId: r.original_invoice_id,
      replacesInvoiceId: r.replaces_invoice_id,
      creditNoteIds: (await repo.creditNotesOf(this.ctx.db, r.id)).map((c) => c.id),
      paidAt: r.paid_at === null ? null : iso(Number(r.paid_at)),
      voidedAt: r.voided_at === null ? null : iso(Number(r.voided_at)),
      voidReason: await this.ctx.crypto.decryptNullable(invRef(r.id, 'void_reason_enc'), r.void_reason_enc),
      version: Number(r.version),
    };
  }

  /** The invoice if this session may see it (its client within reach), else 404. */
  async visible(s: ResolvedSession, id: string): Promise<repo.InvoiceRow> {
    const r = await repo.findInvoice(this.ctx.db, s.user.practiceId, id);
    if (!r) throw notFound('Invoice');
    const only = await this.access.onlyClients(s);
    if (only && !only.includes(r.client_id)) throw notFound('Invoice');
    return r;
  }

  async get(s: ResolvedSession, id: string, meta: RequestMeta): Promise<Invoice> {
    const r = await this.visible(s, id);
    const out = await this.present(r);
    await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'read', resource: { type: r.kind, id: r.id }, outcome: 'success', details: { clientId: r.client_id } });
    return out;
  }

  // ---- drafts ----

  /** Prices the lines from the facts gathered outside any transaction (scheduling and calls read the db themselves). */
  private async price(pid: string, clientId: string, input: { appointmentIds?: readonly string[]; lines?: readonly ManualLine[]; discountCents?: number }) {
    const settings = await this.settings.row(pid);
    const ids = input.appointmentIds ?? [];
    const appointments = await this.scheduling.billingFacts(pid, ids);
    const calls = await this.calls.service.billingFacts(pid, ids);
    const profile = await repo.clientProfile(this.ctx.db, pid, clientId);
    const payer = profile?.payer_id ? await repo.findPayer(this.ctx.db, pid, profile.payer_id) : undefined;
    const payerOverride: PayerCodingOverride | undefined =
      payer && (payer.override_pos || payer.override_modifiers)
        ? {
            ...(payer.override_pos ? { pos: payer.override_pos as PayerCodingOverride['pos'] } : {}),
            ...(payer.override_modifiers ? { modifiers: payer.override_modifiers.split(',') } : {}),
          }
        : undefined;
    const lines = priceLines(input, { clientId, appointments, calls, settings, slidingScalePercent: profile?.sliding_scale_percent ?? null, payerOverride });
    return { settings, lines, providerId: lines.find((l) => l.providerId)?.providerId ?? null };
  }

  /** Stores priced lines for an invoice and claims their appointments (409 naming the one already billed). */
  private async storeLines(tx: Tx, pid: string, invoiceId: string, clientId: string, lines: readonly DraftLine[], appointmentIds: readonly string[]): Promise<void> {
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
        description_enc: await this.ctx.crypto.encrypt(pid, lineRef(id), l.description, tx),
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

  private totals(lines: readonly DraftLine[]) {
    const sum = (f: (l: DraftLine) => number) => lines.reduce((s, l) => s + f(l), 0);
    return {
      subtotal_cents: sum((l) => l.totals.grossMinor),
      reduction_cents: sum((l) => l.totals.reductionMinor),
      tax_cents: sum((l) => l.totals.taxMinor),
      total_cents: sum((l) => l.totals.totalMinor),
    };
  }

  async create(s: ResolvedSession, input: InvoiceCreate, meta: RequestMeta): Promise<Invoice> {
    const pid = s.user.practiceId;
    await this.access.assertClient(s, input.clientId);
    const { settings, lines, providerId } = await this.price(pid, input.clientId, input);
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertInvoice(tx, {
        id,
        practice_id: pid,
        client_id: input.clientId,
        provider_id: providerId ?? (this.access.role(s) === 'provider' ? s.user.id : null),
        kind: 'invoice',
        number: null,
        status: 'draft',
        currency: settings.currency,
        ...this.totals(lines),
        paid_cents: 0,
        credited_cents: 0,
        source: 'manual',
        period_start: null,
        period_end: null,
        original_invoice_id: null,
        replaces_invoice_id: null,
        memo_enc: input.memo ? await this.ctx.crypto.encrypt(pid, invRef(id, 'memo_enc'), input.memo, tx) : null,
        void_reason_enc: null,
        issued_at: null,
        due_at: null,
        paid_at: null,
        voided_at: null,
        created_by: s.user.id,
        issued_by: null,
        voided_by: null,
        created_at: now,
        updated_at: now,
        version: 1,
      });
      await this.storeLines(tx, pid, id, input.clientId, lines, input.appointmentIds ?? []);
      await this.ctx.audit.record(
        { ...this.access.who(s, meta), action: 'create', resource: { type: 'invoice', id }, outcome: 'success', details: { clientId: input.clientId, lines: lines.length } },
        tx,
      );
    });
    return this.present((await repo.findInvoice(this.ctx.db, pid, id))!);
  }

  /** A draft's manual lines as they can be given again (their own discount as stored). */
  private async manualLinesOf(r: repo.InvoiceRow): Promise<ManualLine[]> {
    const out = [];
    for (const l of await repo.linesOf(this.ctx.db, r.id)) {
      if (l.kind !== 'manual') continue;
      out.push({
        description: await this.ctx.crypto.decrypt(lineRef(l.id), l.description_enc),
        units: Number(l.units),
        rateCents: Number(l.rate_cents),
        discountCents: Number(l.discount_cents),
        ...(l.cpt_code ? { cptCode: l.cpt_code } : {}),
        taxable: l.tax_rate !== '0',
      });
    }
    return out;
  }

  /**
   * Edits a draft: appointmentIds and lines, when given, replace the draft's (the ones not given are
   * kept); discountCents is spread over the lines now on it. An issued invoice answers 409 invoice_issued.
   */
  async update(s: ResolvedSession, id: string, patch: InvoicePatch, meta: RequestMeta): Promise<Invoice> {
    const pid = s.user.practiceId;
    const r = await this.visible(s, id);
    if (r.status !== 'draft') throw issuedInvoice();
    if (patch.version !== Number(r.version)) throw conflict('The invoice was changed meanwhile; reload it and try again', 'version');
    const relines = patch.appointmentIds !== undefined || patch.lines !== undefined || patch.discountCents !== undefined;
    const appointmentIds = patch.appointmentIds ?? (await repo.linesOf(this.ctx.db, id)).filter((l) => l.appointment_id && l.kind !== 'manual').map((l) => l.appointment_id!);
    const priced = relines
      ? await this.price(pid, r.client_id, { appointmentIds, lines: patch.lines ?? (await this.manualLinesOf(r)), ...(patch.discountCents !== undefined ? { discountCents: patch.discountCents } : {}) })
      : null;
    await this.ctx.db.transaction().execute(async (tx) => {
      const set: Partial<repo.InvoiceRow> = { updated_at: this.ctx.clock.now() };
      if (patch.memo !== undefined) set.memo_enc = patch.memo === null ? null : await this.ctx.crypto.encrypt(pid, invRef(id, 'memo_enc'), patch.memo, tx);
      if (priced) Object.assign(set, this.totals(priced.lines), { provider_id: priced.providerId ?? r.provider_id });
      if ((await repo.updateInvoice(tx, id, Number(r.version), { ...set, status: 'draft' })) !== 1) throw conflict('The invoice was changed meanwhile; reload it and try again', 'version');
      const now = (await repo.findInvoice(tx, pid, id))!;
      if (now.status !== 'draft') throw issuedInvoice();
      if (priced) {
        await repo.releaseAppointments(tx, id);
        await repo.deleteLines(tx, id);
        await this.storeLines(tx, pid, id, r.client_id, priced.lines, appointmentIds);
      }
      await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'update', resource: { type: 'invoice', id }, outcome: 'success', details: { clientId: r.client_id, fields: Object.keys(patch).filter((k) => k !== 'version') } }, tx);
    });
    return this.present((await repo.findInvoice(this.ctx.db, pid, id))!);
  }

  /** Deletes a draft and releases its appointments; an issued invoice answers 409 invoice_issued. */
  async remove(s: ResolvedSession, id: string, meta: RequestMeta): Promise<void> {
    const pid = s.user.practiceId;
    const r = await this.visible(s, id);
    await this.ctx.db.transaction().execute(async (tx) => {
      const locked = await repo.lockInvoice(tx, this.ctx.dialect, pid, id);
      if (!locked) throw notFound('Invoice');
      if (locked.status !== 'draft') throw issuedInvoice();
      await repo.releaseAppointments(tx, id);
      await repo.deleteLines(tx, id);
      await repo.deleteInvoice(tx, id);
      await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'delete', resource: { type: 'invoice', id }, outcome: 'success', details: { clientId: r.client_id } }, tx);
    });
  }

  // ---- issue, void, credit ----

  /** Issues a draft: the next number, issue and due dates, the client's unapplied credit applied; a zero total is paid at once. */
  async issue(s: ResolvedSession, id: string, meta: RequestMeta): Promise<Invoice> {
    const pid = s.user.practiceId;
    const r = await this.visible(s, id);
    await this.settings.row(pid);
    await this.ctx.db.transaction().execute(async (tx) => {
      const locked = (await repo.lockInvoice(tx, this.ctx.dialect, pid, id))!;
      if (locked.status !== 'draft') throw conflict('This invoice has already been issued', 'id');
      const settings = (await repo.settingsRow(tx, pid))!;
      const number = await repo.takeNumber(tx, pid, 'invoice');
      const now = this.ctx.clock.now();
      await repo.updateInvoice(tx, id, Number(locked.version), { status: 'issued', number, issued_at: now, due_at: now + Number(settings.due_days) * DAY, issued_by: s.user.id, updated_at: now });
      await applyCredit(tx, this.ctx, pid, r.client_id, id, s.user.id);
      await settleStatus(tx, this.ctx, pid, id);
      await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'update', resource: { type: 'invoice', id }, outcome: 'success', details: { clientId: r.client_id, change: 'issued', number } }, tx);
    });
    return this.present((await repo.findInvoice(this.ctx.db, pid, id))!);
  }

  /** Voids an issued invoice: its appointments are released, money paid on it becomes the client's credit; `replace` opens a new draft with the same lines. */
  async void(s: ResolvedSession, id: string, input: { reason: string; replace?: boolean }, meta: RequestMeta): Promise<Invoice> {
    const pid = s.user.practiceId;
    const r = await this.visible(s, id);
    let replacement: string | null = null;
    await this.ctx.db.transaction().execute(async (tx) => {
      const locked = (await repo.lockInvoice(tx, this.ctx.dialect, pid, id))!;
      if (locked.status === 'draft') throw conflict('A draft is not voided: delete it instead', 'id');
      if (locked.status === 'void') throw conflict('This invoice is already void', 'id');
      if (locked.kind !== 'invoice') throw conflict('A credit note cannot be voided', 'id');
      if (Number(locked.credited_cents) !== 0) throw conflict('This invoice has credit notes: credit the rest instead of voiding it', 'id');
      await releaseFromInvoice(tx, this.ctx, pid, id);
      await repo.releaseAppointments(tx, id);
      const now = this.ctx.clock.now();
      const fresh = (await repo.findInvoice(tx, pid, id))!;
      await repo.updateInvoice(tx, id, Number(fresh.version), {
        status: 'void',
        paid_at: null,
        voided_at: now,
        voided_by: s.user.id,
        void_reason_enc: await this.ctx.crypto.encrypt(pid, invRef(id, 'void_reason_enc'), input.reason, tx),
        updated_at: now,
      });
      if (input.replace) replacement = await this.copyAsDraft(tx, s, fresh);
      await this.ctx.audit.record(
        { ...this.access.who(s, meta), action: 'update', resource: { type: 'invoice', id }, outcome: 'success', details: { clientId: r.client_id, change: 'voided', replacedBy: replacement } },
        tx,
      );
    });
    return this.present((await repo.findInvoice(this.ctx.db, pid, id))!);
  }

  /** A new draft with the same lines and figures as `r`, replacing it; its appointments claimed again. */
  private async copyAsDraft(tx: Tx, s: ResolvedSession, r: repo.InvoiceRow): Promise<string> {
    const pid = r.practice_id;
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await repo.insertInvoice(tx, {
      ...r,
      id,
      number: null,
      status: 'draft',
      paid_cents: 0,
      credited_cents: 0,
      replaces_invoice_id: r.id,
      memo_enc: r.memo_enc === null ? null : await this.ctx.crypto.encrypt(pid, invRef(id, 'memo_enc'), await this.ctx.crypto.decrypt(invRef(r.id, 'memo_enc'), r.memo_enc, tx), tx),
      void_reason_enc: null,
      issued_at: null,
      due_at: null,
      paid_at: null,
      voided_at: null,
      created_by: s.user.id,
      issued_by: null,
      voided_by: null,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    const lines = await repo.linesOf(tx, r.id);
    const drafts: DraftLine[] = [];
    for (const l of lines) {
      drafts.push({
        kind: l.kind,
        appointmentId: l.appointment_id,
        providerId: l.provider_id,
        serviceDate: l.service_date,
        description: await this.ctx.crypto.decrypt(lineRef(l.id), l.description_enc, tx),
        cptCode: l.cpt_code,
        modifiers: l.modifiers ? l.modifiers.split(',') : [],
        posCode: l.pos_code,
        units: Number(l.units),
        rateCents: Number(l.rate_cents),
        discountCents: Number(l.discount_cents),
        slidingScalePercent: l.sliding_scale_percent,
        taxRate: l.tax_rate,
        totals: { grossMinor: Number(l.gross_cents), reductionMinor: Number(l.reduction_cents), amountMinor: Number(l.amount_cents), taxMinor: Number(l.tax_cents), totalMinor: Number(l.total_cents) },
      });
    }
    await this.storeLines(tx, pid, id, r.client_id, drafts, drafts.map((d) => d.appointmentId ?? ''));
    await this.ctx.audit.record({ ...this.access.who(s, { ip: '', userAgent: '' }), action: 'create', resource: { type: 'invoice', id }, outcome: 'success', details: { clientId: r.client_id, replaces: r.id } }, tx);
    return id;
  }

  /**
   * A credit note against an issued invoice: the lines named (or all), each the exact negative of
   * the original. It is issued at once with the next credit-note number; the original's credited
   * figure grows, money now paid twice over goes back to the client's credit.
   */
  async creditNote(s: ResolvedSession, id: string, input: z.infer<typeof CreditNoteCreate>, meta: RequestMeta): Promise<Invoice> {
    const pid = s.user.practiceId;
    const r = await this.visible(s, id);
    const cnId = randomUUID();
    await this.ctx.db.transaction().execute(async (tx) => {
      const locked = (await repo.lockInvoice(tx, this.ctx.dialect, pid, id))!;
      if (locked.kind !== 'invoice' || locked.status === 'draft' || locked.status === 'void') throw conflict('Only an issued invoice can be credited', 'id');
      const all = await repo.linesOf(tx, id);
      const wanted = input.lineIds ?? all.map((l) => l.id);
      wanted.forEach((lineId, i) => {
        if (!all.some((l) => l.id === lineId)) throw invalid(`lineIds[${i}]`, 'not a line of this invoice');
      });
      if (new Set(wanted).size !== wanted.length) throw invalid('lineIds', 'lists a line twice');
      const credited = await this.creditedLineIds(tx, id);
      wanted.forEach((lineId, i) => {
        if (credited.has(lineId)) throw conflict(`lineIds[${i}]: this line has already been credited`, `lineIds[${i}]`);
      });
      const drafts: DraftLine[] = [];
      for (const l of all.filter((x) => wanted.includes(x.id))) {
        const totals = creditLine({ grossMinor: Number(l.gross_cents), reductionMinor: Number(l.reduction_cents), amountMinor: Number(l.amount_cents), taxMinor: Number(l.tax_cents), totalMinor: Number(l.total_cents) });
        const description = await this.ctx.crypto.decrypt(lineRef(l.id), l.description_enc, tx);
        drafts.push({ kind: 'credit', appointmentId: l.appointment_id, providerId: l.provider_id, serviceDate: l.service_date, description: `Credit: ${description}`, cptCode: l.cpt_code, modifiers: l.modifiers ? l.modifiers.split(',') : [], posCode: l.pos_code, units: Number(l.units), rateCents: Number(l.rate_cents), discountCents: Number(l.discount_cents), slidingScalePercent: l.sliding_scale_percent, taxRate: l.tax_rate, totals });
      }
      const totals = this.totals(drafts);
      const now = this.ctx.clock.now();
      const number = await repo.takeNumber(tx, pid, 'credit_note');
      await repo.insertInvoice(tx, {
        ...locked,
        id: cnId,
        kind: 'credit_note',
        number,
        status: 'issued',
        ...totals,
        paid_cents: 0,
        credited_cents: 0,
        original_invoice_id: id,
        replaces_invoice_id: null,
        memo_enc: await this.ctx.crypto.encrypt(pid, invRef(cnId, 'memo_enc'), input.reason, tx),
        void_reason_enc: null,
        issued_at: now,
        due_at: null,
        paid_at: null,
        voided_at: null,
        created_by: s.user.id,
        issued_by: s.user.id,
        voided_by: null,
        created_at: now,
        updated_at: now,
        version: 1,
      });
      await this.storeLines(tx, pid, cnId, r.client_id, drafts, []);
      // Credited lines no longer hold their appointments: the appointment may be billed again.
      for (const d of drafts) if (d.appointmentId) await repo.releaseAppointment(tx, id, d.appointmentId);
      await repo.addToInvoice(tx, id, { credited: -totals.total_cents }, now);
      const after = (await repo.findInvoice(tx, pid, id))!;
      if (balanceOf(after) < 0) await releaseFromInvoice(tx, this.ctx, pid, id, -balanceOf(after));
      await settleStatus(tx, this.ctx, pid, id);
      await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'create', resource: { type: 'credit_note', id: cnId }, outcome: 'success', details: { clientId: r.client_id, invoiceId: id, number } }, tx);
    });
    return this.present((await repo.findInvoice(this.ctx.db, pid, cnId))!);
  }

  /** The original lines already reversed by a credit note (matched by position in the credit notes' source). */
  private async creditedLineIds(tx: Tx, invoiceId: string): Promise<Set<string>> {
    const originals = await repo.linesOf(tx, invoiceId);
    const out = new Set<string>();
    for (const cn of await repo.creditNotesOf(tx, invoiceId)) {
      for (const l of await repo.linesOf(tx, cn.id)) {
        const match = originals.find((o) => !out.has(o.id) && Number(o.total_cents) === -Number(l.total_cents) && o.appointment_id === l.appointment_id && Number(o.rate_cents) === Number(l.rate_cents) && Number(o.units) === Number(l.units));
        if (match) out.add(match.id);
      }
    }
    return out;
  }
}
