// The plan editor's state: what the provider is writing, as typed (numbers as strings), turned
// into the API's content on save; and the words that name each field in an error summary.
import { OBJECTIVE_STATUSES, type ObjectiveStatus, type PlanContent, type PlanContentInput, type PlanDiagnosis } from '../../../../shared/plans.js';

export interface DraftObjective {
  text: string;
  targetDate: string;
  status: ObjectiveStatus;
}
export interface DraftIntervention {
  text: string;
  frequency: string;
}
export interface DraftGoal {
  text: string;
  objectives: DraftObjective[];
  interventions: DraftIntervention[];
}
export interface DraftProblem {
  text: string;
  goals: DraftGoal[];
}
export interface Draft {
  diagnoses: PlanDiagnosis[];
  problems: DraftProblem[];
  reviewEveryDays: string;
}

export const inDays = (n: number, from = Date.now()) => new Date(from + n * 86_400_000).toISOString().slice(0, 10);
export const emptyObjective = (): DraftObjective => ({ text: '', targetDate: inDays(90), status: 'not_started' });
export const emptyIntervention = (): DraftIntervention => ({ text: '', frequency: 'Weekly' });
export const emptyGoal = (): DraftGoal => ({ text: '', objectives: [emptyObjective()], interventions: [emptyIntervention()] });
export const emptyProblem = (): DraftProblem => ({ text: '', goals: [emptyGoal()] });

export function fromContent(c: PlanContent): Draft {
  return {
    diagnoses: c.diagnoses.map((d) => ({ ...d })),
    problems: c.problems.length ? structuredClone(c.problems) as DraftProblem[] : [emptyProblem()],
    reviewEveryDays: String(c.reviewEveryDays || 90),
  };
}

export function toInput(d: Draft): PlanContentInput {
  const n = d.reviewEveryDays.trim() === '' ? Number.NaN : Number(d.reviewEveryDays);
  return { diagnoses: d.diagnoses.map((x) => x.code), problems: d.problems, reviewEveryDays: n };
}

export const isObjectiveStatus = (s: string): s is ObjectiveStatus => (OBJECTIVE_STATUSES as readonly string[]).includes(s);

/** "Problem 1, goal 2, objective 1: target date" for each field path the server or the schema may name. */
export function labelsFor(d: Draft, prefix = 'content.'): Record<string, string> {
  const out: Record<string, string> = { [`${prefix}reviewEveryDays`]: 'Review every (days):', [`${prefix}problems`]: 'Problems:' };
  d.diagnoses.forEach((x, i) => (out[`${prefix}diagnoses.${i}`] = `Diagnosis ${x.code}:`));
  d.problems.forEach((p, pi) => {
    const P = `Problem ${pi + 1}`;
    out[`${prefix}problems.${pi}.text`] = `${P}:`;
    out[`${prefix}problems.${pi}.goals`] = `${P} goals:`;
    p.goals.forEach((g, gi) => {
      const G = `${P}, goal ${gi + 1}`;
      out[`${prefix}problems.${pi}.goals.${gi}.text`] = `${G}:`;
      g.objectives.forEach((_o, oi) => {
        const O = `${G}, objective ${oi + 1}`;
        out[`${prefix}problems.${pi}.goals.${gi}.objectives.${oi}.text`] = `${O}:`;
        out[`${prefix}problems.${pi}.goals.${gi}.objectives.${oi}.targetDate`] = `${O}, target date:`;
        out[`${prefix}problems.${pi}.goals.${gi}.objectives.${oi}.status`] = `${O}, status:`;
      });
      g.interventions.forEach((_x, ii) => {
        out[`${prefix}problems.${pi}.goals.${gi}.interventions.${ii}.text`] = `${G}, intervention ${ii + 1}:`;
        out[`${prefix}problems.${pi}.goals.${gi}.interventions.${ii}.frequency`] = `${G}, intervention ${ii + 1}, frequency:`;
      });
    });
  });
  return out;
}
