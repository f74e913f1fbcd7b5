// The nightly reconciliation: for each practice with Stripe connected, Stripe's succeeded charges
// of the previous UTC day against the ledger's Stripe payments of that day, matched by
// PaymentIntent. A charge the ledger lacks (a webhook never applied), a payment Stripe does not
// show, a different amount or a different refunded amount is listed; the run is stored once per
// practice and day (ids and amounts only, no PHI) and shown to the owner and billing staff.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppContext, RequestMeta } from '../../context.js';
import { DispatchLoop } from '../../jobs/index.js';
import { iso } from '../../lib/clock.js';
import type { ReconciliationList, ReconciliationRun } from '../../../shared/billing.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import { StripeFailure } from './stripe-client.js';
import * as stripeRepo from './stripe-repo.js';
import type { StripeBilling } from './stripe-service.js';

type Difference = ReconciliationRun['differences'][number];
const DAY_MS = 86_400_000;

/** "2026-12-05" → [start, end) in ms, UTC. */
export function dayWindow(day: string): [number, number] {
  const start = Date.parse(`${day}T00:00:00Z`);
  return [start, start + DAY_MS];
}

export class StripeReconciliation {
  constructor(
    private readonly ctx: AppContext,
    private readonly stripe: StripeBilling,
  ) {}

  /** Compares one practice's day and stores the run (again, if it ran before). */
  async run(practiceId: string, day: string): Promise<ReconciliationRun> {
    const [from, to] = dayWindow(day);
    const conn = await this.stripe.connection(practiceId);
    let status: ReconciliationRun['status'] = 'failed';
    let checked = 0;
    let differences: Difference[] = [];
    if (conn) {
      try {
        const charges = await conn.client.settledCharges(Math.floor(from / 1000), Math.floor(to / 1000));
        const intents = charges.map((c) => c.paymentIntentId).filter((x): x is string => x !== null);
        const booked = new Map((await stripeRepo.paymentsByIntents(this.ctx.db, practiceId, intents)).map((p) => [p.stripe_payment_intent_id!, p]));
        for (const c of charges) {
          const p = c.paymentIntentId ? booked.get(c.paymentIntentId) : undefined;
          if (!p) differences.push({ kind: 'missing_in_ledger', stripeId: c.paymentIntentId ?? c.chargeId, paymentId: null, stripeCents: c.amountCents, ledgerCents: 0 });
          else if (Number(p.amount_cents) !== c.amountCents) differences.push({ kind: 'amount_mismatch', stripeId: c.paymentIntentId, paymentId: p.id, stripeCents: c.amountCents, ledgerCents: Number(p.amount_cents) });
          else if (Number(p.refunded_cents) !== c.refundedCents) differences.push({ kind: 'refund_mismatch', stripeId: c.paymentIntentId, paymentId: p.id, stripeCents: c.refundedCents, ledgerCents: Number(p.refunded_cents) });
        }
        const atStripe = new Set(intents);
        for (const p of await stripeRepo.stripePaymentsBetween(this.ctx.db, practiceId, from, to)) {
          if (p.stripe_payment_intent_id && !atStripe.has(p.stripe_payment_intent_id)) {
            differences.push({ kind: 'missing_at_stripe', stripeId: p.stripe_payment_intent_id, paymentId: p.id, stripeCents: 0, ledgerCents: Number(p.amount_cents) });
          }
        }
        checked = charges.length;
        status = differences.length ? 'differences' : 'matched';
      } catch (err) {
        if (!(err instanceof StripeFailure)) throw err;
        differences = [];
      }
    }
    const ranAt = this.ctx.clock.now();
    await stripeRepo.upsertRun(this.ctx.db, { id: randomUUID(), practice_id: practiceId, day, status, checked, differences: JSON.stringify(differences), ran_at: ranAt });
    await this.ctx.audit.record({ actor: { type: 'system', id: null }, practiceId, action: 'create', resource: { type: 'reconciliation_run', id: day }, outcome: status === 'failed' ? 'failure' : 'success', details: { status, checked, differences: differences.length } });
    return { day, status, checked, differences, ranAt: iso(ranAt) };
  }

  /** Yesterday's run of every connected practice that has none yet. */
  async runDue(): Promise<number> {
    const day = new Date(this.ctx.clock.now() - DAY_MS).toISOString().slice(0, 10);
    let ran = 0;
    for (const p of await stripeRepo.connectedPractices(this.ctx.db)) {
      const [last] = await stripeRepo.runs(this.ctx.db, p.practice_id, 1);
      if (last && last.day >= day) continue;
      await this.run(p.practice_id, day);
      ran++;
    }
    return ran;
  }

  async list(s: ResolvedSession, meta: RequestMeta): Promise<ReconciliationList> {
    const rows = await stripeRepo.runs(this.ctx.db, s.user.practiceId, 60);
    await this.ctx.audit.record({ ...byStaff(s, meta), action: 'read', resource: { type: 'reconciliation_runs', id: s.user.practiceId }, outcome: 'success', details: { returned: rows.length } });
    return { items: rows.map((r) => ({ day: r.day, status: r.status, checked: Number(r.checked), differences: JSON.parse(r.differences) as Difference[], ranAt: iso(Number(r.ran_at)) })) };
  }
}

/** Looks every half hour for a day not reconciled yet (one run per practice and day, whichever instance). */
export class ReconciliationLoop extends DispatchLoop {
  constructor(
    log: Logger,
    private readonly reconciliation: StripeReconciliation,
  ) {
    super(log, 'stripe-reconciliation', 30 * 60_000);
  }

  protected async pass(): Promise<void> {
    await this.reconciliation.runDue();
  }
}
