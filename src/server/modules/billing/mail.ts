// Billing's mail to clients, free of PHI: "You have a new invoice from <sender>" when an invoice is
// issued, "Your payment was received" when a payment is recorded (by hand, from the portal, by
// autopay or a Stripe webhook alike), each with a link to the portal's billing page. Never an
// amount, a service, a name or an invoice number. The sender is the practice's neutral mail name
// (the one messages and calls use), never its own name, which may say what it treats.
//
// The invoices and payments tables are the durable facts; a sweep (MailSweep) turns each new one
// into a notification keyed by its id (`billing_invoice:<id>`, `billing_receipt:<id>`), so a
// restart, a second instance or a second sweep never enqueues twice, and the notification ledger
// sends it once, with retries. The composer decides at send time: the client's e-mail consent and
// address, and an invoice voided meanwhile is not announced.
import { mailBody, t, withLang } from '../../i18n/index.js';
import type { AppContext } from '../../context.js';
import { DispatchLoop } from '../../jobs/index.js';
import type { ClientService } from '../clients/index.js';
import type { Composed, Notification, NotificationRequest, NotificationService } from '../notifications/index.js';
import * as autoRepo from './auto-repo.js';

export const INVOICE_MAIL = 'billing_invoice';
export const RECEIPT_MAIL = 'billing_receipt';
/** How far back a freshly started sweep looks, and how much it overlaps the previous one (commits land after their timestamps). */
const LOOK_BACK_MS = 2 * 24 * 60 * 60 * 1000;
const OVERLAP_MS = 10 * 60 * 1000;

export class BillingMail {
  /** Everything at or after this instant (less the overlap) is looked at by the next sweep. */
  private since: number;

  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
    private readonly notifications: NotificationService,
    /** The practice's neutral sender name for mail (messages' setting). */
    private readonly senderName: (practiceId: string) => Promise<string>,
  ) {
    this.since = ctx.clock.now() - LOOK_BACK_MS;
    const composer = { compose: (n: Notification) => this.compose(n) };
    notifications.register(INVOICE_MAIL, composer);
    notifications.register(RECEIPT_MAIL, composer);
  }

  /** Enqueues a notification for every invoice issued and payment recorded since the last sweep; returns how many were new. */
  async sweep(): Promise<number> {
    const now = this.ctx.clock.now();
    const from = this.since - OVERLAP_MS;
    const requests: NotificationRequest[] = [];
    for (const { practice_id: practiceId } of await autoRepo.practiceIds(this.ctx.db)) {
      for (const i of await autoRepo.issuedSince(this.ctx.db, practiceId, from)) {
        requests.push({ practiceId, kind: INVOICE_MAIL, recipient: { type: 'client', id: i.client_id }, dedupeKey: `${INVOICE_MAIL}:${i.id}`, payload: { invoiceId: i.id } });
      }
      for (const p of await autoRepo.paymentsSince(this.ctx.db, practiceId, from)) {
        requests.push({ practiceId, kind: RECEIPT_MAIL, recipient: { type: 'client', id: p.client_id }, dedupeKey: `${RECEIPT_MAIL}:${p.id}`, payload: { paymentId: p.id } });
      }
    }
    const added = requests.length ? await this.notifications.enqueue(this.ctx.db, requests) : 0;
    this.since = now;
    if (added) this.notifications.wake();
    return added;
  }

  async compose(n: Notification): Promise<Composed> {
    if (n.recipient_type !== 'client') return { skip: 'bad_payload' };
    const pid = n.practice_id;
    if (n.kind === INVOICE_MAIL) {
      const inv = typeof n.payload.invoiceId === 'string' ? await autoRepo.invoiceForMail(this.ctx.db, pid, n.payload.invoiceId) : undefined;
      if (!inv || inv.client_id !== n.recipient_id) return { skip: 'bad_payload' };
      if (inv.status === 'void') return { skip: 'invoice_void' };
    } else {
      const pay = typeof n.payload.paymentId === 'string' ? await autoRepo.paymentForMail(this.ctx.db, pid, n.payload.paymentId) : undefined;
      if (!pay || pay.client_id !== n.recipient_id) return { skip: 'bad_payload' };
    }
    const prefs = await this.clients.mailPreferences(pid, n.recipient_id);
    // A discharged client may still owe for their last visits: their status does not stop the mail.
    if (!prefs) return { skip: 'recipient_inactive' };
    if (!prefs.emailConsent) return { skip: 'no_consent' };
    const to = await this.clients.mailAddress(pid, n.recipient_id);
    if (!to) return { skip: 'no_address' };
    const sender = await this.senderName(pid);
    const l = prefs.locale;
    const link = withLang(`${this.ctx.config.publicUrl}/portal/billing`, l);
    const what = n.kind === INVOICE_MAIL ? 'invoice' : 'receipt';
    return { mail: { to, subject: t(l, `billing.${what}.subject`, { sender }), text: mailBody(l, sender, t(l, `billing.${what}.body`, { sender, link })), fromName: sender } };
  }
}

/** The sweep as a polling worker (dispatcher role, beside the notification dispatcher that sends). */
export class MailSweep extends DispatchLoop {
  constructor(
    ctx: AppContext,
    private readonly mail: BillingMail,
    pollMs: number,
  ) {
    super(ctx.log, 'billing mail sweep', pollMs);
  }

  protected async pass(): Promise<void> {
    await this.mail.sweep();
  }
}
