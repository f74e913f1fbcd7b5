// A practice's reminder rules and quiet hours. Until a practice first saves them (or its first
// appointment needs them) the defaults hold: mail 48 hours before, texts 24 hours and 1 hour before,
// no quiet hours. They are written with the settings row in one transaction the first time they
// are needed, so every instance sees the same rule ids (the ledger keys rows by rule id).
//
// A PATCH replaces the whole rule set: a rule with the same channel and lead time keeps its id (so
// reminders already made for it stay tied to it); rules left out are deleted. Changing the rules
// never rewrites reminders already in the ledger: they were made from the rules in force when their
// visit was booked or moved, and keep their lead time (`reminders.minutes_before`).
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { AppError } from '../../errors.js';
import type { ReminderRule, ReminderSettings, ReminderSettingsPatch } from '../../../shared/reminders.js';
import type { ResolvedSession } from '../auth/sessions.js';
import * as repo from './repo.js';
import { formatClock, parseClock, type Quiet } from './timing.js';

export const DEFAULT_RULES: readonly { channel: 'email' | 'sms'; minutesBefore: number }[] = [
  { channel: 'email', minutesBefore: 48 * 60 },
  { channel: 'sms', minutesBefore: 24 * 60 },
  { channel: 'sms', minutesBefore: 60 },
];

export interface PracticeReminderPolicy {
  /** Active rules only. */
  rules: { id: string; channel: 'email' | 'sms'; minutesBefore: number }[];
  quiet: Quiet | null;
}

export class ReminderSettingsService {
  constructor(
    private readonly ctx: AppContext,
    /** The SMS module's answer to "which number do this practice's texts go from" (null: SMS off). */
    private readonly textsFrom: (practiceId: string) => Promise<ReminderSettings['textsFrom']>,
  ) {}

  /** Writes the defaults the first time a practice's settings are needed (idempotent, race-safe). */
  private async ensure(practiceId: string): Promise<void> {
    if (await repo.settingsRow(this.ctx.db, practiceId)) return;
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.insertSettingsIfMissing(tx, practiceId, now))) return;
      await repo.insertRules(
        tx,
        DEFAULT_RULES.map((r) => ({ id: randomUUID(), practice_id: practiceId, channel: r.channel, minutes_before: r.minutesBefore, active: 1, created_at: now })),
      );
    });
  }

  async get(practiceId: string): Promise<ReminderSettings> {
    await this.ensure(practiceId);
    const row = await repo.settingsRow(this.ctx.db, practiceId);
    const rules = await repo.rules(this.ctx.db, practiceId);
    return {
      rules: rules.map((r): ReminderRule => ({ id: r.id, channel: r.channel, minutesBefore: Number(r.minutes_before), active: r.active === 1 })),
      quietHours: row && row.quiet_start !== null && row.quiet_end !== null ? { start: formatClock(Number(row.quiet_start)), end: formatClock(Number(row.quiet_end)) } : null,
      textsFrom: await this.textsFrom(practiceId),
    };
  }

  /** What the ledger applies to a newly booked or moved visit. */
  async policy(practiceId: string): Promise<PracticeReminderPolicy> {
    await this.ensure(practiceId);
    const row = await repo.settingsRow(this.ctx.db, practiceId);
    const rules = await repo.rules(this.ctx.db, practiceId);
    return {
      rules: rules.filter((r) => r.active === 1).map((r) => ({ id: r.id, channel: r.channel, minutesBefore: Number(r.minutes_before) })),
      quiet: row && row.quiet_start !== null && row.quiet_end !== null ? { start: Number(row.quiet_start), end: Number(row.quiet_end) } : null,
    };
  }

  async update(s: ResolvedSession, patch: ReminderSettingsPatch, meta: RequestMeta): Promise<ReminderSettings> {
    const pid = s.user.practiceId;
    if (patch.rules) {
      const seen = new Map<string, number>();
      for (const [n, r] of patch.rules.entries()) {
        const key = `${r.channel}:${r.minutesBefore}`;
        if (seen.has(key)) throw new AppError('validation_failed', 400, `rules.${n}: repeats rule ${seen.get(key)! + 1} (same channel and minutes before)`, `rules.${n}`);
        seen.set(key, n);
      }
    }
    await this.ensure(pid);
    const existing = await repo.rules(this.ctx.db, pid);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      if (patch.rules) {
        const keep = new Set<string>();
        const fresh = [];
        for (const r of patch.rules) {
          const found = existing.find((e) => e.channel === r.channel && Number(e.minutes_before) === r.minutesBefore);
          if (found) {
            keep.add(found.id);
            if ((found.active === 1) !== (r.active ?? true)) await repo.setRuleActive(tx, found.id, r.active ?? true);
          } else fresh.push({ id: randomUUID(), practice_id: pid, channel: r.channel, minutes_before: r.minutesBefore, active: r.active === false ? 0 : 1, created_at: now });
        }
        await repo.deleteRules(tx, existing.filter((e) => !keep.has(e.id)).map((e) => e.id));
        await repo.insertRules(tx, fresh);
      }
      if (patch.quietHours !== undefined) {
        await repo.saveQuiet(tx, pid, patch.quietHours ? { start: parseClock(patch.quietHours.start), end: parseClock(patch.quietHours.end) } : null, now);
      }
      await this.ctx.audit.record(
        {
          actor: { type: 'user', id: s.user.id },
          practiceId: pid,
          ip: meta.ip,
          userAgent: meta.userAgent,
          action: 'setting_change',
          resource: { type: 'reminder_settings', id: pid },
          outcome: 'success',
          details: { fields: Object.keys(patch).filter((k) => patch[k as keyof ReminderSettingsPatch] !== undefined), rules: patch.rules?.length ?? null },
        },
        tx,
      );
    });
    return this.get(pid);
  }
}
