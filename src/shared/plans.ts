// Treatment plans (issue 18), shared by the server (validation, OpenAPI) and the SPA.
//  - A plan holds ICD-10-CM diagnoses (checked against the billing module's code list), problems,
//    each with goals, each goal with objectives (text, target date, status) and interventions (text,
//    frequency), and a review schedule (every N days; the next review date follows each signature).
//  - Status: draft → active (the provider signs) → reviewed (re-signed at each review) → closed.
//    A signed version is immutable (its content hash is kept and checked on every read); a review
//    with changes makes a new version. Only a draft is edited (PATCH); a signed plan answers 409.
//  - The client signs the current signed version in the portal: typed name plus agreement (and a
//    drawn signature when given); the time, IP and version are stored with it.
import { z } from 'zod';
import { Icd10Code } from './billing-codes.js';
import { SignatureAnswer } from './fields.js';
import { id, text } from './strings.js';

export const PLAN_STATUSES = ['draft', 'active', 'reviewed', 'closed'] as const;
export const PlanStatus = z.enum(PLAN_STATUSES);
export type PlanStatus = z.infer<typeof PlanStatus>;

export const OBJECTIVE_STATUSES = ['not_started', 'in_progress', 'met', 'not_met', 'discontinued'] as const;
export const ObjectiveStatus = z.enum(OBJECTIVE_STATUSES, { message: `must be one of ${OBJECTIVE_STATUSES.join(', ')}` });
export type ObjectiveStatus = z.infer<typeof ObjectiveStatus>;
export const OBJECTIVE_STATUS_LABELS: Record<ObjectiveStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  met: 'Met',
  not_met: 'Not met',
  discontinued: 'Discontinued',
};
/** An objective still being worked on: its target date may not be in the past. */
export const openObjective = (s: ObjectiveStatus) => s === 'not_started' || s === 'in_progress';

/** A calendar date YYYY-MM-DD that exists (whether it is in the past is the server's check, on its clock). */
export const PlanDate = z
  .string({ message: 'must be a date written YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: 'is not a real calendar date' },
  );

export const Objective = z.strictObject({
  text: text({ min: 1, max: 1000, multiline: true }),
  targetDate: PlanDate,
  status: ObjectiveStatus.default('not_started'),
});
export type Objective = z.infer<typeof Objective>;

export const Intervention = z.strictObject({
  text: text({ min: 1, max: 1000, multiline: true }),
  /** How often, in the clinician's words ("weekly", "each session"). */
  frequency: text({ min: 1, max: 120 }),
});
export type Intervention = z.infer<typeof Intervention>;

export const Goal = z.strictObject({
  text: text({ min: 1, max: 1000, multiline: true }),
  objectives: z.array(Objective).max(20, { message: 'must have at most 20 objectives' }).default([]),
  interventions: z.array(Intervention).max(20, { message: 'must have at most 20 interventions' }).default([]),
});
export type Goal = z.infer<typeof Goal>;

export const Problem = z.strictObject({
  text: text({ min: 1, max: 1000, multiline: true }),
  goals: z.array(Goal).max(20, { message: 'must have at most 20 goals' }).default([]),
});
export type Problem = z.infer<typeof Problem>;

/** What the provider writes. Diagnoses are codes; the server adds each one's description. */
export const PlanContentInput = z.strictObject({
  diagnoses: z.array(Icd10Code).max(12, { message: 'must list at most 12 diagnoses' }).default([]),
  problems: z.array(Problem).max(20, { message: 'must have at most 20 problems' }).default([]),
  /** Review every N days (7 to 365). */
  reviewEveryDays: z.number({ message: 'must be a whole number of days' }).int({ message: 'must be a whole number of days' }).min(7, { message: 'must be at least 7 days' }).max(365, { message: 'must be at most 365 days' }).default(90),
});
export type PlanContentInput = z.input<typeof PlanContentInput>;

export const PlanDiagnosis = z.object({ code: z.string(), description: z.string() });
export type PlanDiagnosis = z.infer<typeof PlanDiagnosis>;

/** A version's content as stored (and hashed): the diagnoses carry the description they were signed with. */
export const PlanContent = z.object({
  diagnoses: z.array(PlanDiagnosis),
  problems: z.array(Problem),
  reviewEveryDays: z.number(),
});
export type PlanContent = z.infer<typeof PlanContent>;

export const PlanSigner = z.object({ userId: z.string(), name: z.string(), at: z.string() });
export type PlanSigner = z.infer<typeof PlanSigner>;

/** The client's signature in the portal: the typed name, the time, the IP and the version signed (no drawing in lists). */
export const ClientPlanSignature = z.object({ typedName: z.string(), at: z.string(), ip: z.string(), version: z.number(), drawn: z.boolean() });
export type ClientPlanSignature = z.infer<typeof ClientPlanSignature>;

export const PlanVersion = z.object({
  version: z.number(),
  /** 'initial' for the first signature, 'review' for each re-signature. */
  kind: z.enum(['initial', 'review']),
  signed: PlanSigner.nullable(),
  contentHash: z.string().nullable(),
  clientSigned: ClientPlanSignature.nullable(),
});
export type PlanVersion = z.infer<typeof PlanVersion>;

export const PlanSummary = z.object({
  id: z.string(),
  clientId: z.string(),
  status: PlanStatus,
  /** The current version's number (the draft's, or the newest signed one's). */
  version: z.number(),
  nextReviewDate: z.string().nullable(),
  /** Active or reviewed, and the next review date is today or past. */
  dueForReview: z.boolean(),
  signed: PlanSigner.nullable(),
  clientSigned: ClientPlanSignature.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;
export const PlanList = z.object({ items: z.array(PlanSummary) });
export type PlanList = z.infer<typeof PlanList>;

export const TreatmentPlan = PlanSummary.extend({
  content: PlanContent,
  /** 'tampered' when a signed version's content no longer matches its hash (changed outside Hearth). */
  integrity: z.enum(['ok', 'tampered']),
  versions: z.array(PlanVersion),
  closedAt: z.string().nullable(),
});
export type TreatmentPlan = z.infer<typeof TreatmentPlan>;

/** Signed plans due for review today or earlier (the Today page). */
export const PlanDueList = z.object({ items: z.array(z.object({ id: z.string(), clientId: z.string(), clientName: z.string(), nextReviewDate: z.string() })) });
export type PlanDueList = z.infer<typeof PlanDueList>;

export const PlanParams = z.object({ id });
export const ClientPlanParams = z.object({ id });

export const PlanPatch = z.strictObject({
  /** The version being edited (the draft's); another one answers 409. */
  version: z.number().int().min(1),
  content: PlanContentInput,
});
export type PlanPatch = z.input<typeof PlanPatch>;

export const PlanSign = z.strictObject({ version: z.number().int().min(1) });

/** A review re-signs the plan; with `content`, the changes become a new signed version. */
export const PlanReview = z.strictObject({
  version: z.number().int().min(1),
  content: PlanContentInput.optional(),
});
export type PlanReview = z.input<typeof PlanReview>;

export const PlanClose = z.strictObject({ version: z.number().int().min(1) });

// ---- portal ----

export const PortalPlan = z.object({
  id: z.string(),
  status: PlanStatus,
  version: z.number(),
  content: PlanContent,
  signed: PlanSigner.nullable(),
  nextReviewDate: z.string().nullable(),
  /** The client's signature of this version, if given. */
  clientSigned: ClientPlanSignature.nullable(),
});
export type PortalPlan = z.infer<typeof PortalPlan>;
export const PortalPlanList = z.object({ items: z.array(PortalPlan) });
export const PortalPlanQuery = z.strictObject({ clientId: id.optional() });

export const PortalPlanSign = z.strictObject({
  /** The version the client read; a newer one answers 409. */
  version: z.number().int().min(1),
  typedName: text({ min: 1, max: 200 }),
  agree: z.literal(true, { message: 'must be checked to sign' }),
  /** A drawn signature (PNG), when the client drew one. */
  image: SignatureAnswer.shape.image.optional(),
  clientId: id.optional(),
});
export type PortalPlanSign = z.input<typeof PortalPlanSign>;
