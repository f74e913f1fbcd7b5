// Invoices: drafts (priced from appointments and manual lines, edited, deleted), issue (the next
// number of the practice's gapless sequence, in the same transaction; the client's credit applied)
// and reading them, for staff and for automatic invoicing (the system). An issued invoice's figures
// never change (corrections.ts voids and credits). Every read and change is audited.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { conflict, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import type { Invoice, InvoiceCreate, InvoicePatch, InvoiceSummary, ManualLine } from '../../../shared/billing.js';
import type { PayerCodingOverride } from '../../../shared/billing-codes.js';
import type { CurrencyCode } from '../../../shared/money.js';
import type { ResolvedSession } from '../auth/index.js';
import type { Calls } from '../calls/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import type { BillingAccess } from './access.js';
import { draftOfRow, invoiceNumber, invRef, issuedInvoice, presentLine, storeLines, sumTotals, systemWho, type Who } from './invoice-store.js';
import { applyCredit, balanceOf, settleStatus, takesMoney } from './ledger.js';
import { priceLines } from './lines.js';
import * as repo from './repo.js';
import type { BillingSettingsPart } from './settings.js';
import type { InvoiceSource } from './table.js';

/** A draft the system makes (automatic invoicing): whose, what, and where it comes from. */
export interface SystemDraft {
  practiceId: string;
  clientId: string;
  appointmentIds?: string[];
  lines?: ManualLine[];
  source: InvoiceSource;
  /** The month a monthly invoice covers. */
  periodStart?: number | null;
  periodEnd?: number | null;
  memo?: string;
}

const DAY = 24 * 60 * 60 * 1000;

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

  async present(r: repo.InvoiceRow): Promise<Invoice> {
    const names = await this.access.names(r.practice_id);
    const lines = await Promise.all((await repo.linesOf(this.ctx.db, r.id)).map((l) => presentLine(this.ctx, l)));
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

  async create(s: ResolvedSession, input: InvoiceCreate, meta: RequestMeta): Promise<Invoice> {
    const pid = s.user.practiceId;
    await this.access.assertClient(s, input.clientId);
    const id = await this.insertDraft(pid, this.access.who(s, meta), { userId: s.user.id, provider: this.access.role(s) === 'provider' ? s.user.id : null }, input, { source: 'manual' });
    return this.present((await repo.findInvoice(this.ctx.db, pid, id))!);
  }

  /**
   * A draft made by the system (automatic invoicing: no staff session, audited as the system), for
   * a client of the practice; the same pricing and the same 400/409 answers as a staff draft.
   * Returns its id.
   */
  async createAsSystem(input: SystemDraft): Promise<string> {
    if (!(await this.access.inPractice(input.practiceId, input.clientId))) throw notFound('Client');
    return this.insertDraft(input.practiceId, systemWho(input.practiceId), { userId: null, provider: null }, input, {
      source: input.source,
      periodStart: input.periodStart ?? null,
      periodEnd: input.periodEnd ?? null,
    });
  }

  private async insertDraft(
    pid: string,
    who: Who,
    by: { userId: string | null; provider: string | null },
    input: Pick<InvoiceCreate, 'clientId' | 'appointmentIds' | 'lines' | 'discountCents' | 'memo'>,
    origin: { source: InvoiceSource; periodStart?: number | null; periodEnd?: number | null },
  ): Promise<string> {
    const { settings, lines, providerId } = await this.price(pid, input.clientId, input);
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertInvoice(tx, {
        id,
        practice_id: pid,
        client_id: input.clientId,
        provider_id: providerId ?? by.provider,
        kind: 'invoice',
        number: null,
        status: 'draft',
        currency: settings.currency,
        ...sumTotals(lines),
        paid_cents: 0,
        credited_cents: 0,
        source: origin.source,
        period_start: origin.periodStart ?? null,
        period_end: origin.periodEnd ?? null,
        original_invoice_id: null,
        replaces_invoice_id: null,
        memo_enc: input.memo ? await this.ctx.crypto.encrypt(pid, invRef(id, 'memo_enc'), input.memo, tx) : null,
        void_reason_enc: null,
        issued_at: null,
        due_at: null,
        paid_at: null,
        voided_at: null,
        created_by: by.userId,
        issued_by: null,
        voided_by: null,
        created_at: now,
        updated_at: now,
        version: 1,
      });
      await storeLines(this.ctx, tx, pid, id, input.clientId, lines, input.appointmentIds ?? []);
      await this.ctx.audit.record({ ...who, action: 'create', resource: { type: 'invoice', id }, outcome: 'success', details: { clientId: input.clientId, lines: lines.length, source: origin.source } }, tx);
    });
    return id;
  }

  /** A draft's manual lines as they can be given again (their own discount as stored). */
  private async manualLinesOf(r: repo.InvoiceRow): Promise<ManualLine[]> {
    const out = [];
    for (const l of await repo.linesOf(this.ctx.db, r.id)) {
      if (l.kind !== 'manual') continue;
      out.push({
        description: (await draftOfRow(this.ctx, this.ctx.db, l)).description,
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
      if (priced) Object.assign(set, sumTotals(priced.lines), { provider_id: priced.providerId ?? r.provider_id });
      if ((await repo.updateInvoice(tx, id, Number(r.version), { ...set, status: 'draft' })) !== 1) throw conflict('The invoice was changed meanwhile; reload it and try again', 'version');
      const now = (await repo.findInvoice(tx, pid, id))!;
      if (now.status !== 'draft') throw issuedInvoice();
      if (priced) {
        await repo.releaseAppointments(tx, id);
        await repo.deleteLines(tx, id);
        await storeLines(this.ctx, tx, pid, id, r.client_id, priced.lines, appointmentIds);
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

  // ---- issue ----

  /** Issues a draft: the next number, issue and due dates, the client's unapplied credit applied; a zero total is paid at once. */
  async issue(s: ResolvedSession, id: string, meta: RequestMeta): Promise<Invoice> {
    const pid = s.user.practiceId;
    await this.visible(s, id);
    await this.issueDraft(pid, id, this.access.who(s, meta), s.user.id);
    return this.present((await repo.findInvoice(this.ctx.db, pid, id))!);
  }

  /** Issues a draft for automatic invoicing (audited as the system); 409 when it is not a draft. */
  issueAsSystem(practiceId: string, id: string): Promise<void> {
    return this.issueDraft(practiceId, id, systemWho(practiceId), null);
  }

  private async issueDraft(pid: string, id: string, who: Who, by: string | null): Promise<void> {
    await this.settings.row(pid);
    await this.ctx.db.transaction().execute(async (tx) => {
      const locked = await repo.lockInvoice(tx, this.ctx.dialect, pid, id);
      if (!locked) throw notFound('Invoice');
      if (locked.status !== 'draft') throw conflict('This invoice has already been issued', 'id');
      const settings = (await repo.settingsRow(tx, pid))!;
      const number = await repo.takeNumber(tx, pid, 'invoice');
      const now = this.ctx.clock.now();
      await repo.updateInvoice(tx, id, Number(locked.version), { status: 'issued', number, issued_at: now, due_at: now + Number(settings.due_days) * DAY, issued_by: by, updated_at: now });
      await applyCredit(tx, this.ctx, pid, locked.client_id, id, by);
      await settleStatus(tx, this.ctx, pid, id);
      await this.ctx.audit.record({ ...who, action: 'update', resource: { type: 'invoice', id }, outcome: 'success', details: { clientId: locked.client_id, change: 'issued', number } }, tx);
    });
  }
}
