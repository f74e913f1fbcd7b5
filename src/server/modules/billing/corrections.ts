// Corrections of issued invoices: void (money paid on it goes back to the client's credit, its
// appointments are released; optionally a replacement draft with the same lines) and credit notes
// (the exact negatives of the lines credited, issued at once from their own gapless sequence).
// An issued invoice's own figures never change. Audited.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Tx } from '../../db/index.js';
import { conflict, invalid } from '../../errors.js';
import type { CreditNoteCreate, Invoice } from '../../../shared/billing.js';
import { creditLine } from '../../../shared/money.js';
import type { z } from 'zod';
import type { ResolvedSession } from '../auth/index.js';
import type { BillingAccess } from './access.js';
import { draftOfRow, invRef, storeLines, sumTotals, type Who } from './invoice-store.js';
import type { InvoicesPart } from './invoices.js';
import { balanceOf, releaseFromInvoice, settleStatus } from './ledger.js';
import type { DraftLine } from './lines.js';
import * as repo from './repo.js';

export class CorrectionsPart {
  constructor(
    private readonly ctx: AppContext,
    private readonly access: BillingAccess,
    private readonly invoices: InvoicesPart,
  ) {}

  /** Voids an issued invoice: its appointments are released, money paid on it becomes the client's credit; `replace` opens a new draft with the same lines. */
  async void(s: ResolvedSession, id: string, input: { reason: string; replace?: boolean }, meta: RequestMeta): Promise<Invoice> {
    const pid = s.user.practiceId;
    const r = await this.invoices.visible(s, id);
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
      if (input.replace) replacement = await this.copyAsDraft(tx, s.user.id, this.access.who(s, meta), fresh);
      await this.ctx.audit.record(
        { ...this.access.who(s, meta), action: 'update', resource: { type: 'invoice', id }, outcome: 'success', details: { clientId: r.client_id, change: 'voided', replacedBy: replacement } },
        tx,
      );
    });
    return this.invoices.present((await repo.findInvoice(this.ctx.db, pid, id))!);
  }

  /** A new draft with the same lines and figures as `r`, replacing it; its appointments claimed again. */
  private async copyAsDraft(tx: Tx, userId: string, who: Who, r: repo.InvoiceRow): Promise<string> {
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
      created_by: userId,
      issued_by: null,
      voided_by: null,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    const drafts: DraftLine[] = [];
    for (const l of await repo.linesOf(tx, r.id)) drafts.push(await draftOfRow(this.ctx, tx, l));
    await storeLines(this.ctx, tx, pid, id, r.client_id, drafts, drafts.map((d) => d.appointmentId ?? ''));
    await this.ctx.audit.record({ ...who, action: 'create', resource: { type: 'invoice', id }, outcome: 'success', details: { clientId: r.client_id, replaces: r.id } }, tx);
    return id;
  }

  /**
   * A credit note against an issued invoice: the lines named (or all), each the exact negative of
   * the original. It is issued at once with the next credit-note number; the original's credited
   * figure grows, money now paid twice over goes back to the client's credit.
   */
  async creditNote(s: ResolvedSession, id: string, input: z.infer<typeof CreditNoteCreate>, meta: RequestMeta): Promise<Invoice> {
    const pid = s.user.practiceId;
    const r = await this.invoices.visible(s, id);
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
        const d = await draftOfRow(this.ctx, tx, l);
        drafts.push({ ...d, kind: 'credit', description: `Credit: ${d.description}`, totals: creditLine(d.totals) });
      }
      const totals = sumTotals(drafts);
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
      await storeLines(this.ctx, tx, pid, cnId, r.client_id, drafts, []);
      // Credited lines no longer hold their appointments: the appointment may be billed again.
      for (const d of drafts) if (d.appointmentId) await repo.releaseAppointment(tx, id, d.appointmentId);
      await repo.addToInvoice(tx, id, { credited: -totals.total_cents }, now);
      const after = (await repo.findInvoice(tx, pid, id))!;
      if (balanceOf(after) < 0) await releaseFromInvoice(tx, this.ctx, pid, id, -balanceOf(after));
      await settleStatus(tx, this.ctx, pid, id);
      await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'create', resource: { type: 'credit_note', id: cnId }, outcome: 'success', details: { clientId: r.client_id, invoiceId: id, number } }, tx);
    });
    return this.invoices.present((await repo.findInvoice(this.ctx.db, pid, cnId))!);
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
