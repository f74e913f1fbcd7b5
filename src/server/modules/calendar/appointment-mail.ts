// What a service that mails clients about their appointments is built from: the appointments
// (scheduling), the clients' mail preferences and addresses, the practice's sender name, and the
// notification ledger, with which it registers the composer of its own kind (its mails are written
// at send time). The calendar invitations are one; the waitlist's offers (booking) another.
import type { AppContext } from '../../context.js';
import type { ClientService } from '../clients/index.js';
import type { Composed, Notification, NotificationService } from '../notifications/index.js';
import type { SchedulingService } from '../scheduling/index.js';

export abstract class AppointmentMail {
  constructor(
    kind: string,
    protected readonly ctx: AppContext,
    protected readonly scheduling: SchedulingService,
    protected readonly clients: ClientService,
    protected readonly senderName: (practiceId: string) => Promise<string>,
    protected readonly notifications: NotificationService,
  ) {
    notifications.register(kind, { compose: (n) => this.compose(n) });
  }

  /** One mail of this kind, at send time (or why it does not go). */
  protected abstract compose(n: Notification): Promise<Composed>;
}

/** What a subclass is built with, as its module definition hands it: the base's arguments after the kind. */
export type AppointmentMailDeps = ConstructorParameters<typeof AppointmentMail> extends [string, ...infer Deps] ? Deps : never;
