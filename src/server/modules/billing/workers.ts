// Billing's background work (the automation part, Billing.automation): automatic invoicing (an
// outbox consumer for per-appointment invoices, a polling worker for monthly ones) and the sweep
// that turns new invoices and payments into PHI-free mail. All run in the dispatcher role (every
// web process with DISPATCHER=inline, or `npm run dispatcher`); the consumer runs wherever the pump does.
import type { AppContext } from '../../context.js';
import { worker, type Worker } from '../../jobs/index.js';
import type { ClientService } from '../clients/index.js';
import type { NotificationService } from '../notifications/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import { AutoInvoicing, MonthlyInvoicer } from './auto-invoice.js';
import { BillingMail, MailSweep } from './mail.js';
import type { BillingService } from './service.js';

/** A month ends at most this long before its invoices are made; each pass is cheap when there is nothing to do. */
const MONTHLY_POLL_MS = 60 * 60 * 1000;
/** How soon after an invoice is issued or a payment recorded its mail is enqueued (sooner after automatic invoicing: kicked). */
const MAIL_SWEEP_MS = 15 * 1000;

export interface BillingAutomation {
  auto: AutoInvoicing;
  monthly: MonthlyInvoicer;
  mail: BillingMail;
  sweep: MailSweep;
}

export function buildAutomation(
  ctx: AppContext,
  deps: {
    invoices: BillingService;
    clients: ClientService;
    scheduling: SchedulingService;
    notifications: NotificationService;
    senderName: (practiceId: string) => Promise<string>;
    practiceZone: (practiceId: string) => Promise<string | null>;
  },
): BillingAutomation {
  const mail = new BillingMail(ctx, deps.clients, deps.notifications, deps.senderName);
  const sweep = new MailSweep(ctx, mail, MAIL_SWEEP_MS);
  const auto = new AutoInvoicing(ctx, deps.invoices, deps.scheduling, deps.practiceZone, () => sweep.active && sweep.kick());
  return { auto, monthly: new MonthlyInvoicer(ctx, auto, MONTHLY_POLL_MS), mail, sweep };
}

export function billingWorkers(a: BillingAutomation): Worker[] {
  return [worker('billing-monthly-invoices', ['dispatcher'], a.monthly), worker('billing-mail', ['dispatcher'], a.sweep)];
}
