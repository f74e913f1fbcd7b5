// Automatic invoicing (the practice's setting autoInvoice), through the invoices part's system
// entry points createAsSystem and issueAsSystem (pricing, claiming, numbering and audit are not
// repeated here):
//  - per_appointment: an outbox consumer of appointment events. When an appointment becomes
//    attended (completed), a no-show, or a late cancellation by the client, each of its clients gets
//    an invoice for it, made and issued. billed_appointments holds one live line
//    per (appointment, client), so a redelivered event, a second instance or an invoice staff
//    already made meets a 409 and nothing is made twice.
//  - monthly: from the 1st of a month in the practice's zone, one invoice per client for last
//    month's billable appointments not billed yet. The invoice's period marks the client done for
//    that month (even if it is voided later: a voided monthly invoice is not made again).
// A draft left by a crash between making and issuing (automatic drafts are never meant to stay
// drafts) is issued by the next run for that client before anything new is made.
// An appointment that cannot be billed (no service, a fee policy of none, checked in without a
// held call) is left out and logged by its id and the error's code only (no PHI).
import { DateTime } from 'luxon';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { DispatchLoop } from '../../jobs/index.js';
import type { Consumer, DomainEvent } from '../outbox/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import * as autoRepo from './auto-repo.js';
import type { BillingService } from './service.js';
import type { InvoiceSource } from './table.js';

/** The consumer's identity in event_consumptions: never rename it (it would see every past event again). */
export const AUTO_INVOICE_CONSUMER = 'billing-auto-invoice';

/** Whether an appointment event says it just became billable. */
export function billableEvent(e: DomainEvent): boolean {
  const p = e.payload;
  if (e.type === 'appointment.cancelled') return p.late === 'true' && p.cancelledBy === 'client';
  return p.status === 'completed' || p.status === 'no_show';
}

const FIELD = /^appointmentIds\[(\d+)\]$/;

export class AutoInvoicing {
  /** Invoices made (tests and metrics). */
  made = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly billing: BillingService,
    private readonly scheduling: SchedulingService,
    /** The practice's zone for "the 1st of the month" (its hours' zone), null when it has none. */
    private readonly practiceZone: (practiceId: string) => Promise<string | null>,
    /** Called after invoices were issued (the mail sweep runs sooner). */
    private readonly issued: () => void = () => {},
  ) {}

  consumer(): Consumer {
    return {
      name: AUTO_INVOICE_CONSUMER,
      types: ['appointment.updated', 'appointment.rescheduled', 'appointment.cancelled'],
      handle: (e) => this.onAppointment(e),
    };
  }

  async onAppointment(e: DomainEvent): Promise<void> {
    const pid = e.practiceId;
    if (!pid || !billableEvent(e)) return;
    if ((await this.billing.settings.row(pid)).auto_invoice !== 'per_appointment') return;
    const clientIds = Array.isArray(e.payload.clientIds) ? e.payload.clientIds : [];
    for (const clientId of clientIds) await this.invoice(pid, clientId, [e.aggregateId], 'auto_appointment');
  }

  /**
   * One invoice for the client over these appointments, issued; an appointment the invoices part
   * refuses (not billable, or billed meanwhile: a 4xx naming appointmentIds[i]) is dropped and the
   * rest tried again. `stillWanted` is asked again before each retry (another instance may have
   * made the invoice meanwhile). Returns the invoice's id, or null when nothing was left to bill.
   */
  private async invoice(pid: string, clientId: string, ids: string[], source: InvoiceSource, o: { period?: { start: number; end: number }; stillWanted?: () => Promise<boolean> } = {}): Promise<string | null> {
    await this.issueStranded(pid, clientId, source);
    let left = [...ids];
    while (left.length) {
      try {
        const id = await this.billing.createAsSystem({ practiceId: pid, clientId, appointmentIds: left, source, ...(o.period ? { periodStart: o.period.start, periodEnd: o.period.end } : {}) });
        await this.issueMade(pid, id);
        this.made++;
        this.issued();
        return id;
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        const i = FIELD.exec(err.field ?? '')?.[1];
        this.ctx.log.info({ practiceId: pid, appointmentId: i === undefined ? null : left[Number(i)], code: err.code, source }, 'billing: automatic invoicing left an appointment out');
        if (i === undefined) return null;
        left = left.filter((_, k) => k !== Number(i));
        if (o.stillWanted && !(await o.stillWanted())) return null;
      }
    }
    return null;
  }

  /**
   * Issues the draft this run just made. Another instance may have issued it first (its
   * issueStranded found it between the making and the issuing: 409 on the id); it is still this
   * run's invoice, made and issued, and counts as such.
   */
  private async issueMade(pid: string, id: string): Promise<void> {
    try {
      await this.billing.issueAsSystem(pid, id);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 409 || err.field !== 'id') throw err;
    }
  }

  /** Issues the client's automatic drafts a crash left between making and issuing (another instance may issue one first: 409). */
  private async issueStranded(pid: string, clientId: string, source: InvoiceSource): Promise<void> {
    for (const { id } of await autoRepo.automaticDrafts(this.ctx.db, pid, clientId, source)) {
      try {
        await this.billing.issueAsSystem(pid, id);
        this.issued();
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
      }
    }
  }

  /** Last calendar month in the zone, as [start, end) instants. */
  static lastMonth(now: number, zone: string): { start: number; end: number } {
    const thisMonth = DateTime.fromMillis(now, { zone }).startOf('month');
    return { start: thisMonth.minus({ months: 1 }).toMillis(), end: thisMonth.toMillis() };
  }

  /** Monthly practices: each client's invoice for last month, once. Returns how many were made. */
  async runMonthly(): Promise<number> {
    let made = 0;
    for (const { practice_id: pid } of await autoRepo.practicesInvoicing(this.ctx.db, 'monthly')) made += await this.monthlyFor(pid);
    return made;
  }

  async monthlyFor(pid: string): Promise<number> {
    const period = AutoInvoicing.lastMonth(this.ctx.clock.now(), (await this.practiceZone(pid)) ?? 'UTC');
    const appointments = await this.scheduling.billableInRange(pid, period.start, period.end);
    const billed = await autoRepo.billedPairs(this.ctx.db, pid, appointments.map((a) => a.id));
    const byClient = new Map<string, string[]>();
    for (const a of appointments) {
      for (const c of a.clientIds) if (!billed.has(`${a.id}|${c}`)) byClient.set(c, [...(byClient.get(c) ?? []), a.id]);
    }
    let made = 0;
    for (const [clientId, ids] of byClient) {
      const notYet = async () => !(await autoRepo.hasMonthlyInvoice(this.ctx.db, pid, clientId, period.start));
      if (!(await notYet())) continue;
      if (await this.invoice(pid, clientId, ids, 'auto_monthly', { period, stillWanted: notYet })) made++;
    }
    return made;
  }
}

/** The monthly run as a polling worker (dispatcher role): each pass invoices whatever month has just ended. */
export class MonthlyInvoicer extends DispatchLoop {
  constructor(
    ctx: AppContext,
    private readonly auto: AutoInvoicing,
    pollMs: number,
  ) {
    super(ctx.log, 'billing monthly invoices', pollMs);
  }

  protected async pass(): Promise<void> {
    await this.auto.runMonthly();
  }
}
