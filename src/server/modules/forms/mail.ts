// The one mail of a packet of forms, free of PHI: "You have forms to complete before your
// appointment" (or "You have forms to complete" for forms sent without an appointment) and a link
// to the portal's forms page. Never a form's name or kind, a clinical word, the client's name or
// the practice's own name (which may say what it treats): the sender is the practice's neutral
// mail name, as billing's and messages' mail. Enqueued in the transaction that writes the packet,
// keyed by the packet (`forms_packet:<packetId>`), so a packet is mailed once whatever retries;
// composed at send time: consent and address then, and a packet already completed or cancelled by
// then is not mailed.
import { mailBody, t, withLang, yes } from '../../i18n/index.js';
import type { AppContext } from '../../context.js';
import type { ClientService } from '../clients/index.js';
import type { Composed, Notification, NotificationService } from '../notifications/index.js';
import * as repo from './repo.js';

export const PACKET_MAIL = 'forms_packet';

export class FormsMail {
  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
    notifications: NotificationService,
    private readonly senderName: (practiceId: string) => Promise<string>,
  ) {
    notifications.register(PACKET_MAIL, { compose: (n) => this.compose(n) });
  }

  async compose(n: Notification): Promise<Composed> {
    const pid = n.practice_id;
    if (n.recipient_type !== 'client' || typeof n.payload.packetId !== 'string') return { skip: 'bad_payload' };
    const requests = await repo.requestsOfPacket(this.ctx.db, pid, n.payload.packetId);
    if (!requests.length || requests.some((r) => r.client_id !== n.recipient_id)) return { skip: 'bad_payload' };
    if (!requests.some((r) => r.status === 'sent' || r.status === 'in_progress')) return { skip: 'nothing_to_complete' };
    const prefs = await this.clients.mailPreferences(pid, n.recipient_id);
    if (!prefs || prefs.status !== 'active') return { skip: 'recipient_inactive' };
    if (!prefs.emailConsent) return { skip: 'no_consent' };
    const to = await this.clients.mailAddress(pid, n.recipient_id);
    if (!to) return { skip: 'no_address' };
    const sender = await this.senderName(pid);
    const l = prefs.locale;
    const link = withLang(`${this.ctx.config.publicUrl}/portal/forms`, l);
    const beforeAppointment = yes(requests.some((r) => r.appointment_id !== null));
    return { mail: { to, fromName: sender, subject: t(l, 'forms.packet.subject', { beforeAppointment }), text: mailBody(l, sender, t(l, 'forms.packet.body', { beforeAppointment, link })) } };
  }
}
