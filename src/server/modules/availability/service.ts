// Provider availability: working hours per weekday in the provider's own zone, a buffer kept
// clear around each session, blocked time (vacation, training: a label that is encrypted, as it
// may say more than it should), and the open slots computed from them for clients to request.
// A provider edits their own; an owner or the front desk edits anyone's. Hours and buffers are
// not PHI; blocked-time labels are treated as such (encrypted, reads audited).
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { DAY, iso, MIN } from '../../lib/clock.js';
import {
  AVAILABILITY_EDIT_ANY,
  SLOT_GRID_MINUTES,
  type Availability,
  type AvailabilityInput,
  type BlockedTime,
  type BlockedTimeInput,
  type WorkingInterval,
} from '../../../shared/availability.js';
import type { StaffRole } from '../../../shared/roles.js';
import type { AuditEvent } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import { instantMs } from '../../lib/zones.js';
import * as repo from './repo.js';
import { openSlots, type Interval } from './slots.js';

export interface SlotRequest {
  practiceId: string;
  providerId: string;
  lengthMinutes: number;
  from: number;
  to: number;
  notBefore: number;
  /** Other holds on the provider's time (e.g. pending client requests), buffered like appointments. */
  extraBusy?: readonly Interval[];
}

const sortHours = (hours: readonly WorkingInterval[]) => [...hours].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));

export class AvailabilityService {
  constructor(
    private readonly ctx: AppContext,
    private readonly scheduling: SchedulingService,
  ) {}

  private who(s: ResolvedSession, meta: RequestMeta): Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'> {
    return { actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, ip: meta.ip, userAgent: meta.userAgent };
  }

  private canEdit(s: ResolvedSession, providerId: string): boolean {
    return AVAILABILITY_EDIT_ANY.includes(s.session.active_role as StaffRole) || s.user.id === providerId;
  }

  /** 404 unless the id is an active provider of the caller's practice (another practice's is "missing"). */
  private async provider(practiceId: string, providerId: string): Promise<void> {
    if ((await this.scheduling.providerName(practiceId, providerId)) === null) throw notFound('Provider');
  }

  private async editable(s: ResolvedSession, providerId: string): Promise<void> {
    await this.provider(s.user.practiceId, providerId);
    if (!this.canEdit(s, providerId)) throw forbidden('Providers change only their own availability');
  }

  private out(providerId: string, row: repo.AvailabilityRow | undefined): Availability {
    if (!row) return { providerId, configured: false, timeZone: null, bufferMinutes: 0, hours: [], updatedAt: null };
    return { providerId, configured: true, timeZone: row.time_zone, bufferMinutes: row.buffer_minutes, hours: sortHours(JSON.parse(row.hours) as WorkingInterval[]), updatedAt: iso(Number(row.updated_at)) };
  }

  async get(s: ResolvedSession, providerId: string): Promise<Availability> {
    await this.provider(s.user.practiceId, providerId);
    return this.out(providerId, await repo.findAvailability(this.ctx.db, s.user.practiceId, providerId));
  }

  async save(s: ResolvedSession, providerId: string, input: AvailabilityInput, meta: RequestMeta): Promise<Availability> {
    await this.editable(s, providerId);
    const row: repo.AvailabilityRow = {
      provider_id: providerId,
      practice_id: s.user.practiceId,
      time_zone: input.timeZone,
      buffer_minutes: input.bufferMinutes,
      hours: JSON.stringify(sortHours(input.hours).map((h) => ({ weekday: h.weekday, start: h.start, end: h.end }))),
      updated_by: s.user.id,
      updated_at: this.ctx.clock.now(),
    };
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.saveAvailability(tx, row);
      await this.ctx.audit.record(
        { ...this.who(s, meta), action: 'update', resource: { type: 'provider_availability', id: providerId }, outcome: 'success', details: { intervals: input.hours.length, bufferMinutes: input.bufferMinutes, timeZone: input.timeZone } },
        tx,
      );
    });
    return this.out(providerId, row);
  }

  // ---- blocked time ----

  private async blockedOut(row: repo.BlockedRow, showLabel: boolean): Promise<BlockedTime> {
    return {
      id: row.id,
      providerId: row.provider_id,
      start: iso(Number(row.start_at)),
      end: iso(Number(row.end_at)),
      label: showLabel ? await this.ctx.crypto.decryptNullable({ table: 'blocked_times', column: 'label_enc', rowId: row.id }, row.label_enc) : null,
      createdAt: iso(Number(row.created_at)),
    };
  }

  async listBlocked(s: ResolvedSession, providerId: string, q: { from?: string | undefined; to?: string | undefined }, meta: RequestMeta): Promise<{ items: BlockedTime[]; total: number }> {
    const pid = s.user.practiceId;
    await this.provider(pid, providerId);
    const from = q.from ? instantMs(q.from) : this.ctx.clock.now();
    const to = q.to ? instantMs(q.to) : from + 400 * DAY;
    if (to <= from) throw invalid('to', 'must be after from');
    const rows = await repo.blockedIn(this.ctx.db, pid, providerId, from, to);
    const showLabel = this.canEdit(s, providerId);
    const items = await Promise.all(rows.map((r) => this.blockedOut(r, showLabel)));
    await this.ctx.audit.record({ ...this.who(s, meta), action: 'read', resource: { type: 'blocked_time_list', id: providerId }, outcome: 'success', details: { returned: items.length, labels: showLabel } });
    return { items, total: items.length };
  }

  async addBlocked(s: ResolvedSession, providerId: string, input: BlockedTimeInput, meta: RequestMeta): Promise<BlockedTime> {
    await this.editable(s, providerId);
    const pid = s.user.practiceId;
    const id = randomUUID();
    const label = input.label?.trim() || null;
    const row = await this.ctx.db.transaction().execute(async (tx) => {
      const row: repo.BlockedRow = {
        id,
        practice_id: pid,
        provider_id: providerId,
        start_at: instantMs(input.start),
        end_at: instantMs(input.end),
        label_enc: label ? await this.ctx.crypto.encrypt(pid, { table: 'blocked_times', column: 'label_enc', rowId: id }, label, tx) : null,
        created_by: s.user.id,
        created_at: this.ctx.clock.now(),
      };
      await repo.insertBlocked(tx, row);
      await this.ctx.audit.record({ ...this.who(s, meta), action: 'create', resource: { type: 'blocked_time', id }, outcome: 'success', details: { providerId, labelled: label !== null } }, tx);
      return row;
    });
    return this.blockedOut(row, true);
  }

  async removeBlocked(s: ResolvedSession, providerId: string, blockId: string, meta: RequestMeta): Promise<void> {
    await this.editable(s, providerId);
    const pid = s.user.practiceId;
    if (!(await repo.findBlocked(this.ctx.db, pid, providerId, blockId))) throw notFound('Blocked time');
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.deleteBlocked(tx, blockId);
      await this.ctx.audit.record({ ...this.who(s, meta), action: 'delete', resource: { type: 'blocked_time', id: blockId }, outcome: 'success', details: { providerId } }, tx);
    });
  }

  // ---- open slots ----

  /**
   * Open slots of `lengthMinutes` for the provider starting in [from, to). Read through `db`
   * (the booking transaction when re-checking a slot inside it). No hours set: no slots.
   */
  async slots(r: SlotRequest, db: DbOrTx = this.ctx.db): Promise<{ timeZone: string | null; slots: Interval[] }> {
    const av = await repo.findAvailability(db, r.practiceId, r.providerId);
    if (!av) return { timeZone: null, slots: [] };
    // Anything that could keep a slot in range from being open: an appointment ending up to a
    // buffer before `from`, or starting up to a buffer plus a slot length after `to`.
    const margin = av.buffer_minutes * MIN + r.lengthMinutes * MIN;
    const [busy, blocked] = await Promise.all([
      this.scheduling.busy(r.providerId, r.from - margin, r.to + margin, db),
      repo.blockedIn(db, r.practiceId, r.providerId, r.from - margin, r.to + margin),
    ]);
    const slots = openSlots({
      zone: av.time_zone,
      hours: JSON.parse(av.hours) as WorkingInterval[],
      bufferMinutes: av.buffer_minutes,
      lengthMinutes: r.lengthMinutes,
      gridMinutes: SLOT_GRID_MINUTES,
      from: r.from,
      to: r.to,
      notBefore: r.notBefore,
      busy: [...busy, ...(r.extraBusy ?? [])],
      blocked: blocked.map((b) => ({ start: Number(b.start_at), end: Number(b.end_at) })),
    });
    return { timeZone: av.time_zone, slots };
  }

  /** True when `start` is itself an open slot of that length (re-checked inside the booking transaction). */
  async isOpen(r: Omit<SlotRequest, 'from' | 'to'> & { start: number }, db: DbOrTx = this.ctx.db): Promise<boolean> {
    const { slots } = await this.slots({ ...r, from: r.start, to: r.start + 1 }, db);
    return slots.some((x) => x.start === r.start);
  }

  /** The provider's zone, when hours are set (the zone a client's booking is made in). */
  async zoneOf(practiceId: string, providerId: string): Promise<string | null> {
    return (await repo.findAvailability(this.ctx.db, practiceId, providerId))?.time_zone ?? null;
  }

  /** The practice's zone for times in mail: this provider's hours', else the practice's most recently set hours'. */
  async practiceZone(practiceId: string, providerId: string): Promise<string | null> {
    return (await this.zoneOf(practiceId, providerId)) ?? (await repo.latestPracticeZone(this.ctx.db, practiceId))?.time_zone ?? null;
  }
}
