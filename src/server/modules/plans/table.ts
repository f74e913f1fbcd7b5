// The plans module's tables; db/schema.ts assembles them. Only this module queries them.
import type { PlanStatus } from '../../../shared/plans.js';

export interface TreatmentPlansTable {
  id: string;
  practice_id: string;
  client_id: string;
  status: PlanStatus;
  /** The version shown and edited: the draft's, or the newest signed one's. */
  current_version: number;
  /** YYYY-MM-DD (the day the signed plan is due for review), null for a draft or a closed plan. */
  next_review_date: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
}

export interface TreatmentPlanVersionsTable {
  id: string;
  plan_id: string;
  practice_id: string;
  version: number;
  kind: 'initial' | 'review';
  /** JSON PlanContent, encrypted. */
  content_enc: string;
  /** sha256 of the canonical signed content (plan, client, version, content), set when signed. */
  content_hash: string | null;
  signed_by: string | null;
  signed_at: number | null;
  /** JSON { typedName, image, ip }, encrypted: the client's portal signature of this version. */
  client_signature_enc: string | null;
  client_signed_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface PlansTables {
  treatment_plans: TreatmentPlansTable;
  treatment_plan_versions: TreatmentPlanVersionsTable;
}
