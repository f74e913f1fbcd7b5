// What a service that mails clients about their appointments is built from: the appointments
// (scheduling), the clients' mail preferences and addresses, the practice's sender name, and the
// notification ledger, with which it registers the composer of its own kind (its mails are written
// at send time). The calendar invitations are one; the waitlist's offers (booking) another.
import type { AppContext } from '../../context.js';
import type { ClientService } from '../clients/index.js';
import type { Composed, Notification, NotificationService } from '../notifications/index.js';
import type { SchedulingService } from '../scheduling/index.js';

/** The constructor's arguments of every AppointmentMail, as its module definition hands them. */
export type AppointmentMailDeps = [
  ctx: AppContext,
  scheduling: SchedulingService,
  clients: ClientService,
  senderName: (practiceId: string) => Promise<string>,
  notifications: NotificationService,
];

export abstract class AppointmentMail {
  protected readonly ctx: AppContext;
  protected readonly scheduling: SchedulingService;
  protected readonly clients: ClientService;
  protected readonly senderName: (practiceId: string) => Promise<string>;
  protected readonly notifications: NotificationService;

  constructor(kind: string, ...[ctx, scheduling, clients, senderName, notifications]: AppointmentMailDeps) {
    this.ctx = ctx;
    this.scheduling = scheduling;
    this.clients = clients;
    this.senderName = senderName;
    this.notifications = notifications;
    notifications.register(kind, { compose: (n) => this.compose(n) });
  }

  /** One mail of this kind, at send time (or why it does not go). */
  protected abstract compose(n: Notification): Promise<Composed>;
}
