// The status page: the platform's components and their state, incidents and scheduled maintenance
// with dated updates, 90-day uptime bars, the Statuspage JSON, mail subscribers (confirmed opt-in,
// each update mailed once), and the incident changes the automatic probes make (probes.ts).
//
// A component's state is never stored on its own: it is the worst state that an open incident
// (or maintenance in progress) gives it, so the page, the JSON, the banner and the uptime history
// cannot disagree. Incidents are written by platform operators (a bearer token, no PHI access:
// the token opens the status routes and nothing else) or by the probes. No PHI and no practice
// name can reach this page: nothing here reads a practice's data.
import type { Locale } from '../../../shared/locale.js';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/index.js';
import { metaValueOnce } from '../../db/meta.js';
import { AppError, conflict, invalid } from '../../errors.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import {
  COMPONENTS,
  STATUS_UPDATE_LABELS,
  type ActiveIncidents,
  type AnyIncidentStatus,
  type ComponentId,
  type ComponentStatus,
  type CreateIncident,
  type CreateMaintenance,
  type Impact,
  type PageIncident,
  type PostUpdate,
  type SpIncident,
  type SpMaintenance,
  type StatusPage,
} from '../../../shared/status.js';
import { addDays, dayKey, dayLabel, stamp, startOfDay, window } from './format.js';
import { downIntervals, firstStart, runsSince } from './liveness.js';
import * as repo from './repo.js';
import { indicator, iso, pageInfo, spComponents, spIncidents, worst, type Affected } from './statuspage.js';
import { StatusSubscribers } from './subscribers.js';
import { overlap, timelines as timelinesOf, uptimePercent } from './uptime.js';
import { DAY } from '../../lib/clock.js';

const HISTORY_DAYS = 90;
const IMPACT_RANK: Record<Impact, number> = { none: 0, maintenance: 0, minor: 1, major: 2, critical: 3 };
const INCIDENT_OPEN = ['investigating', 'identified', 'monitoring'] as const;
const MAINTENANCE_OPEN = ['scheduled', 'in_progress', 'verifying'] as const;

export interface Operator {
  id: string;
  name: string;
}

/** Who writes an incident change: an operator, or a probe (the system). */
type Writer = { operator: Operator; ip: string | null; userAgent: string | null } | { probe: string };

const componentName = (id: string) => COMPONENTS.find((c) => c.id === id)?.name ?? id;

/** The impact an incident has, from the worst state it gives a component. */
function impactOf(states: ComponentStatus[], kind: 'incident' | 'maintenance'): Impact {
  if (kind === 'maintenance') return 'maintenance';
  const w = states.reduce<ComponentStatus>(worst, 'operational');
  return w === 'major_outage' ? 'critical' : w === 'partial_outage' ? 'major' : w === 'degraded_performance' ? 'minor' : 'none';
}

export class StatusService {
  private readonly subscribers: StatusSubscribers;

  constructor(
    private readonly ctx: AppContext,
    /** Called after an update that mails subscribers was committed (the deliveries loop wakes). */
    private readonly onUpdate: () => void,
  ) {
    this.subscribers = new StatusSubscribers(ctx);
  }

  private sinceMs: number | null = null;

  private get zone() {
    return this.ctx.config.status.timeZone;
  }

  /** When this platform's status history starts (uptime before it is unknown, not 100%). */
  async since(): Promise<number> {
    if (this.sinceMs != null) return this.sinceMs;
    const value = await metaValueOnce(this.ctx.db, 'status_since', String(this.ctx.clock.now()));
    this.sinceMs = Number(value);
    return this.sinceMs;
  }

  // ---- reading ----

  /** Each component's state now: the worst that an open incident or maintenance in progress gives it. */
  async componentStates(db: DbOrTx = this.ctx.db): Promise<Map<ComponentId, { status: ComponentStatus; updatedAt: number | null }>> {
    const open = (await repo.unresolved(db, { internal: false })).filter((i) => !(i.kind === 'maintenance' && i.status === 'scheduled'));
    const rows = await repo.componentsOf(
      db,
      open.map((i) => i.id),
    );
    const byId = new Map(open.map((i) => [i.id, i]));
    const out = new Map<ComponentId, { status: ComponentStatus; updatedAt: number | null }>(COMPONENTS.map((c) => [c.id, { status: 'operational', updatedAt: null }]));
    for (const r of rows) {
      const cur = out.get(r.component_id as ComponentId);
      if (!cur) continue;
      const inc = byId.get(r.incident_id)!;
      out.set(r.component_id as ComponentId, { status: worst(cur.status, r.status), updatedAt: Math.max(cur.updatedAt ?? 0, Number(inc.updated_at)) });
    }
    return out;
  }

  /** The Statuspage JSON: summary, status, components, incidents, unresolved, scheduled maintenances. */
  async statuspage() {
    const db = this.ctx.db;
    const now = this.ctx.clock.now();
    const states = await this.componentStates(db);
    const since = await this.since();
    const components = spComponents(states, since);
    const rows = await repo.incidentsSince(db, now - HISTORY_DAYS * DAY, { internal: false });
    const all = await spIncidents(db, this.ctx.config.publicUrl, rows, components);
    const incidents = all.filter((_, i) => rows[i]!.kind === 'incident');
    const maintenances = all.filter((_, i) => rows[i]!.kind === 'maintenance');
    const maintenanceNow = maintenances.some((m) => m.status === 'in_progress' || m.status === 'verifying');
    const status = indicator([...states.values()].map((s) => s.status), maintenanceNow);
    const updatedAt = Math.max(since, ...rows.map((r) => Number(r.updated_at)));
    const page = pageInfo(this.ctx.config.publicUrl, this.zone, updatedAt);
    const strip = ({ scheduled_for: _f, scheduled_until: _u, ...i }: SpMaintenance): SpIncident => i;
    return {
      page,
      status,
      components,
      incidents: incidents.map(strip),
      unresolved: incidents.filter((i) => i.resolved_at == null).map(strip),
      maintenances,
      upcomingOrActiveMaintenances: maintenances.filter((m) => m.resolved_at == null),
    };
  }

  /** Everything /status shows, with dates already written in the page's zone. */
  async statusPage(): Promise<StatusPage> {
    const db = this.ctx.db;
    const now = this.ctx.clock.now();
    const zone = this.zone;
    const states = await this.componentStates(db);
    const since = startOfDay(addDays(now, -(HISTORY_DAYS - 1), zone), zone);
    const rows = await repo.incidentsSince(db, since, { internal: false });
    const ids = rows.map((r) => r.id);
    const [comps, updates] = await Promise.all([repo.componentsOf(db, ids), repo.updatesOf(db, ids)]);

    const toPage = (r: repo.IncidentRow): PageIncident => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      status: r.status,
      statusLabel: STATUS_UPDATE_LABELS[r.status],
      impact: r.impact,
      automatic: r.probe != null,
      components: comps.filter((c) => c.incident_id === r.id).map((c) => ({ id: c.component_id as ComponentId, name: componentName(c.component_id) })),
      updates: updates
        .filter((u) => u.incident_id === r.id)
        .map((u) => ({ id: u.id, status: u.status, statusLabel: STATUS_UPDATE_LABELS[u.status as AnyIncidentStatus] ?? u.status, body: u.body, at: iso(u.created_at)!, when: stamp(Number(u.created_at), zone) })),
      createdAt: iso(r.created_at)!,
      resolvedAt: iso(r.resolved_at),
      scheduledFor: iso(r.scheduled_for),
      scheduledUntil: iso(r.scheduled_until),
      window: r.scheduled_for != null && r.scheduled_until != null ? window(Number(r.scheduled_for), Number(r.scheduled_until), zone) : null,
    });

    const timelines = timelinesOf(rows, updates, now);
    // No web process up: a major outage of what they serve (the probes, in those processes, saw nothing).
    const gaps = (await this.serverDowntime(since, now)).map((g) => ({ ...g, status: 'major_outage' as ComponentStatus }));
    const served = this.webServed();
    const dayStarts: number[] = [];
    for (let d = 0; d < HISTORY_DAYS; d++) dayStarts.push(startOfDay(addDays(since, d, zone), zone));
    const sinceStart = startOfDay(await this.since(), zone);
    const components = COMPONENTS.map((c) => {
      const segs = [...(timelines.get(c.id) ?? []), ...(served.has(c.id) ? gaps : [])];
      let down = 0;
      let total = 0;
      const days = dayStarts.map((start, i) => {
        const end = Math.min(i + 1 < dayStarts.length ? dayStarts[i + 1]! : addDays(start, 1, zone), now);
        if (start < sinceStart || start > now) return { date: dayKey(start, zone), uptime: null, worst: 'operational' as ComponentStatus, label: dayLabel(start, zone) };
        const { downtime, worstState } = overlap(segs, start, end);
        down += downtime;
        total += end - start;
        return { date: dayKey(start, zone), uptime: end > start ? uptimePercent(downtime, end - start) : 100, worst: worstState, label: dayLabel(start, zone) };
      });
      return { id: c.id, name: c.name, description: c.description, status: states.get(c.id)!.status, uptime90: total ? uptimePercent(down, total) : 100, days };
    });

    const maintenanceNow = rows.some((r) => r.kind === 'maintenance' && (r.status === 'in_progress' || r.status === 'verifying'));
    return {
      status: indicator(
        components.map((c) => c.status),
        maintenanceNow,
      ),
      timeZone: zone,
      updatedAt: new Date(Math.max(sinceStart, ...rows.map((r) => Number(r.updated_at)))).toISOString(),
      components,
      active: rows.filter((r) => r.resolved_at == null && !(r.kind === 'maintenance' && r.status === 'scheduled')).map(toPage),
      upcoming: rows
        .filter((r) => r.kind === 'maintenance' && r.status === 'scheduled')
        .sort((a, b) => Number(a.scheduled_for) - Number(b.scheduled_for))
        .map(toPage),
      history: rows.filter((r) => r.resolved_at != null).map(toPage),
    };
  }

  /**
   * When no web process was running within [from, to): between a clean stop (or a crashed
   * process's last heartbeat) and the next start, counted only while no other instance was up.
   */
  async serverDowntime(from: number, to: number): Promise<{ from: number; to: number }[]> {
    const now = this.ctx.clock.now();
    const [runs, first] = await Promise.all([runsSince(this.ctx.db, from), firstStart(this.ctx.db)]);
    return downIntervals(runs, first, from, Math.min(to, now), now);
  }

  /** What the web processes serve: everything, reminders too when they send them (DISPATCHER=inline). */
  private webServed(): Set<ComponentId> {
    const inline = this.ctx.config.reminders.dispatcher === 'inline';
    return new Set(COMPONENTS.map((c) => c.id).filter((id) => id !== 'reminders' || inline));
  }

  /** Open incidents and maintenance in progress, for the in-app banner. */
  async active(): Promise<ActiveIncidents> {
    const rows = (await repo.unresolved(this.ctx.db, { internal: false })).filter((r) => !(r.kind === 'maintenance' && r.status === 'scheduled'));
    const comps = await repo.componentsOf(
      this.ctx.db,
      rows.map((r) => r.id),
    );
    return {
      incidents: rows.map((r) => ({
        id: r.id,
        name: r.name,
        status: r.status,
        statusLabel: STATUS_UPDATE_LABELS[r.status],
        impact: r.impact,
        components: comps.filter((c) => c.incident_id === r.id).map((c) => c.component_id as ComponentId),
      })),
    };
  }

  /** Operators: every incident of the last 90 days, internal ones included. */
  async operatorIncidents() {
    const rows = await repo.incidentsSince(this.ctx.db, this.ctx.clock.now() - HISTORY_DAYS * DAY, { internal: true });
    const comps = await repo.componentsOf(
      this.ctx.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      status: r.status,
      impact: r.impact,
      internal: r.internal === 1,
      probe: r.probe,
      createdAt: iso(r.created_at)!,
      resolvedAt: iso(r.resolved_at),
      components: Object.fromEntries(comps.filter((c) => c.incident_id === r.id).map((c) => [c.component_id, c.status])),
    }));
  }

  // ---- operators ----

  /** The operator a bearer token belongs to, or null (revoked or unknown). */
  async operator(token: string): Promise<Operator | null> {
    const row = await repo.operatorByTokenHash(this.ctx.db, hashToken(token));
    if (!row || row.revoked_at != null) return null;
    const now = this.ctx.clock.now();
    if (row.last_used_at == null || now - Number(row.last_used_at) > 60_000) await this.ctx.db.updateTable('status_operators').set({ last_used_at: now }).where('id', '=', row.id).execute();
    return { id: row.id, name: row.name };
  }

  /** Creates an operator; the token is returned once and only its hash is kept. */
  async addOperator(name: string): Promise<{ id: string; token: string }> {
    const id = randomUUID();
    const token = `hso_${newToken()}`;
    await this.ctx.db.insertInto('status_operators').values({ id, name, token_hash: hashToken(token), created_at: this.ctx.clock.now(), last_used_at: null, revoked_at: null }).execute();
    await this.ctx.audit.record({ actor: { type: 'system', id: null }, practiceId: null, action: 'create', resource: { type: 'status_operator', id }, outcome: 'success' });
    return { id, token };
  }

  async revokeOperator(id: string): Promise<boolean> {
    const r = await this.ctx.db.updateTable('status_operators').set({ revoked_at: this.ctx.clock.now() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    const ok = Number(r.numUpdatedRows) === 1;
    if (ok) await this.ctx.audit.record({ actor: { type: 'system', id: null }, practiceId: null, action: 'delete', resource: { type: 'status_operator', id }, outcome: 'success' });
    return ok;
  }

  async listOperators() {
    return this.ctx.db.selectFrom('status_operators').select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at']).orderBy('created_at').orderBy('id').execute();
  }

  // ---- writing incidents ----

  private async write(tx: Tx, incidentId: string, status: AnyIncidentStatus, body: string, changes: Partial<Record<ComponentId, ComponentStatus>>, notify: boolean, by: Writer, now: number, action: 'create' | 'update' = 'update') {
    const before = new Map((await repo.componentsOf(tx, [incidentId])).map((c) => [c.component_id, c.status]));
    const affected: Affected[] = [];
    for (const [code, next] of Object.entries(changes) as [ComponentId, ComponentStatus][]) {
      const old = before.get(code) ?? 'operational';
      await repo.setComponent(tx, incidentId, code, next);
      affected.push({ code, name: componentName(code), old_status: old, new_status: next });
    }
    const updateId = randomUUID();
    // Updates of one incident keep their order even when two land within the same millisecond.
    const last = await tx.selectFrom('status_incident_updates').select((eb) => eb.fn.max('created_at').as('at')).where('incident_id', '=', incidentId).executeTakeFirst();
    const at = last?.at != null && Number(last.at) >= now ? Number(last.at) + 1 : now;
    await repo.insertUpdate(tx, { id: updateId, incident_id: incidentId, status, body, affected: JSON.stringify(affected), notify: notify ? 1 : 0, created_by: 'operator' in by ? by.operator.id : null, created_at: at });
    const inc = (await repo.incident(tx, incidentId))!;
    // The states after this update: those before, with this update's changes over them.
    const states = [...new Map<string, ComponentStatus>([...before, ...(Object.entries(changes) as [string, ComponentStatus][])]).values()];
    // An incident's impact is the worst it reached (a resolved outage stays an outage in the history).
    const impact = impactOf(states, inc.kind);
    await tx
      .updateTable('status_incidents')
      .set({ impact: IMPACT_RANK[impact] > IMPACT_RANK[inc.impact] ? impact : inc.impact, updated_at: now })
      .where('id', '=', incidentId)
      .execute();
    if (notify && inc.internal === 0) await repo.enqueueDeliveries(tx, updateId, now);
    if ('operator' in by) {
      await this.ctx.audit.record({ actor: { type: 'platform', id: by.operator.id }, practiceId: null, action, resource: { type: 'status_incident', id: incidentId }, outcome: 'success', ip: by.ip, userAgent: by.userAgent, details: { kind: inc.kind, status, components: Object.keys(changes), notify } }, tx);
    }
    return updateId;
  }

  async createIncident(input: CreateIncident, by: Writer & { operator: Operator }): Promise<{ id: string }> {
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertIncident(tx, {
        id,
        kind: 'incident',
        name: input.name,
        status: input.status,
        impact: 'none',
        internal: input.internal ? 1 : 0,
        probe: null,
        open_probe: null,
        created_by: by.operator.id,
        created_at: now,
        updated_at: now,
        monitoring_at: input.status === 'monitoring' ? now : null,
        resolved_at: null,
        scheduled_for: null,
        scheduled_until: null,
      });
      await this.write(tx, id, input.status, input.body, input.components, input.notify, by, now, 'create');
    });
    this.onUpdate();
    return { id };
  }

  async createMaintenance(input: CreateMaintenance, by: Writer & { operator: Operator }): Promise<{ id: string }> {
    const id = randomUUID();
    const now = this.ctx.clock.now();
    const from = Date.parse(input.scheduledFor);
    const until = Date.parse(input.scheduledUntil);
    if (until <= now) throw invalid('scheduledUntil', 'must be in the future');
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertIncident(tx, { id, kind: 'maintenance', name: input.name, status: 'scheduled', impact: 'maintenance', internal: 0, probe: null, open_probe: null, created_by: by.operator.id, created_at: now, updated_at: now, monitoring_at: null, resolved_at: null, scheduled_for: from, scheduled_until: until });
      // The components are listed now, operational until the window opens.
      await this.write(tx, id, 'scheduled', input.body, Object.fromEntries(input.components.map((c) => [c, 'operational'])), input.notify, by, now, 'create');
    });
    this.onUpdate();
    await this.maintenancePass();
    return { id };
  }

  async postUpdate(incidentId: string, input: PostUpdate, by: Writer & { operator: Operator }): Promise<{ id: string }> {
    const now = this.ctx.clock.now();
    const updateId = await this.ctx.db.transaction().execute(async (tx) => {
      const inc = await repo.incident(tx, incidentId);
      if (!inc) throw new AppError('not_found', 404, 'id: no such incident', 'id');
      if (inc.resolved_at != null) throw conflict('status: this incident is already resolved; open a new one', 'status');
      const allowed: readonly string[] = inc.kind === 'incident' ? ['investigating', 'identified', 'monitoring', 'resolved'] : ['scheduled', 'in_progress', 'verifying', 'completed'];
      if (!allowed.includes(input.status)) throw invalid('status', `must be one of ${allowed.join(', ')} for ${inc.kind === 'incident' ? 'an incident' : 'maintenance'}`);
      const closing = input.status === 'resolved' || input.status === 'completed';
      let changes = input.components ?? {};
      if (closing) changes = { ...Object.fromEntries((await repo.componentsOf(tx, [incidentId])).map((c) => [c.component_id, 'operational'])), ...changes };
      const ok = await repo.transition(tx, incidentId, inc.kind === 'incident' ? INCIDENT_OPEN : MAINTENANCE_OPEN, {
        status: input.status as repo.IncidentRow['status'],
        monitoring_at: input.status === 'monitoring' ? now : inc.monitoring_at,
        resolved_at: closing ? now : null,
        open_probe: closing ? null : inc.open_probe,
      });
      if (!ok) throw conflict('status: the incident changed meanwhile; reload it', 'status');
      return this.write(tx, incidentId, input.status, input.body, changes, input.notify, by, now);
    });
    this.onUpdate();
    return { id: updateId };
  }

  /** Maintenance opens and closes itself at its window. */
  async maintenancePass(): Promise<void> {
    const now = this.ctx.clock.now();
    const rows = (await repo.unresolved(this.ctx.db, { internal: true })).filter((r) => r.kind === 'maintenance');
    for (const r of rows) {
      if (r.status === 'scheduled' && Number(r.scheduled_for) <= now && Number(r.scheduled_until) > now) {
        await this.ctx.db.transaction().execute(async (tx) => {
          if (!(await repo.transition(tx, r.id, ['scheduled'], { status: 'in_progress' }))) return;
          const comps = await repo.componentsOf(tx, [r.id]);
          await this.write(tx, r.id, 'in_progress', 'Scheduled maintenance is in progress. We will post an update when it is complete.', Object.fromEntries(comps.map((c) => [c.component_id, 'under_maintenance'])), true, { probe: 'maintenance' }, now);
        });
        this.onUpdate();
      } else if (Number(r.scheduled_until) <= now) {
        await this.ctx.db.transaction().execute(async (tx) => {
          if (!(await repo.transition(tx, r.id, MAINTENANCE_OPEN, { status: 'completed', resolved_at: now }))) return;
          const comps = await repo.componentsOf(tx, [r.id]);
          await this.write(tx, r.id, 'completed', 'The scheduled maintenance has been completed.', Object.fromEntries(comps.map((c) => [c.component_id, 'operational'])), true, { probe: 'maintenance' }, now);
        });
        this.onUpdate();
      }
    }
  }

  // ---- what the probes do (probes.ts decides when) ----

  /** Opens the probe's incident if none is open; if its incident was recovering, it is investigating again. */
  async probeFailing(probe: string, text: { name: string; body: string; again: string }, components: Partial<Record<ComponentId, ComponentStatus>>, internal: boolean): Promise<string> {
    const now = this.ctx.clock.now();
    const open = await repo.openForProbe(this.ctx.db, probe);
    if (open) {
      if (open.status === 'monitoring') {
        const moved = await this.ctx.db.transaction().execute(async (tx) => {
          if (!(await repo.transition(tx, open.id, ['monitoring'], { status: 'investigating', monitoring_at: null }))) return false;
          await this.write(tx, open.id, 'investigating', text.again, components, true, { probe }, now);
          return true;
        });
        if (moved) this.onUpdate();
      }
      return open.id;
    }
    const id = randomUUID();
    try {
      await this.ctx.db.transaction().execute(async (tx) => {
        await repo.insertIncident(tx, { id, kind: 'incident', name: text.name, status: 'investigating', impact: 'none', internal: internal ? 1 : 0, probe, open_probe: probe, created_by: null, created_at: now, updated_at: now, monitoring_at: null, resolved_at: null, scheduled_for: null, scheduled_until: null });
        await this.write(tx, id, 'investigating', text.body, components, true, { probe }, now);
      });
    } catch (err) {
      // Another instance opened it first (UNIQUE open_probe): that one is the incident.
      const other = await repo.openForProbe(this.ctx.db, probe);
      if (other) return other.id;
      throw err;
    }
    this.ctx.log.warn({ probe, incident: id }, 'status: a probe opened an incident');
    this.onUpdate();
    return id;
  }

  /** The probe passes again: its incident goes to monitoring (components operational), or resolves after the quiet period. */
  async probeHealthy(probe: string, text: { monitoring: string; resolved: string }): Promise<string | null> {
    const now = this.ctx.clock.now();
    const open = await repo.openForProbe(this.ctx.db, probe);
    if (!open) return null;
    if (open.status === 'investigating' || open.status === 'identified') {
      const moved = await this.ctx.db.transaction().execute(async (tx) => {
        if (!(await repo.transition(tx, open.id, ['investigating', 'identified'], { status: 'monitoring', monitoring_at: now }))) return false;
        const comps = await repo.componentsOf(tx, [open.id]);
        await this.write(tx, open.id, 'monitoring', text.monitoring, Object.fromEntries(comps.map((c) => [c.component_id, 'operational'])), true, { probe }, now);
        return true;
      });
      if (moved) this.onUpdate();
      return open.id;
    }
    if (open.status === 'monitoring' && now - Number(open.monitoring_at ?? now) >= this.ctx.config.status.quietMs) {
      const moved = await this.ctx.db.transaction().execute(async (tx) => {
        if (!(await repo.transition(tx, open.id, ['monitoring'], { status: 'resolved', resolved_at: now, open_probe: null }))) return false;
        await this.write(tx, open.id, 'resolved', text.resolved, {}, true, { probe }, now);
        return true;
      });
      if (moved) {
        this.ctx.log.info({ probe, incident: open.id }, 'status: a probe resolved its incident');
        this.onUpdate();
      }
      return moved ? null : open.id;
    }
    return open.id;
  }

  // ---- subscribers (subscribers.ts) ----

  subscribe(email: string, locale?: Locale): Promise<void> {
    return this.subscribers.subscribe(email, locale);
  }

  confirm(token: string): Promise<void> {
    return this.subscribers.confirm(token);
  }

  unsubscribe(token: string): Promise<void> {
    return this.subscribers.unsubscribe(token);
  }

  /** Mails due updates to subscribers: each delivery claimed once, retried with backoff, never twice. */
  deliveriesPass(): Promise<number> {
    return this.subscribers.deliveriesPass();
  }

}
