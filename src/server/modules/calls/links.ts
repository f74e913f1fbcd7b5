// Calls: join links by text or mail (the channel a client agreed to, the message, its skips) and
// their redemption (a call's single-use link, or a scheduled visit's link inside its window), which
// opens a guest session good for that call only. CallService composes it.
import { mailBody, smsText, t, withLang } from '../../i18n/index.js';
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { AppError, type ErrorCode } from '../../errors.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { JoinTokenResponse } from '../../../shared/calls.js';
import type { ClientService } from '../clients/index.js';
import type { Composed, Notification, NotificationService } from '../notifications/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import { clockTime, mailZone } from '../../lib/mail-time.js';
import * as repo from './repo.js';
import { GUEST_SESSION_MS, LINK_KIND } from './call-types.js';
import type { CallService } from './service.js';

export class CallLinks {
  constructor(
    private readonly ctx: AppContext,
    private readonly svc: CallService,
    private readonly clients: ClientService,
    private readonly scheduling: SchedulingService,
    private readonly notifications: NotificationService,
    private readonly senderName: (practiceId: string) => Promise<string>,
    private readonly smsOn: () => boolean,
    private readonly zoneOfPractice: (practiceId: string, providerId: string) => Promise<string | null>,
  ) {}

  async linkChannel(practiceId: string, clientId: string): Promise<'sms' | 'email' | null> {
    const c = (await this.clients.reminderContacts(practiceId, [clientId])).get(clientId);
    if (!c) return null;
    if (c.sms && c.hasPhone && this.smsOn()) return 'sms';
    if (c.email && c.hasEmail) return 'email';
    return null;
  }

  linkRequest(practiceId: string, callId: string, clientId: string, channel: 'sms' | 'email', reason: 'call_now' | 'escalation', at: number) {
    return { practiceId, kind: LINK_KIND, channel, recipient: { type: 'client' as const, id: clientId }, dedupeKey: `${LINK_KIND}:${callId}:${clientId}:${reason}`, payload: { callId, clientId, reason }, at };
  }

  /** How each client would get a join link (read before a transaction: on SQLite nothing may read beside one). */
  async linkChannels(practiceId: string, clientIds: readonly string[]): Promise<Map<string, 'sms' | 'email' | null>> {
    const out = new Map<string, 'sms' | 'email' | null>();
    for (const c of clientIds) out.set(c, await this.linkChannel(practiceId, c));
    return out;
  }

  /** Enqueues the escalation links of a rung call inside the ring's transaction; answers the clients no link can reach. */
  async enqueueEscalation(tx: DbOrTx, call: repo.CallRow, channels: ReadonlyMap<string, 'sms' | 'email' | null>, at: number): Promise<string[]> {
    const notSent: string[] = [];
    for (const [clientId, channel] of channels) {
      if (channel) await this.notifications.enqueue(tx, [this.linkRequest(call.practice_id, call.id, clientId, channel, 'escalation', at)]);
      else notSent.push(clientId);
    }
    return notSent;
  }

  async composeLink(n: Notification): Promise<Composed> {
    const callId = String(n.payload.callId);
    const clientId = n.recipient_id;
    const call = await repo.findCall(this.ctx.db, callId);
    if (!call || call.practice_id !== n.practice_id) return { skip: 'call_missing' };
    const now = this.ctx.clock.now();
    if (call.status === 'ended') return this.linkSkipped(call, 'call_over');
    if (n.payload.reason === 'escalation') {
      const p = await repo.participant(this.ctx.db, { callId, type: 'client', id: clientId });
      if (p?.first_joined_at != null) return this.linkSkipped(call, 'client_joined');
    }
    const token = newToken();
    const minutes = this.ctx.config.calls.joinLinkMinutes;
    const expiresAt = now + minutes * 60_000;
    await repo.insertJoinToken(this.ctx.db, { id: randomUUID(), token_hash: hashToken(token), call_id: callId, practice_id: call.practice_id, client_id: clientId, created_at: now, expires_at: expiresAt });
    const l = await this.clients.localeOf(call.practice_id, clientId);
    const link = withLang(`${this.ctx.config.publicUrl}/join#${token}`, l);
    const sender = await this.senderName(call.practice_id);
    const zone = mailZone(await this.clients.timeZoneOf(call.practice_id, clientId), await this.appointmentZone(call), await this.practiceZone(call.practice_id, call.provider_id));
    // No PHI: no name, no service, no reason for the visit.
    const body = t(l, 'calls.link.body', { link, until: clockTime(expiresAt, zone, l) });
    const afterSent = async () => {
      await this.svc.event(call, 'link_sent', 'system', n.channel);
    };
    if (n.channel === 'sms') {
      const phones = await this.clients.reminderAddresses(call.practice_id, [clientId], 'sms');
      const to = phones.get(clientId);
      if (!to) return this.linkSkipped(call, 'no_address');
      return { sms: { to, body: smsText(`${sender}: ${body}`) }, afterSent };
    }
    const to = await this.clients.mailAddress(call.practice_id, clientId);
    if (!to) return this.linkSkipped(call, 'no_address');
    return { mail: { to, subject: t(l, 'calls.link.subject'), text: mailBody(l, sender, body), fromName: sender }, afterSent };
  }

  private async appointmentZone(call: repo.CallRow): Promise<string | null> {
    if (!call.appointment_id) return null;
    return (await this.scheduling.states([call.appointment_id])).get(call.appointment_id)?.timeZone ?? null;
  }

  private practiceZone(practiceId: string, providerId: string) {
    return this.zoneOfPractice(practiceId, providerId);
  }

  private async linkSkipped(call: repo.CallRow, reason: string): Promise<Composed> {
    if (reason !== 'client_joined') await this.svc.event(call, 'link_not_sent', 'system', reason);
    return { skip: reason };
  }

  /** Redeems a join link: single use, expiring; opens a guest session good for that call only. */
  async redeemLink(token: string, meta: RequestMeta): Promise<{ session: string; expiresAt: number; response: JoinTokenResponse }> {
    const now = this.ctx.clock.now();
    const row = await repo.findJoinToken(this.ctx.db, hashToken(token));
    const deny = async (code: ErrorCode, status: number, message: string, practiceId: string | null) => {
      await this.ctx.audit.record({ actor: { type: 'anonymous', id: null }, practiceId, action: 'access_denied', resource: { type: 'call_join_link', id: row?.id ?? null }, outcome: 'denied', ip: meta.ip, userAgent: meta.userAgent, details: { reason: code } });
      return new AppError(code, status, message, 'token');
    };
    if (!row) return this.redeemAppointmentLink(token, meta, deny);
    if (row.used_at !== null) throw await deny('link_used', 410, 'This join link was already used; ask your provider for a new one or sign in to your portal', row.practice_id);
    if (Number(row.expires_at) <= now) throw await deny('link_expired', 410, 'This join link has expired; ask your provider for a new one or sign in to your portal', row.practice_id);
    const call = await repo.findCall(this.ctx.db, row.call_id);
    if (!call || call.status === 'ended') throw await deny('call_over', 410, 'This call has ended', row.practice_id);
    const session = newToken();
    const expiresAt = now + GUEST_SESSION_MS;
    const won = await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.useJoinToken(tx, row.id, now))) return false;
      await repo.insertGuestSession(tx, { id: randomUUID(), token_hash: hashToken(session), call_id: call.id, practice_id: call.practice_id, client_id: row.client_id, created_at: now, expires_at: expiresAt });
      await this.ctx.audit.record({ actor: { type: 'client', id: row.client_id }, practiceId: call.practice_id, action: 'login', resource: { type: 'call', id: call.id }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent, details: { via: 'join_link' } }, tx);
      return true;
    });
    if (!won) throw await deny('link_used', 410, 'This join link was already used; ask your provider for a new one or sign in to your portal', row.practice_id);
    return { session, expiresAt, response: { callId: call.id, practiceName: await this.senderName(call.practice_id), mode: call.mode } };
  }

  /** A join link from a reminder or an invitation: inside its occurrence's window, for the visit as it still is; makes the call room. */
  private async redeemAppointmentLink(
    token: string,
    meta: RequestMeta,
    deny: (code: ErrorCode, status: number, message: string, practiceId: string | null) => Promise<AppError>,
  ): Promise<{ session: string; expiresAt: number; response: JoinTokenResponse }> {
    const now = this.ctx.clock.now();
    const row = await this.svc.joinLinks.find(hashToken(token));
    if (!row) throw await deny('token_invalid', 404, 'This join link is not valid', null);
    const used = 'This join link was already used; sign in to your portal to join, or ask the practice for help';
    if (row.used_at !== null) throw await deny('link_used', 410, used, row.practice_id);
    if (row.expires_at <= now) throw await deny('link_expired', 410, 'This appointment is over; sign in to your portal to see your appointments', row.practice_id);
    // Too early: refused without using the link up (the client comes back when the window opens).
    if (row.opens_at > now) throw await deny('join_not_open', 409, 'You can join from 10 minutes before your appointment starts. Open this link again then.', row.practice_id);
    const st = (await this.scheduling.states([row.appointment_id])).get(row.appointment_id);
    if (!st || st.practiceId !== row.practice_id || st.start !== row.occurrence_start || (st.status !== 'scheduled' && st.status !== 'confirmed' && st.status !== 'checked_in')) {
      throw await deny('link_expired', 410, 'This appointment was moved or cancelled; use the link in your newest message, or sign in to your portal', row.practice_id);
    }
    const { call } = await this.svc.ensureAppointmentCall(row.appointment_id);
    if (call.status === 'ended') throw await deny('call_over', 410, 'This call has ended', row.practice_id);
    const session = newToken();
    const expiresAt = now + GUEST_SESSION_MS;
    const won = await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await this.svc.joinLinks.use(tx, row.id, now))) return false;
      await repo.insertGuestSession(tx, { id: randomUUID(), token_hash: hashToken(session), call_id: call.id, practice_id: call.practice_id, client_id: row.client_id, created_at: now, expires_at: expiresAt });
      await this.ctx.audit.record({ actor: { type: 'client', id: row.client_id }, practiceId: call.practice_id, action: 'login', resource: { type: 'call', id: call.id }, outcome: 'success', ip: meta.ip, userAgent: meta.userAgent, details: { via: 'join_link', appointmentId: row.appointment_id } }, tx);
      return true;
    });
    if (!won) throw await deny('link_used', 410, used, row.practice_id);
    return { session, expiresAt, response: { callId: call.id, practiceName: await this.senderName(call.practice_id), mode: call.mode } };
  }
}
