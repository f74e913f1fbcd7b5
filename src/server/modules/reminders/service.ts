// Reminders as the rest of Hearth sees them: the staff view of an appointment's reminders, the
// public confirm/cancel links a reminder carries, and the hooks the SMS module calls for delivery
// status and "C" replies (SmsHooks).
//
// A link is `${PUBLIC_URL}/r#token=<opaque>`: 256 random bits, kept only as a SHA-256 hash, for
// one client and one appointment at one start, expiring at that start. The token travels in the
// URL fragment (a browser never sends it to a server, so it is in no access log) and then only in
// a JSON body. Confirming or cancelling uses it up, in the same transaction as the change, so a
// replay (or two clicks at once) changes nothing and answers 409; a link for a visit that moved
// since answers 409 too, an expired one 410, an unknown one 404.
import type { AppContext, RequestMeta } from '../../context.js';
import { AppError, conflict } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import { hashToken } from '../../lib/tokens.js';
import { byStaff } from '../audit/index.js';
import type { AppointmentReminder, AttentionReminder, ReminderActionView } from '../../../shared/reminders.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import type { AppointmentState, SchedulingService } from '../scheduling/index.js';
import type { SmsHooks } from '../sms/index.js';
import * as repo from './repo.js';

const ON = new Set(['scheduled', 'confirmed']);
/** The needs-attention list shows at most this many (soonest visits first). */
const ATTENTION_LIMIT = 200;

function presentReminder(r: repo.ClaimedRow): AppointmentReminder {
  return {
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    clientId: r.client_id,
    minutesBefore: r.minutes_before === null ? null : Number(r.minutes_before),
    occurrenceStart: iso(Number(r.occurrence_start)),
    dueAt: iso(Number(r.due_at)),
    status: r.status,
    attempts: Number(r.attempts),
    sentAt: r.sent_at === null ? null : iso(Number(r.sent_at)),
    deliveredAt: r.delivered_at === null ? null : iso(Number(r.delivered_at)),
    failure: r.failure,
  };
}

const linkConflict = (message: string) => conflict(message, 'token');

export class ReminderService implements SmsHooks {
  constructor(
    private readonly ctx: AppContext,
    private readonly scheduling: SchedulingService,
    private readonly clients: ClientService,
    private readonly senderName: (practiceId: string) => Promise<string>,
  ) {}

  // ---- staff ----

  /** An appointment's reminders for staff who may see the appointment (404 otherwise). Audited as a read. */
  async listForAppointment(s: ResolvedSession, appointmentId: string, meta: RequestMeta): Promise<{ items: AppointmentReminder[] }> {
    await this.scheduling.assertVisible(s, appointmentId);
    const rows = await repo.ofAppointment(this.ctx.db, appointmentId);
    const items = rows.filter((r) => r.practice_id === s.user.practiceId).map(presentReminder);
    await this.ctx.audit.record({
      ...byStaff(s, meta),
      action: 'read',
      resource: { type: 'appointment_reminders', id: appointmentId },
      outcome: 'success',
      details: { returned: items.length },
    });
    return { items };
  }

  /**
   * The practice's reminders that need staff: uncertain or failed, for a visit still to come, not
   * marked handled; only those of appointments this session may see (a provider: their own, unless
   * the practice lets providers see every client). Audited as a read.
   */
  async attention(s: ResolvedSession, meta: RequestMeta): Promise<{ items: AttentionReminder[] }> {
    const rows = await repo.needingAttention(this.ctx.db, s.user.practiceId, this.ctx.clock.now(), ATTENTION_LIMIT);
    const appointments = await this.scheduling.visibleMany(s, [...new Set(rows.map((r) => r.appointment_id))]);
    const items = rows.flatMap((r) => {
      const appointment = appointments.get(r.appointment_id);
      return appointment ? [{ ...presentReminder(r), appointment }] : [];
    });
    await this.ctx.audit.record({
      ...byStaff(s, meta),
      action: 'read',
      resource: { type: 'reminders_attention', id: null },
      outcome: 'success',
      details: { returned: items.length, appointments: appointments.size },
    });
    return { items };
  }

  /**
   * For Today: per appointment (among ids the caller has checked the viewer may see), its reminders
   * for the given start: sent (or delivered), still to go, failed, and those needing staff.
   */
  async summaries(practiceId: string, appointments: readonly { id: string; start: number }[]): Promise<Map<string, { sent: number; pending: number; failed: number; needsAttention: number }>> {
    const starts = new Map(appointments.map((a) => [a.id, a.start]));
    const out = new Map(appointments.map((a) => [a.id, { sent: 0, pending: 0, failed: 0, needsAttention: 0 }]));
    for (const r of await repo.ofAppointments(this.ctx.db, practiceId, [...starts.keys()])) {
      const sum = out.get(r.appointment_id);
      if (!sum || r.kind !== 'reminder' || Number(r.occurrence_start) !== starts.get(r.appointment_id)) continue;
      if (r.status === 'sent' || r.status === 'delivered') sum.sent++;
      else if (r.status === 'scheduled' || r.status === 'sending') sum.pending++;
      else if (r.status === 'failed' || r.status === 'uncertain') {
        sum.failed++;
        if (r.acknowledged_at === null) sum.needsAttention++;
      }
    }
    return out;
  }

  /** How many reminders need staff, among appointments this session may see (Today's count; not audited: a number). */
  async attentionCount(s: ResolvedSession): Promise<number> {
    const rows = await repo.needingAttention(this.ctx.db, s.user.practiceId, this.ctx.clock.now(), ATTENTION_LIMIT);
    const visible = await this.scheduling.visibleMany(s, [...new Set(rows.map((r) => r.appointment_id))]);
    return rows.filter((r) => visible.has(r.appointment_id)).length;
  }

  /** Marks an uncertain or failed reminder handled: it leaves the list. 404 unseen; 409 not such a reminder. Audited. */
  async acknowledge(s: ResolvedSession, id: string, meta: RequestMeta): Promise<void> {
    const row = await repo.byId(this.ctx.db, s.user.practiceId, id);
    if (!row) throw new AppError('not_found', 404, 'Reminder not found');
    await this.scheduling.assertVisible(s, row.appointment_id);
    if (!(await repo.acknowledge(this.ctx.db, id, s.user.id, this.ctx.clock.now()))) {
      throw conflict(row.acknowledged_at !== null ? 'This reminder was already marked handled' : 'Only an uncertain or failed reminder can be marked handled');
    }
    await this.ctx.audit.record({
      ...byStaff(s, meta),
      action: 'update',
      resource: { type: 'reminder', id },
      outcome: 'success',
      details: { acknowledged: true, status: row.status, appointmentId: row.appointment_id },
    });
  }

  // ---- the public confirm/cancel link ----

  /** The link's row and its visit as it is now: 404 unknown, 410 expired, 409 moved since. */
  private async resolve(token: string): Promise<{ tok: repo.TokenRow; state: AppointmentState }> {
    const tok = await repo.tokenByHash(this.ctx.db, hashToken(token));
    const state = tok ? (await this.scheduling.states([tok.appointment_id])).get(tok.appointment_id) : undefined;
    if (!tok || !state || state.practiceId !== tok.practice_id) throw new AppError('not_found', 404, 'This link is not valid', 'token');
    if (Number(tok.expires_at) <= this.ctx.clock.now()) throw new AppError('link_expired', 410, 'This link has expired: the appointment time has passed', 'token');
    if (state.start !== Number(tok.occurrence_start)) throw linkConflict('This appointment has changed since this link was sent; sign in to your portal or contact your practice');
    return { tok, state };
  }

  private async present(tok: repo.TokenRow, state: AppointmentState): Promise<ReminderActionView> {
    const now = this.ctx.clock.now();
    const contact = (await this.clients.reminderContacts(tok.practice_id, [tok.client_id])).get(tok.client_id);
    const providerName = contact?.details ? (await this.scheduling.detailsFor(tok.practice_id, state.providerId, null)).providerName : null;
    const shared = (await this.scheduling.clientsWithZones(state.id)).length !== 1;
    const unused = tok.used_at === null;
    const upcoming = state.start > now;
    return {
      senderName: await this.senderName(tok.practice_id),
      start: iso(state.start),
      timeZone: contact?.timeZone ?? state.timeZone,
      providerName,
      status: state.status === 'scheduled' || state.status === 'confirmed' || state.status === 'cancelled' ? state.status : 'other',
      lateIfCancelled: state.start - now < (await this.scheduling.cancellationWindowMs(tok.practice_id)),
      canConfirm: unused && upcoming && state.status === 'scheduled',
      canCancel: unused && upcoming && ON.has(state.status) && !shared,
      usedFor: tok.used_for === 'confirm' || tok.used_for === 'cancel' ? tok.used_for : null,
    };
  }

  async view(token: string, meta: RequestMeta): Promise<ReminderActionView> {
    const { tok, state } = await this.resolve(token);
    const view = await this.present(tok, state);
    await this.ctx.audit.record({
      actor: { type: 'client', id: tok.client_id },
      practiceId: tok.practice_id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      action: 'read',
      resource: { type: 'appointment', id: tok.appointment_id },
      outcome: 'success',
      details: { via: 'reminder_link' },
    });
    return view;
  }

  private used(tok: repo.TokenRow): AppError {
    return linkConflict(`This link was already used to ${tok.used_for === 'cancel' ? 'cancel' : 'confirm'} the appointment`);
  }

  /** Uses the link inside the change's transaction: a second use (or a concurrent one) undoes the change. */
  private useWithin(tok: repo.TokenRow, usedFor: 'confirm' | 'cancel') {
    return async (tx: Parameters<typeof repo.useToken>[0]) => {
      if (!(await repo.useToken(tx, tok.id, usedFor, this.ctx.clock.now()))) throw this.used({ ...tok, used_for: usedFor });
    };
  }

  confirm(token: string, meta: RequestMeta): Promise<ReminderActionView> {
    return this.use(token, meta, 'confirm');
  }

  cancel(token: string, meta: RequestMeta): Promise<ReminderActionView> {
    return this.use(token, meta, 'cancel');
  }

  /** Confirms or cancels the link's appointment as its client, using the link in the same transaction. */
  private async use(token: string, meta: RequestMeta, action: 'confirm' | 'cancel'): Promise<ReminderActionView> {
    const { tok } = await this.resolve(token);
    if (tok.used_at !== null) throw this.used(tok);
    const opts = { via: 'reminder_link', expectedStart: Number(tok.occurrence_start), within: this.useWithin(tok, action) } as const;
    if (action === 'confirm') await this.scheduling.confirmForClient(tok.practice_id, tok.client_id, tok.client_id, tok.appointment_id, meta, opts);
    else await this.scheduling.cancelForClient(tok.practice_id, tok.client_id, tok.client_id, tok.appointment_id, meta, opts);
    const after = await this.resolve(token);
    return this.present(after.tok, after.state);
  }

  // ---- SmsHooks (called by the SMS module for signed webhooks) ----

  /** Twilio MessageStatus for a text this platform sent: delivered, or undelivered/failed with its ErrorCode. */
  async onStatus(providerId: string, status: string, errorCode: string | null): Promise<boolean> {
    const row = await repo.byProviderId(this.ctx.db, providerId);
    if (!row) return false;
    await repo.recordDeliveryStatus(this.ctx.db, row.id, status, errorCode, this.ctx.clock.now());
    return true;
  }

  /**
   * A "C" reply to this practice from this phone: confirms the earliest visit still to come, still
   * at the time it was texted about, of a client of the practice with that number (blind index).
   * Already confirmed counts as confirmed; nothing texted and still on: nothing_to_confirm.
   */
  async onConfirmReply(practiceId: string, phone: string): Promise<'confirmed' | 'nothing_to_confirm'> {
    const clientIds = await this.clients.idsByPhone(practiceId, phone);
    const now = this.ctx.clock.now();
    const texted = await repo.textedReminders(this.ctx.db, practiceId, clientIds, now);
    const states = await this.scheduling.states([...new Set(texted.map((t) => t.appointment_id))]);
    const live = texted.filter((t) => {
      const s = states.get(t.appointment_id);
      return s && s.practiceId === practiceId && ON.has(s.status) && s.start === Number(t.occurrence_start) && s.start > now;
    });
    const next = live.find((t) => states.get(t.appointment_id)!.status === 'scheduled');
    if (!next) return live.length ? 'confirmed' : 'nothing_to_confirm';
    await this.scheduling.confirmForClient(practiceId, next.client_id, next.client_id, next.appointment_id, { ip: '', userAgent: 'sms-reply' }, { via: 'sms_reply', expectedStart: Number(next.occurrence_start) });
    return 'confirmed';
  }
}
