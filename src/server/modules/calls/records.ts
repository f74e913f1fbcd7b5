// Calls: what the record says — summaries of calls, one call's record (participants, events, the
// safety check), the calls now ringing or in progress, and the history of past calls. CallService
// composes it.
import type { AppContext, RequestMeta } from '../../context.js';
import { AppError, badRequest, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import type { StaffRole } from '../../../shared/roles.js';
import type { CallEventType, CallList, CallRecord, CallSummary } from '../../../shared/calls.js';
import type { CallHistory, CallHistoryItem, CallHistoryQuery } from '../../../shared/today.js';
import { MAX_HISTORY_DAYS } from '../../../shared/today.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../lib/pagination.js';
import * as repo from './repo.js';
import type { CallAccess } from './call-types.js';
import type { CallService } from './service.js';

export class CallRecords {
  constructor(
    private readonly ctx: AppContext,
    private readonly svc: CallService,
    private readonly clients: ClientService,
  ) {}

  async summaries(rows: repo.CallRow[], view: 'staff' | { clientIds: string[] }): Promise<CallSummary[]> {
    const links = await repo.clientIdsOf(this.ctx.db, rows.map((r) => r.id));
    const out: CallSummary[] = [];
    for (const r of rows) {
      const ids = links.filter((l) => l.call_id === r.id).map((l) => l.client_id).filter((c) => view === 'staff' || view.clientIds.includes(c));
      const clients = [];
      for (const c of ids) clients.push({ id: c, name: await this.svc.clientShortName(r.practice_id, c) });
      out.push({
        id: r.id,
        kind: r.kind,
        mode: r.mode,
        status: r.status,
        appointmentId: r.appointment_id,
        providerId: r.provider_id,
        clients,
        ringAt: r.ring_at === null ? null : iso(Number(r.ring_at)),
        startedAt: r.started_at === null ? null : iso(Number(r.started_at)),
        endedAt: r.ended_at === null ? null : iso(Number(r.ended_at)),
        createdAt: iso(Number(r.created_at)),
      });
    }
    return out;
  }

  async staffAccess(s: ResolvedSession, id: string): Promise<CallAccess> {
    const a = await this.svc.access({ kind: 'staff', userId: s.user.id, practiceId: s.user.practiceId, role: s.session.active_role as StaffRole, sessionId: s.session.id }, id);
    if (!a) throw notFound('Call');
    return a;
  }

  async record(s: ResolvedSession, id: string, meta: RequestMeta): Promise<CallRecord> {
    const { call } = await this.staffAccess(s, id);
    const [summary] = await this.summaries([call], 'staff');
    const parts = await repo.participants(this.ctx.db, id);
    const participants = [];
    for (const p of parts) {
      participants.push({
        role: p.participant_type,
        id: p.participant_id,
        name: p.participant_type === 'staff' ? ((await this.svc.staffName(call.practice_id, p.participant_id)) ?? 'Staff') : await this.svc.clientShortName(call.practice_id, p.participant_id),
        joinedAt: p.first_joined_at === null ? null : iso(Number(p.first_joined_at)),
        leftAt: p.left_at === null ? null : iso(Number(p.left_at)),
      });
    }
    const events = (await repo.events(this.ctx.db, id)).map((e) => ({ type: e.type as CallEventType, at: iso(Number(e.at)), actor: e.actor, detail: e.detail }));
    let safetyCheck: CallRecord['safetyCheck'] = null;
    if (call.safety_enc && call.safety_at !== null && call.safety_by) {
      const v = JSON.parse(await this.ctx.crypto.decrypt({ table: 'calls', column: 'safety_enc', rowId: id }, call.safety_enc)) as { location: string; emergencyContactName: string; emergencyContactPhone: string };
      safetyCheck = { ...v, clientAtHome: call.client_at_home === null ? null : call.client_at_home === 1, confirmedAt: iso(Number(call.safety_at)), confirmedBy: call.safety_by };
    }
    await this.ctx.audit.record({ ...byStaff(s, meta), action: 'read', resource: { type: 'call', id }, outcome: 'success' });
    const started = call.started_at === null ? null : Number(call.started_at);
    const ended = call.ended_at === null ? null : Number(call.ended_at);
    return { ...summary!, durationSeconds: started !== null && ended !== null ? Math.round((ended - started) / 1000) : null, billedMode: call.billed_mode, participants, events, safetyCheck };
  }

  /** The caller's calls now ringing or in progress (a provider's own; an owner's whole practice). */
  async current(s: ResolvedSession): Promise<CallList> {
    const role = s.session.active_role as StaffRole;
    const rows = await repo.callsOfPractice(this.ctx.db, s.user.practiceId, ['ringing', 'active'], role === 'owner' ? null : s.user.id);
    return { items: await this.summaries(rows, 'staff') };
  }

  /**
   * Past calls (ended in [from, to)), newest end first, with duration, participants and mode; exact
   * total and a keyset cursor. A provider sees their own calls; an owner the practice's, optionally
   * one provider's. Audited as a read.
   */
  async history(s: ResolvedSession, q: CallHistoryQuery, meta: RequestMeta): Promise<CallHistory> {
    const pid = s.user.practiceId;
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (to <= from) throw badRequest('to', 'must be after from');
    if (to - from > MAX_HISTORY_DAYS * 86_400_000) throw badRequest('to', `the range may span at most ${MAX_HISTORY_DAYS} days`);
    const role = s.session.active_role as StaffRole;
    if (role !== 'owner' && q.providerId && q.providerId !== s.user.id) throw new AppError('forbidden', 403, 'Providers see only their own calls', 'providerId');
    const filter: repo.HistoryFilter = { practiceId: pid, from, to, providerId: role === 'owner' ? q.providerId : s.user.id, mode: q.mode };
    const after = decodeKeysetCursor(q.cursor);
    const limit = q.limit ?? 50;
    const snapshot = this.ctx.dialect === 'postgres' ? this.ctx.db.transaction().setIsolationLevel('repeatable read') : this.ctx.db.transaction();
    const { total, rows } = await snapshot.execute(async (tx) => ({ total: await repo.countHistory(tx, filter), rows: await repo.pageHistory(tx, filter, after, limit + 1) }));
    const page = rows.slice(0, limit);
    const parts = await repo.joinedParticipants(this.ctx.db, page.map((r) => r.id));
    const directory = await this.clients.directory(pid);
    const staffNames = new Map<string, string>();
    const staffName = async (id: string) => {
      if (!staffNames.has(id)) staffNames.set(id, (await this.svc.staffName(pid, id)) ?? 'Staff');
      return staffNames.get(id)!;
    };
    const items: CallHistoryItem[] = [];
    for (const r of page) {
      const participants = [];
      for (const p of parts.filter((x) => x.call_id === r.id)) {
        const e = p.participant_type === 'client' ? directory.get(p.participant_id) : undefined;
        participants.push({
          role: p.participant_type,
          id: p.participant_id,
          name: p.participant_type === 'staff' ? await staffName(p.participant_id) : e ? `${e.preferredName ?? e.firstName} ${e.lastName}` : 'Client',
        });
      }
      const started = r.started_at === null ? null : Number(r.started_at);
      const ended = Number(r.ended_at);
      items.push({
        id: r.id,
        kind: r.kind,
        mode: r.mode,
        billedMode: r.billed_mode,
        appointmentId: r.appointment_id,
        providerId: r.provider_id,
        providerName: await staffName(r.provider_id),
        startedAt: started === null ? null : iso(started),
        endedAt: iso(ended),
        durationSeconds: started === null ? null : Math.max(0, Math.round((ended - started) / 1000)),
        participants,
      });
    }
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeKeysetCursor(Number(last.ended_at), last.id) : null;
    await this.ctx.audit.record({
      ...byStaff(s, meta),
      action: 'read',
      resource: { type: 'call_history', id: pid },
      outcome: 'success',
      details: { returned: items.length, total, from: iso(from), to: iso(to), providerId: filter.providerId ?? null, mode: q.mode ?? null },
    });
    return { items, total, nextCursor };
  }
}
