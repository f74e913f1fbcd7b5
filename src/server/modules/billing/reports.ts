// Billing reports (BillingReports, the `reports` part of the billing module): income by month,
// provider and service; outstanding balances by age; payments by method; attended visits not yet
// billed. Figures are summed in the database (reports-repo.ts); this file adds names, checks the
// range, and audits each read ('read' for the JSON answer, 'export' for a CSV download). Reports
// are for the owner, billing staff and the compliance officer; no other role, whatever it may read
// of billing elsewhere.
import type { AppContext, RequestMeta } from '../../context.js';
import { AppError, invalid } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import { AGING_BUCKETS, MAX_REPORT_DAYS, type AgingBucket, type AgingQuery, type AgingReport, type IncomeReport, type IncomeRow, type PaymentsByMethodReport, type ReportQuery, type UnbilledReport } from '../../../shared/billing.js';
import { CURRENCY_CODES, type CurrencyCode } from '../../../shared/money.js';
import type { PaymentMethod } from './table.js';
import type { StaffRole } from '../../../shared/roles.js';
import type { AuditEvent } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import type { BillableAppointment, SchedulingService } from '../scheduling/index.js';
import * as repo from './reports-repo.js';
import { monthsOf } from './reports-months.js';

export const REPORT_KINDS = ['income', 'aging', 'payments', 'unbilled'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Who may read billing reports: they show every client's money. */
export const REPORT_READERS: ReadonlySet<StaffRole> = new Set<StaffRole>(['owner', 'billing', 'compliance']);

export interface ReportDeps {
  scheduling: SchedulingService;
  clients: ClientService;
  /** Which of these appointments had a call held (calls' billingFacts): a checked-in visit is billable only then. */
  heldCalls: (practiceId: string, appointmentIds: readonly string[]) => Promise<ReadonlyMap<string, unknown>>;
  /** 404 unless the client is within the session's reach (a provider: their own clients). */
  assertClient: (s: ResolvedSession, clientId: string) => Promise<void>;
}

interface Range {
  from: number;
  to: number;
}

export class BillingReports {
  constructor(
    private readonly ctx: AppContext,
    private readonly deps: ReportDeps,
  ) {}

  private who(s: ResolvedSession, meta: RequestMeta): Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'> {
    return { actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, ip: meta.ip, userAgent: meta.userAgent };
  }

  /** Refuses (403, audited) a role that is not a report reader; audits the read or the export. */
  private async open(s: ResolvedSession, meta: RequestMeta, kind: ReportKind, format: 'json' | 'csv' | undefined, details: Record<string, string>): Promise<void> {
    const role = s.session.active_role as StaffRole;
    if (!REPORT_READERS.has(role)) {
      await this.ctx.audit.record({ ...this.who(s, meta), action: 'access_denied', resource: { type: 'billing_report', id: kind }, outcome: 'denied', details: { role } });
      throw new AppError('forbidden', 403, 'Your active role does not allow reading billing reports');
    }
    const action = format === 'csv' ? 'export' : 'read';
    await this.ctx.audit.record({ ...this.who(s, meta), action, resource: { type: 'billing_report', id: kind }, outcome: 'success', details: { ...details, format: format ?? 'json' } });
  }

  private range(q: Pick<ReportQuery, 'from' | 'to'>): Range {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (!(to > from)) throw invalid('to', 'must be after from');
    if (to - from > MAX_REPORT_DAYS * repo.DAY_MS) throw invalid('to', `must be at most ${MAX_REPORT_DAYS} days after from`);
    return { from, to };
  }

  private async currency(practiceId: string): Promise<CurrencyCode> {
    const c = (await repo.settingsFacts(this.ctx.db, practiceId))?.currency;
    return c && (CURRENCY_CODES as string[]).includes(c) ? (c as CurrencyCode) : 'USD';
  }

  private async providerNames(practiceId: string, ids: Iterable<string | null>): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    for (const id of new Set(ids)) if (id !== null) out.set(id, await this.deps.scheduling.providerName(practiceId, id));
    return out;
  }

  private async clientNames(practiceId: string): Promise<(id: string) => string | null> {
    const dir = await this.deps.clients.directory(practiceId);
    return (id) => {
      const c = dir.get(id);
      return c ? `${c.firstName} ${c.lastName}` : null;
    };
  }

  // ---- income ----

  async income(s: ResolvedSession, q: ReportQuery, meta: RequestMeta): Promise<IncomeReport> {
    const r = this.range(q);
    const pid = s.user.practiceId;
    await this.open(s, meta, 'income', q.format, { from: q.from, to: q.to });
    const months = monthsOf(r.from, r.to, q.timeZone ?? 'UTC');
    const [invoiced, collected, currency, services] = await Promise.all([
      repo.invoicedByMonth(this.ctx.db, pid, r.from, r.to, months),
      repo.collectedByMonth(this.ctx.db, pid, r.from, r.to, months),
      this.currency(pid),
      this.deps.scheduling.listServices(pid),
    ]);
    const names = await this.providerNames(pid, invoiced.map((x) => x.provider_id));
    const serviceNames = new Map<string, string>();
    for (const sv of services) if (sv.cptCode && !serviceNames.has(sv.cptCode)) serviceNames.set(sv.cptCode, sv.name);
    const rows: IncomeRow[] = invoiced.map((x) => ({
      month: x.month,
      providerId: x.provider_id,
      providerName: x.provider_id === null ? null : (names.get(x.provider_id) ?? null),
      service: x.service,
      serviceName: serviceNames.get(x.service) ?? null,
      invoicedCents: x.cents,
      collectedCents: 0,
    }));
    // Money received is the client's, not a visit's: it is reported by month (provider and service empty).
    for (const [month, cents] of collected) {
      if (cents !== 0) rows.push({ month, providerId: null, providerName: null, service: null, serviceName: null, invoicedCents: 0, collectedCents: cents });
    }
    rows.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : (a.service === null ? 1 : 0) - (b.service === null ? 1 : 0)));
    const byMonth = months.map((m) => ({
      month: m.key,
      invoicedCents: invoiced.filter((x) => x.month === m.key).reduce((t, x) => t + x.cents, 0),
      collectedCents: collected.get(m.key) ?? 0,
    }));
    return { currency, rows, byMonth };
  }

  // ---- aging ----

  async aging(s: ResolvedSession, q: AgingQuery, meta: RequestMeta): Promise<AgingReport> {
    const asOf = q.asOf ? Date.parse(q.asOf) : this.ctx.clock.now();
    const pid = s.user.practiceId;
    await this.open(s, meta, 'aging', q.format, { asOf: iso(asOf) });
    const [rows, currency, nameOf] = await Promise.all([repo.agingByClient(this.ctx.db, pid, asOf), this.currency(pid), this.clientNames(pid)]);
    const buckets = AGING_BUCKETS.map((bucket) => ({ bucket, invoices: 0, outstandingCents: 0 }));
    const clients = new Map<string, AgingReport['clients'][number]>();
    for (const r of rows) {
      const b = buckets[AGING_BUCKETS.indexOf(r.bucket)]!;
      b.invoices += r.invoices;
      b.outstandingCents += r.cents;
      let c = clients.get(r.client_id);
      if (!c) {
        c = { clientId: r.client_id, clientName: nameOf(r.client_id), bucketCents: Object.fromEntries(AGING_BUCKETS.map((k) => [k, 0])) as Record<AgingBucket, number>, totalCents: 0 };
        clients.set(r.client_id, c);
      }
      c.bucketCents[r.bucket] += r.cents;
      c.totalCents += r.cents;
    }
    // Most owed first: the list a person works down.
    const list = [...clients.values()].sort((a, b) => b.totalCents - a.totalCents || (a.clientName ?? '').localeCompare(b.clientName ?? ''));
    return { currency, asOf: iso(asOf), buckets, clients: list };
  }

  // ---- payments by method ----

  async payments(s: ResolvedSession, q: ReportQuery, meta: RequestMeta): Promise<PaymentsByMethodReport> {
    const r = this.range(q);
    const pid = s.user.practiceId;
    await this.open(s, meta, 'payments', q.format, { from: q.from, to: q.to });
    const [rows, currency] = await Promise.all([repo.paymentsByMethod(this.ctx.db, pid, r.from, r.to), this.currency(pid)]);
    return { currency, rows: rows.map((x) => ({ method: x.method as PaymentMethod, payments: x.payments, amountCents: x.cents, refundedCents: x.refunded })) };
  }

  // ---- unbilled ----

  async unbilled(s: ResolvedSession, q: ReportQuery, meta: RequestMeta): Promise<UnbilledReport> {
    const r = this.range(q);
    await this.open(s, meta, 'unbilled', q.format, { from: q.from, to: q.to });
    return this.unbilledRows(s.user.practiceId, r, null);
  }

  /**
   * One client's visits still to bill, for whoever may invoice that client (a provider: their own
   * clients; the report above is for billing readers). Audited as a read of the client's billing.
   */
  async unbilledOfClient(s: ResolvedSession, clientId: string, q: ReportQuery, meta: RequestMeta): Promise<UnbilledReport> {
    const r = this.range(q);
    await this.deps.assertClient(s, clientId);
    await this.ctx.audit.record({ ...this.who(s, meta), action: 'read', resource: { type: 'client_unbilled', id: clientId }, outcome: 'success', details: { from: q.from, to: q.to } });
    return this.unbilledRows(s.user.practiceId, r, clientId);
  }

  private async unbilledRows(pid: string, r: Range, onlyClient: string | null): Promise<UnbilledReport> {
    const [visits, facts, nameOf, currency] = await Promise.all([this.deps.scheduling.billableInRange(pid, r.from, r.to), repo.settingsFacts(this.ctx.db, pid), this.clientNames(pid), this.currency(pid)]);
    const checkedIn = visits.filter((v) => v.status === 'checked_in').map((v) => v.id);
    const held = checkedIn.length ? await this.deps.heldCalls(pid, checkedIn) : new Map<string, unknown>();
    const billed = await repo.billedPairs(this.ctx.db, pid, visits.map((v) => v.id));
    const rows: UnbilledReport['rows'] = [];
    for (const v of visits) {
      const rate = billableRate(v, facts, held.has(v.id));
      if (rate === null) continue;
      for (const clientId of v.clientIds) {
        if (onlyClient !== null && clientId !== onlyClient) continue;
        if (billed.has(repo.pairKey(v.id, clientId))) continue;
        rows.push({ appointmentId: v.id, clientId, clientName: nameOf(clientId), providerId: v.providerId, start: iso(v.start), status: v.lateCancel ? 'late_cancel' : v.status, service: v.serviceName, rateCents: rate });
      }
    }
    return { currency, rows };
  }
}

/**
 * What a visit would be billed at, or null when it is not billable: attended (completed, or checked
 * in with a call held) at its service's rate; a no-show or a late cancellation by the client under
 * the practice's fee policy (none: not billable; flat: the fee; service_rate: the service's rate).
 */
export function billableRate(v: BillableAppointment, facts: repo.SettingsFacts | null, callHeld: boolean): number | null {
  if (v.status === 'completed' || (v.status === 'checked_in' && callHeld)) return v.rateCents;
  const fee = v.status === 'no_show' ? { policy: facts?.noShowFee, cents: facts?.noShowFeeCents } : v.lateCancel ? { policy: facts?.lateCancelFee, cents: facts?.lateCancelFeeCents } : null;
  if (!fee || fee.policy === undefined || fee.policy === 'none') return null;
  return fee.policy === 'flat' ? (fee.cents ?? 0) : v.rateCents;
}
