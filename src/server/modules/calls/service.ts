// Calls: the room of an appointment occurrence or of a Call Now, who may enter it, the ICE
// configuration, the call record (start, end, duration, participants, mode for billing, the
// start-of-session safety check), single-use join links, and the practice's call settings.
// Signaling (signaling.ts) and the ring schedule (rings.ts) build on this service. It composes the
// join links' delivery and redemption (links.ts) and the call records and history (records.ts).
import { createHash, randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { ClientError, clientConflict } from '../../i18n/errors.js';
import { iso } from '../../lib/clock.js';
import { hashToken } from '../../lib/tokens.js';
import { roleCan, type StaffRole } from '../../../shared/roles.js';
import type {
  CallEvent,
  CallEventType,
  CallList,
  CallMode,
  CallRecord,
  CallSettings,
  CallSummary,
  IceConfig,
  JoinTokenResponse,
  ParticipantRole,
  SafetyCheck,
  SharedFile,
} from '../../../shared/calls.js';
import type { CallHistory, CallHistoryQuery, TodayCall } from '../../../shared/today.js';
import { type DocumentService, filenameFromHeader } from '../documents/index.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import type { NotificationService } from '../notifications/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import type { Envelope } from './bus.js';
import * as repo from './repo.js';
import { JoinLinks } from './join-links.js';
import { turnCredentials } from './turn.js';
import { JOIN_WINDOW_MINUTES, joinState } from '../../../shared/join-window.js';
import { callOver, LINK_KIND, type Actor, type CallAccess, type CallBillingFacts, type CallIdentity, type CallWiring } from './call-types.js';
import { CallLinks } from './links.js';
import { CallRecords } from './records.js';

export { LINK_KIND, type CallAccess, type CallBillingFacts, type CallIdentity, type CallWiring } from './call-types.js';

export class CallService {
  /** The join links of scheduled visits (reminders, invitations). */
  readonly joinLinks: JoinLinks;
  /** Fan-out to sockets on every instance (the signaling bus). */
  readonly publish: (e: Envelope) => Promise<void>;
  private readonly documents: DocumentService;
  /** Join links by text or mail, and their redemption (links.ts). */
  private readonly links: CallLinks;
  /** Summaries, records and history of calls (records.ts). */
  private readonly records: CallRecords;
  private readonly restrictedProvider: (practiceId: string, userId: string) => Promise<boolean>;

  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
    private readonly scheduling: SchedulingService,
    private readonly notifications: NotificationService,
    senderName: (practiceId: string) => Promise<string>,
    wiring: CallWiring,
  ) {
    ({ documents: this.documents, restrictedProvider: this.restrictedProvider, publish: this.publish } = wiring);
    this.links = new CallLinks(ctx, this, clients, scheduling, notifications, senderName, wiring.smsOn, wiring.practiceZone);
    this.records = new CallRecords(ctx, this, clients);
    notifications.register(LINK_KIND, { compose: (n) => this.links.composeLink(n) });
    this.joinLinks = new JoinLinks(ctx);
  }

  // ---- settings ----

  async settings(practiceId: string): Promise<CallSettings> {
    const r = await repo.settingsRow(this.ctx.db, practiceId);
    if (!r) return { ...repo.DEFAULT_SETTINGS };
    return { ringLeadMinutes: r.ring_lead_minutes, escalateAfterSeconds: r.escalate_after_seconds, forceRelay: r.force_relay === 1 };
  }

  async updateSettings(s: ResolvedSession, input: CallSettings, meta: RequestMeta): Promise<CallSettings> {
    if (input.forceRelay && !this.ctx.config.calls.turnUrls.length) throw badRequest('forceRelay', 'needs a TURN server: this installation has none configured (CALL_TURN_URLS)');
    const now = this.ctx.clock.now();
    const before = await this.settings(s.user.practiceId);
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.upsertSettings(tx, s.user.practiceId, input, s.user.id, now);
      if (before.ringLeadMinutes !== input.ringLeadMinutes) await repo.reschedulePracticeRings(tx, s.user.practiceId, input.ringLeadMinutes * 60_000, now);
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'setting_change', resource: { type: 'call_settings', id: s.user.practiceId }, outcome: 'success', details: { ...input } }, tx);
    });
    return this.settings(s.user.practiceId);
  }

  // ---- ICE ----

  /** STUN, and TURN with credentials good for turnTtlSeconds; relay-only when the practice (or the platform) says so. */
  async ice(practiceId: string | null, who: string): Promise<IceConfig> {
    const c = this.ctx.config.calls;
    const servers: IceConfig['iceServers'] = [];
    if (c.stunUrls.length) servers.push({ urls: c.stunUrls });
    let expiresAt: string | null = null;
    if (c.turnUrls.length && c.turnSecret) {
      // The TURN username carries an opaque reference, never a name.
      const ref = createHash('sha256').update(who).digest('base64url').slice(0, 16);
      const cred = turnCredentials(c.turnSecret, c.turnTtlSeconds, ref, this.ctx.clock.now());
      servers.push({ urls: c.turnUrls, username: cred.username, credential: cred.credential });
      expiresAt = iso(cred.expiresAt * 1000);
    }
    const relay = c.forceRelay || (practiceId !== null && (await this.settings(practiceId)).forceRelay);
    return { iceServers: servers, iceTransportPolicy: relay && c.turnUrls.length ? 'relay' : 'all', expiresAt };
  }

  // ---- who may enter ----

  /** The access of this identity to the call, or null (unknown, another practice's, not theirs: one answer). */
  async access(who: CallIdentity, callId: string): Promise<CallAccess | null> {
    const call = await repo.findCall(this.ctx.db, callId);
    if (!call) return null;
    const clientIds = (await repo.clientIdsOf(this.ctx.db, [callId])).map((r) => r.client_id);
    if (who.kind === 'staff') {
      if (call.practice_id !== who.practiceId) return null;
      const own = call.provider_id === who.userId;
      if (!own) {
        if (!roleCan(who.role, 'calls.start')) return null;
        // A provider who sees only their own clients must be assigned to one of the call's clients.
        if (who.role === 'provider') {
          const dir = await this.clients.directory(call.practice_id);
          const seeAll = !(await this.restrictedProvider(call.practice_id, who.userId));
          if (!seeAll && !clientIds.some((id) => dir.get(id)?.providerIds.includes(who.userId))) return null;
        }
      }
      return { call, role: 'staff', id: who.userId, name: (await this.staffName(call.practice_id, who.userId)) ?? 'Staff' };
    }
    const clientId = who.kind === 'guest' ? (who.callId === callId ? who.clientId : null) : (who.clients.find((c) => c.practiceId === call.practice_id && clientIds.includes(c.clientId))?.clientId ?? null);
    if (!clientId || !clientIds.includes(clientId)) return null;
    return { call, role: 'client', id: clientId, name: await this.clientShortName(call.practice_id, clientId) };
  }

  async staffName(practiceId: string, userId: string): Promise<string | null> {
    return this.scheduling.providerName(practiceId, userId, 'any');
  }

  /** First (or preferred) name and last initial: what the other people in a call see. */
  async clientShortName(practiceId: string, clientId: string): Promise<string> {
    const e = (await this.clients.directory(practiceId)).get(clientId);
    return e ? `${e.preferredName ?? e.firstName} ${e.lastName.slice(0, 1)}.` : 'Client';
  }

  // ---- creating calls ----

  /** Call Now: a call with one client, rung at once; the join link goes by text or mail if the client agreed. */
  async callNow(s: ResolvedSession, input: { clientId: string; mode: CallMode }, meta: RequestMeta): Promise<CallSummary> {
    await this.clients.assertVisible(s, input.clientId);
    const pid = s.user.practiceId;
    const now = this.ctx.clock.now();
    const id = randomUUID();
    const channel = await this.links.linkChannel(pid, input.clientId);
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertCall(
        tx,
        { id, practice_id: pid, kind: 'call_now', mode: input.mode, billed_mode: input.mode, status: 'ringing', appointment_id: null, occurrence_start: null, provider_id: s.user.id, created_by: s.user.id, ring_at: now, started_at: null, ended_at: null, safety_enc: null, safety_at: null, safety_by: null, created_at: now, updated_at: now },
        [input.clientId],
      );
      await repo.insertEvent(tx, { callId: id, practiceId: pid, type: 'created', actor: `staff:${s.user.id}`, detail: 'call_now', at: now });
      await repo.insertEvent(tx, { callId: id, practiceId: pid, type: 'rung', actor: 'system', detail: null, at: now });
      if (channel) await this.notifications.enqueue(tx, [this.linkRequest(pid, id, input.clientId, channel, 'call_now', now)]);
      else await repo.insertEvent(tx, { callId: id, practiceId: pid, type: 'link_not_sent', actor: 'system', detail: 'no_consent', at: now });
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'call_started', resource: { type: 'call', id }, outcome: 'success', details: { kind: 'call_now', mode: input.mode, clientId: input.clientId } }, tx);
    });
    if (channel) this.notifications.wake();
    await this.ring(id);
    return (await this.summaries([(await repo.findCall(this.ctx.db, id))!], 'staff'))[0]!;
  }

  /** The call of an appointment's current occurrence (made if missing): the provider opening it early, or the ring. */
  async forAppointment(s: ResolvedSession, appointmentId: string, meta: RequestMeta): Promise<CallSummary> {
    await this.scheduling.assertVisible(s, appointmentId);
    const { call, created } = await this.ensureAppointmentCall(appointmentId);
    if (created) await this.ctx.audit.record({ ...byStaff(s, meta), action: 'call_started', resource: { type: 'call', id: call.id }, outcome: 'success', details: { kind: 'scheduled', appointmentId } });
    return (await this.summaries([call], 'staff'))[0]!;
  }

  /** Finds or makes the room of the appointment's current occurrence. */
  async ensureAppointmentCall(appointmentId: string, db: DbOrTx = this.ctx.db): Promise<{ call: repo.CallRow; created: boolean }> {
    const st = (await this.scheduling.states([appointmentId])).get(appointmentId);
    if (!st) throw notFound('Appointment');
    const appt = (await this.scheduling.calendarEntries(st.practiceId, { ids: [appointmentId] }))[0];
    if (!appt) throw notFound('Appointment');
    if (appt.type === 'in_person') throw conflict('This appointment is in person, not a video or audio call');
    if (appt.status === 'cancelled') throw conflict('This appointment was cancelled');
    const existing = await repo.findCallOfOccurrence(db, appointmentId, appt.start);
    if (existing) return { call: existing, created: false };
    const now = this.ctx.clock.now();
    const id = randomUUID();
    const mode = appt.type === 'audio' ? 'audio' : 'video';
    try {
      await repo.insertCall(
        db,
        { id, practice_id: st.practiceId, kind: 'scheduled', mode, billed_mode: mode, status: 'ringing', appointment_id: appointmentId, occurrence_start: appt.start, provider_id: appt.providerId, created_by: null, ring_at: null, started_at: null, ended_at: null, safety_enc: null, safety_at: null, safety_by: null, created_at: now, updated_at: now },
        appt.clientIds,
      );
      await repo.insertEvent(db, { callId: id, practiceId: st.practiceId, type: 'created', actor: 'system', detail: 'scheduled', at: now });
    } catch (err) {
      // Another instance made it first (UNIQUE appointment + occurrence).
      const again = await repo.findCallOfOccurrence(this.ctx.db, appointmentId, appt.start);
      if (again) return { call: again, created: false };
      throw err;
    }
    return { call: (await repo.findCall(db, id))!, created: true };
  }

  /** Rings the call's provider and clients wherever they are signed in. */
  async ring(callId: string): Promise<void> {
    const call = await repo.findCall(this.ctx.db, callId);
    if (!call || call.status === 'ended') return;
    const clientIds = (await repo.clientIdsOf(this.ctx.db, [callId])).map((r) => r.client_id);
    const provider = (await this.staffName(call.practice_id, call.provider_id)) ?? 'your provider';
    const names = await Promise.all(clientIds.map((c) => this.clientShortName(call.practice_id, c)));
    const kind = call.kind;
    const mode = call.mode;
    await this.publish({ to: { user: call.provider_id }, msg: { type: 'call.ring', callId, title: `Session with ${names.join(', ') || 'your client'}`, mode, kind } });
    for (const c of clientIds) await this.publish({ to: { client: c }, msg: { type: 'call.ring', callId, title: `${provider} is calling`, mode, kind } });
  }

  // ---- join links (links.ts) ----

  linkRequest(practiceId: string, callId: string, clientId: string, channel: 'sms' | 'email', reason: 'call_now' | 'escalation', at: number) {
    return this.links.linkRequest(practiceId, callId, clientId, channel, reason, at);
  }

  /** How each client would get a join link (read before a transaction: on SQLite nothing may read beside one). */
  linkChannels(practiceId: string, clientIds: readonly string[]): Promise<Map<string, 'sms' | 'email' | null>> {
    return this.links.linkChannels(practiceId, clientIds);
  }

  /** Enqueues the escalation links of a rung call inside the ring's transaction; answers the clients no link can reach. */
  enqueueEscalation(tx: DbOrTx, call: repo.CallRow, channels: ReadonlyMap<string, 'sms' | 'email' | null>, at: number): Promise<string[]> {
    return this.links.enqueueEscalation(tx, call, channels, at);
  }

  /** Redeems a join link: single use, expiring; opens a guest session good for that call only. */
  redeemLink(token: string, meta: RequestMeta): Promise<{ session: string; expiresAt: number; response: JoinTokenResponse }> {
    return this.links.redeemLink(token, meta);
  }

  /**
   * The portal's Join of a scheduled visit: inside its join window (the shared definition the
   * Join button uses), the call room of that occurrence, made if missing.
   */
  async joinFromPortal(who: Extract<CallIdentity, { kind: 'client' }>, appointmentId: string, meta: RequestMeta): Promise<CallSummary> {
    const st = (await this.scheduling.states([appointmentId])).get(appointmentId);
    if (!st) throw notFound('Appointment');
    const mine = who.clients.filter((c) => c.practiceId === st.practiceId).map((c) => c.clientId);
    const appt = mine.length ? (await this.scheduling.calendarEntries(st.practiceId, { ids: [appointmentId] }))[0] : undefined;
    const clientId = appt?.clientIds.find((c) => mine.includes(c));
    if (!appt || !clientId) throw notFound('Appointment');
    if (appt.type === 'in_person') throw clientConflict('errors.calls.inPerson');
    if (appt.status === 'cancelled') throw clientConflict('errors.calls.cancelled');
    const state = joinState(this.ctx.clock.now(), appt.start, appt.end);
    if (state === 'before') throw new ClientError('join_not_open', 409, 'errors.calls.early', { minutes: JOIN_WINDOW_MINUTES });
    if (state === 'over') throw clientConflict('errors.calls.over');
    const { call, created } = await this.ensureAppointmentCall(appointmentId);
    if (call.status === 'ended') throw callOver();
    if (created) await this.ctx.audit.record({ actor: { type: 'client', id: who.accountId }, practiceId: st.practiceId, ip: meta.ip, userAgent: meta.userAgent, action: 'call_started', resource: { type: 'call', id: call.id }, outcome: 'success', details: { kind: 'scheduled', appointmentId, via: 'portal' } });
    return (await this.summaries([call], { clientIds: [clientId] }))[0]!;
  }

  async resolveGuest(token: string): Promise<Extract<CallIdentity, { kind: 'guest' }> | null> {
    const r = await repo.findGuestSession(this.ctx.db, hashToken(token));
    if (!r || r.revoked_at !== null || Number(r.expires_at) <= this.ctx.clock.now()) return null;
    return { kind: 'guest', guestSessionId: r.id, callId: r.call_id, clientId: r.client_id, practiceId: r.practice_id };
  }

  async guestAlive(id: string): Promise<boolean> {
    const r = await repo.findGuestSessionById(this.ctx.db, id);
    return !!r && r.revoked_at === null && Number(r.expires_at) > this.ctx.clock.now();
  }

  async portalIdentity(accountId: string, sessionId: string): Promise<Extract<CallIdentity, { kind: 'client' }>> {
    const links = await repo.linkedClientIds(this.ctx.db, accountId);
    return { kind: 'client', accountId, sessionId, clients: links.map((l) => ({ clientId: l.client_id, practiceId: l.practice_id })) };
  }

  // ---- the record ----

  async event(call: Pick<repo.CallRow, 'id' | 'practice_id' | 'provider_id'>, type: CallEventType, actor: string, detail: string | null, db: DbOrTx = this.ctx.db): Promise<CallEvent> {
    const at = this.ctx.clock.now();
    await repo.insertEvent(db, { callId: call.id, practiceId: call.practice_id, type, actor, detail, at });
    const event: CallEvent = { type, at: iso(at), actor, detail };
    if (db === this.ctx.db) await this.publish({ to: { user: call.provider_id }, msg: { type: 'call.progress', callId: call.id, event } });
    return event;
  }

  private summaries(rows: repo.CallRow[], view: 'staff' | { clientIds: string[] }): Promise<CallSummary[]> {
    return this.records.summaries(rows, view);
  }

  private staffAccess(s: ResolvedSession, id: string): Promise<CallAccess> {
    return this.records.staffAccess(s, id);
  }

  record(s: ResolvedSession, id: string, meta: RequestMeta): Promise<CallRecord> {
    return this.records.record(s, id, meta);
  }

  /** The caller's calls now ringing or in progress (a provider's own; an owner's whole practice). */
  current(s: ResolvedSession): Promise<CallList> {
    return this.records.current(s);
  }

  /** Past calls (ended in [from, to)), newest end first; a provider's own, an owner's practice's (records.ts). */
  history(s: ResolvedSession, q: CallHistoryQuery, meta: RequestMeta): Promise<CallHistory> {
    return this.records.history(s, q, meta);
  }

  /**
   * For Today: the open room (ringing or active) of each of these appointments, and which clients
   * wait in its lobby. The caller has checked the viewer may see the appointments and start calls.
   */
  async openRooms(practiceId: string, appointmentIds: readonly string[]): Promise<Map<string, TodayCall>> {
    const rows = await repo.openCallsOfAppointments(this.ctx.db, practiceId, appointmentIds);
    const waiting = await repo.waitingClients(this.ctx.db, rows.map((r) => r.id));
    const out = new Map<string, TodayCall>();
    for (const r of rows) {
      if (!r.appointment_id || out.has(r.appointment_id)) continue;
      const w = [];
      for (const x of waiting.filter((x) => x.call_id === r.id)) w.push({ clientId: x.participant_id, name: await this.clientShortName(practiceId, x.participant_id) });
      out.set(r.appointment_id, { callId: r.id, status: r.status, waiting: w });
    }
    return out;
  }

  /**
   * How each of these appointments' calls went, for billing's telehealth coding (audio if audio
   * only or switched to it; at home as said at the start, null: not recorded). Appointments without
   * a held call are absent. The caller has checked the viewer may bill them.
   */
  async billingFacts(practiceId: string, appointmentIds: readonly string[]): Promise<Map<string, CallBillingFacts>> {
    const out = new Map<string, CallBillingFacts>();
    for (const r of await repo.heldCallsOfAppointments(this.ctx.db, practiceId, appointmentIds)) {
      if (!r.appointment_id) continue;
      const prev = out.get(r.appointment_id);
      // Several held calls for one visit (a dropped call restarted): audio if any went audio, at home as first recorded.
      out.set(r.appointment_id, {
        billedMode: prev?.billedMode === 'audio' || r.billed_mode === 'audio' ? 'audio' : 'video',
        clientAtHome: prev?.clientAtHome ?? (r.client_at_home === null ? null : r.client_at_home === 1),
        startedAt: prev?.startedAt ?? r.started_at!,
        endedAt: r.ended_at,
      });
    }
    return out;
  }

  /** A portal client's calls now ringing or in progress. */
  async currentForClient(who: Extract<CallIdentity, { kind: 'client' }> | Extract<CallIdentity, { kind: 'guest' }>): Promise<CallList> {
    const ids = who.kind === 'client' ? who.clients.map((c) => c.clientId) : [who.clientId];
    let rows = await repo.callsOfClients(this.ctx.db, ids, ['ringing', 'active']);
    if (who.kind === 'guest') rows = rows.filter((r) => r.id === who.callId);
    return { items: await this.summaries(rows, { clientIds: ids }) };
  }

  async safetyCheck(s: ResolvedSession, id: string, input: SafetyCheck, meta: RequestMeta): Promise<CallRecord> {
    const { call } = await this.staffAccess(s, id);
    if (call.status === 'ended') throw callOver();
    const now = this.ctx.clock.now();
    const { location, emergencyContactName, emergencyContactPhone } = input;
    await this.ctx.db.transaction().execute(async (tx) => {
      const enc = await this.ctx.crypto.encrypt(call.practice_id, { table: 'calls', column: 'safety_enc', rowId: id }, JSON.stringify({ location, emergencyContactName, emergencyContactPhone }), tx);
      await repo.setSafety(tx, id, enc, input.clientAtHome, s.user.id, now);
      await this.event(call, 'safety_check', `staff:${s.user.id}`, null, tx);
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'update', resource: { type: 'call', id }, outcome: 'success', details: { field: 'safety_check' } }, tx);
    });
    return this.record(s, id, meta);
  }

  async end(s: ResolvedSession, id: string, meta: RequestMeta): Promise<CallRecord> {
    const { call } = await this.staffAccess(s, id);
    await this.endCall(call, `staff:${s.user.id}`, byStaff(s, meta));
    return this.record(s, id, meta);
  }

  /** Ends the call once (whoever gets there first), closes its guest sessions and tells the room. */
  async endCall(call: repo.CallRow, actor: string, auditActor: Actor): Promise<boolean> {
    const now = this.ctx.clock.now();
    const done = await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.setStatus(tx, call.id, { status: 'ended', ended_at: now }, now, { status: ['ringing', 'active'] }))) return false;
      await repo.revokeGuestSessions(tx, call.id, now);
      await repo.insertEvent(tx, { callId: call.id, practiceId: call.practice_id, type: 'ended', actor, detail: null, at: now });
      await this.ctx.audit.record({ ...auditActor, action: 'call_ended', resource: { type: 'call', id: call.id }, outcome: 'success', details: { by: actor.split(':')[0] ?? actor } }, tx);
      return true;
    });
    if (done) {
      await this.publish({ to: { room: call.id }, msg: { type: 'call.ended', callId: call.id } });
      await this.publish({ to: { user: call.provider_id }, msg: { type: 'call.ring_stopped', callId: call.id } });
      for (const c of (await repo.clientIdsOf(this.ctx.db, [call.id])).map((r) => r.client_id)) await this.publish({ to: { client: c }, msg: { type: 'call.ring_stopped', callId: call.id } });
    }
    return done;
  }

  // ---- what signaling records ----

  auditActor(who: CallIdentity, practiceId: string, meta: RequestMeta): Actor {
    const actor = who.kind === 'staff' ? { type: 'user' as const, id: who.userId } : who.kind === 'client' ? { type: 'client' as const, id: who.accountId } : { type: 'client' as const, id: who.clientId };
    return { actor, practiceId, ip: meta.ip, userAgent: meta.userAgent };
  }

  /** A person entered the room (or came back): participant row, peer id, event, audit; the call is active once staff and a client are in. */
  async joined(a: CallAccess, who: CallIdentity, peerId: string, meta: RequestMeta, first: boolean): Promise<void> {
    const now = this.ctx.clock.now();
    const call = a.call;
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.upsertParticipant(tx, { callId: call.id, type: a.role, id: a.id }, { peer_id: peerId, first_joined_at: now, last_joined_at: now, left_at: null, admitted_at: now });
      if (first) {
        await repo.insertEvent(tx, { callId: call.id, practiceId: call.practice_id, type: 'joined', actor: `${a.role}:${a.id}`, detail: who.kind === 'guest' ? 'join_link' : null, at: now });
        await this.ctx.audit.record({ ...this.auditActor(who, call.practice_id, meta), action: 'call_joined', resource: { type: 'call', id: call.id }, outcome: 'success', details: { role: a.role, via: who.kind } }, tx);
      }
    });
    if (first) await this.publish({ to: { user: call.provider_id }, msg: { type: 'call.progress', callId: call.id, event: { type: 'joined', at: iso(now), actor: `${a.role}:${a.id}`, detail: null } } });
    // The ring stops for whoever answered.
    await this.publish({ to: a.role === 'staff' ? { user: a.id } : { client: a.id }, msg: { type: 'call.ring_stopped', callId: call.id } });
    const parts = await repo.participants(this.ctx.db, call.id);
    const bothIn = parts.some((p) => p.participant_type === 'staff' && p.left_at === null && p.last_joined_at !== null) && parts.some((p) => p.participant_type === 'client' && p.admitted_at !== null && p.left_at === null && p.last_joined_at !== null);
    if (bothIn && call.status === 'ringing' && (await repo.setStatus(this.ctx.db, call.id, { status: 'active', started_at: now }, now, { status: ['ringing'] }))) {
      call.status = 'active';
    }
  }

  async waiting(a: CallAccess, who: CallIdentity, peerId: string): Promise<void> {
    const now = this.ctx.clock.now();
    await repo.upsertParticipant(this.ctx.db, { callId: a.call.id, type: a.role, id: a.id }, { peer_id: peerId, last_joined_at: now, left_at: null });
    await this.event(a.call, 'waiting', `${a.role}:${a.id}`, who.kind === 'guest' ? 'join_link' : null);
  }

  async admitted(call: repo.CallRow, clientId: string, by: string): Promise<void> {
    await repo.upsertParticipant(this.ctx.db, { callId: call.id, type: 'client', id: clientId }, { admitted_at: this.ctx.clock.now() });
    await this.event(call, 'admitted', `staff:${by}`, null);
  }

  async left(call: Pick<repo.CallRow, 'id' | 'practice_id' | 'provider_id'>, role: ParticipantRole, id: string, reason: 'left' | 'gone', auditActor: Actor): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.upsertParticipant(tx, { callId: call.id, type: role, id }, { left_at: now });
      await repo.insertEvent(tx, { callId: call.id, practiceId: call.practice_id, type: 'left', actor: `${role}:${id}`, detail: reason === 'gone' ? 'connection_lost' : null, at: now });
      await this.ctx.audit.record({ ...auditActor, action: 'call_left', resource: { type: 'call', id: call.id }, outcome: 'success', details: { role, reason } }, tx);
    });
  }

  async participantPeer(callId: string, role: ParticipantRole, id: string) {
    return repo.participant(this.ctx.db, { callId, type: role, id });
  }

  async switchedToAudio(call: repo.CallRow, actor: string): Promise<void> {
    if (call.billed_mode === 'audio') return;
    if (await repo.setStatus(this.ctx.db, call.id, { billed_mode: 'audio' }, this.ctx.clock.now())) {
      call.billed_mode = 'audio';
      await this.event(call, 'audio_only', actor, null);
    }
  }

  /**
   * A file shared in the call: saved to the documents of the call's clients (staff sharing) or of
   * the sharing client, recorded on the call (document ids, never the name) and announced to the
   * room. Only someone in the call may share.
   */
  async shareFile(
    who: { staff: ResolvedSession } | { client: Extract<CallIdentity, { kind: 'client' | 'guest' }> },
    callId: string,
    file: { filenameHeader: string | string[] | undefined; body: unknown },
    meta: RequestMeta,
  ): Promise<SharedFile> {
    const identity: CallIdentity = 'staff' in who ? { kind: 'staff', userId: who.staff.user.id, practiceId: who.staff.user.practiceId, role: who.staff.session.active_role as StaffRole, sessionId: who.staff.session.id } : who.client;
    const a = await this.access(identity, callId);
    if (!a) throw notFound('Call');
    if (a.call.status === 'ended') throw callOver();
    const part = await repo.participant(this.ctx.db, { callId, type: a.role, id: a.id });
    if (!part || part.admitted_at === null || part.left_at !== null) throw clientConflict('errors.calls.joinFirst');
    if (!Buffer.isBuffer(file.body) || file.body.length === 0) throw badRequest('file', 'is empty');
    const ids: string[] = [];
    let name = '';
    if ('staff' in who) {
      for (const c of (await repo.clientIdsOf(this.ctx.db, [callId])).map((r) => r.client_id)) {
        const info = await this.documents.upload(who.staff, c, file, meta);
        ids.push(info.id);
        name = info.name;
      }
    } else {
      const uploadedBy = who.client.kind === 'client' ? { type: 'client' as const, id: who.client.accountId } : { type: 'client' as const, id: a.id };
      const info = await this.documents.uploadForClient({ practiceId: a.call.practice_id, clientId: a.id, uploadedBy, filename: filenameFromHeader(file.filenameHeader), bytes: file.body, via: 'portal', meta });
      ids.push(info.id);
      name = info.name;
    }
    await this.event(a.call, 'file_shared', `${a.role}:${a.id}`, ids.map((d) => `document:${d}`).join(','));
    const from = (await repo.participant(this.ctx.db, { callId, type: a.role, id: a.id }))?.peer_id ?? '';
    await this.publish({ to: { room: callId }, msg: { type: 'call.file', callId, from, name: a.name, fileName: name, at: iso(this.ctx.clock.now()) } });
    return { documentIds: ids };
  }

  findCall(id: string) {
    return repo.findCall(this.ctx.db, id);
  }
}
