// A plan's content: checked against the practice's diagnosis codes and the calendar, stored as
// JSON, and hashed when signed (the hash covers the plan, the client and the version, so a signed
// version moved to another plan or client is caught as well as an edited one).
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { invalid } from '../../errors.js';
import { openObjective, type PlanContent, type PlanContentInput } from '../../../shared/plans.js';

/** Looks codes up in the billing module's list: which are known, with their descriptions, and whether any list exists. */
export type DescribeCodes = (practiceId: string, codes: readonly string[]) => Promise<{ checked: boolean; known: Map<string, string> }>;

/** Today's date (UTC) as YYYY-MM-DD. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string => dayOf(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000);

/**
 * The stored content of what the provider wrote. 400 naming the field (under `prefix`): a code twice,
 * a code not on the practice's list or in the ICD-10-CM file, an open objective's target date in the past.
 */
export async function checkContent(c: z.output<typeof PlanContentInput>, opts: { practiceId: string; today: string; prefix: string; describe: DescribeCodes }): Promise<PlanContent> {
  const at = (path: string) => `${opts.prefix}${path}`;
  const seen = new Set<string>();
  c.diagnoses.forEach((code, i) => {
    if (seen.has(code)) throw invalid(at(`diagnoses.${i}`), 'lists the same code twice');
    seen.add(code);
  });
  const { checked, known } = await opts.describe(opts.practiceId, c.diagnoses);
  c.diagnoses.forEach((code, i) => {
    if (checked && !known.has(code)) throw invalid(at(`diagnoses.${i}`), `${code} is not on the practice's diagnosis list or in the ICD-10-CM code file`);
  });
  c.problems.forEach((p, pi) =>
    p.goals.forEach((g, gi) =>
      g.objectives.forEach((o, oi) => {
        if (openObjective(o.status) && o.targetDate < opts.today) throw invalid(at(`problems.${pi}.goals.${gi}.objectives.${oi}.targetDate`), `must not be in the past (before ${opts.today}) for an objective still open`);
      }),
    ),
  );
  return { diagnoses: c.diagnoses.map((code) => ({ code, description: known.get(code) ?? '' })), problems: c.problems, reviewEveryDays: c.reviewEveryDays };
}

/** What a signature needs beyond a draft: at least one problem with a goal. */
export function assertSignable(c: PlanContent): void {
  if (!c.problems.length) throw invalid('problems', 'a plan needs at least one problem before it is signed');
  c.problems.forEach((p, i) => {
    if (!p.goals.length) throw invalid(`problems.${i}.goals`, 'each problem needs at least one goal before the plan is signed');
  });
}

/** JSON with object keys sorted, so one content always hashes alike. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function contentHash(planId: string, clientId: string, version: number, content: PlanContent): string {
  return createHash('sha256').update(canonical({ planId, clientId, version, content })).digest('hex');
}
