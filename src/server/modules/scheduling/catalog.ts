// A practice's scheduling settings and its appointment services (the SchedulingService facade
// delegates here).
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext, RequestMeta } from '../../context.js';
import { notFound } from '../../errors.js';
import type { AppointmentService, AppointmentServiceInput, AppointmentServicePatch, SchedulingSettings, SchedulingSettingsPatch } from '../../../shared/scheduling.js';
import type { ResolvedSession } from '../auth/index.js';
import * as repo from './repo.js';
import { DEFAULTS, staffActor } from './rules.js';

export class SchedulingCatalog {
  constructor(private readonly ctx: AppContext) {}

  async settings(practiceId: string): Promise<SchedulingSettings> {
    const row = await repo.settingsRow(this.ctx.db, practiceId);
    const r = row
      ? { cancellationWindowMinutes: row.cancellation_window_minutes, maxSeriesOccurrences: row.max_series_occurrences, clientMinNoticeMinutes: row.client_min_notice_minutes }
      : DEFAULTS;
    return { cancellationWindowHours: r.cancellationWindowMinutes / 60, maxSeriesOccurrences: r.maxSeriesOccurrences, clientMinNoticeHours: r.clientMinNoticeMinutes / 60 };
  }

  async updateSettings(s: ResolvedSession, patch: z.infer<typeof SchedulingSettingsPatch>, meta: RequestMeta): Promise<SchedulingSettings> {
    const pid = s.user.practiceId;
    const current = await this.settings(pid);
    const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as SchedulingSettings;
    const values = {
      cancellation_window_minutes: next.cancellationWindowHours * 60,
      max_series_occurrences: next.maxSeriesOccurrences,
      client_min_notice_minutes: next.clientMinNoticeHours * 60,
      updated_at: this.ctx.clock.now(),
    };
    await this.ctx.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('scheduling_settings')
        .values({ practice_id: pid, ...values })
        .onConflict((oc) => oc.column('practice_id').doUpdateSet(values))
        .execute();
      await this.ctx.audit.record(
        { ...staffActor(s, meta), action: 'setting_change', resource: { type: 'scheduling_settings', id: pid }, outcome: 'success', details: { fields: Object.keys(patch) } },
        tx,
      );
    });
    return next;
  }

  private serviceOut(r: Awaited<ReturnType<typeof repo.services>>[number]): AppointmentService {
    return {
      id: r.id,
      name: r.name,
      cptCode: r.cpt_code,
      defaultMinutes: r.default_minutes,
      rateCents: r.rate_cents,
      allowOverlap: r.allow_overlap === 1,
      requiresApproval: r.requires_approval === 1,
      active: r.active === 1,
    };
  }

  async listServices(practiceId: string): Promise<AppointmentService[]> {
    return (await repo.services(this.ctx.db, practiceId)).map((r) => this.serviceOut(r));
  }

  async createService(s: ResolvedSession, input: AppointmentServiceInput, meta: RequestMeta): Promise<AppointmentService> {
    const id = randomUUID();
    const now = this.ctx.clock.now();
    const row = {
      id,
      practice_id: s.user.practiceId,
      name: input.name.trim(),
      cpt_code: input.cptCode ?? null,
      default_minutes: input.defaultMinutes,
      rate_cents: input.rateCents,
      allow_overlap: input.allowOverlap ? 1 : 0,
      requires_approval: input.requiresApproval === false ? 0 : 1,
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    };
    await this.ctx.db.transaction().execute(async (tx) => {
      await tx.insertInto('appointment_services').values(row).execute();
      await this.ctx.audit.record({ ...staffActor(s, meta), action: 'create', resource: { type: 'appointment_service', id }, outcome: 'success' }, tx);
    });
    return this.serviceOut(row);
  }

  async updateService(s: ResolvedSession, id: string, patch: z.infer<typeof AppointmentServicePatch>, meta: RequestMeta): Promise<AppointmentService> {
    const pid = s.user.practiceId;
    if (!(await repo.findService(this.ctx.db, pid, id))) throw notFound('Service');
    const set: Record<string, string | number | null> = { updated_at: this.ctx.clock.now() };
    if (patch.name !== undefined) set.name = patch.name.trim();
    if (patch.cptCode !== undefined) set.cpt_code = patch.cptCode;
    if (patch.defaultMinutes !== undefined) set.default_minutes = patch.defaultMinutes;
    if (patch.rateCents !== undefined) set.rate_cents = patch.rateCents;
    if (patch.allowOverlap !== undefined) set.allow_overlap = patch.allowOverlap ? 1 : 0;
    if (patch.requiresApproval !== undefined) set.requires_approval = patch.requiresApproval ? 1 : 0;
    if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
    await this.ctx.db.transaction().execute(async (tx) => {
      await tx.updateTable('appointment_services').set(set).where('id', '=', id).where('practice_id', '=', pid).execute();
      await this.ctx.audit.record({ ...staffActor(s, meta), action: 'update', resource: { type: 'appointment_service', id }, outcome: 'success', details: { fields: Object.keys(patch) } }, tx);
    });
    return this.serviceOut((await repo.findService(this.ctx.db, pid, id))!);
  }
}
