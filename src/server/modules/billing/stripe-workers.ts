// The Stripe part's background work, in the dispatcher role (the `npm run dispatcher` process, or
// every web process with DISPATCHER=inline): autopay charges and the nightly reconciliation.
import { worker, type Worker } from '../../jobs/index.js';
import type { AppContext } from '../../context.js';
import { AutopayLoop } from './stripe-autopay.js';
import { ReconciliationLoop } from './stripe-reconcile.js';
import type { StripeBilling } from './stripe-service.js';

export function stripeWorkers(ctx: AppContext, stripe: StripeBilling): Worker[] {
  return [
    worker('stripe-autopay', ['dispatcher'], new AutopayLoop(ctx.log, stripe.autopay)),
    worker('stripe-reconciliation', ['dispatcher'], new ReconciliationLoop(ctx.log, stripe.reconciliation)),
  ];
}
