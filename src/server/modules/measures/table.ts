// The measures module's tables; db/schema.ts assembles them. Only this module queries them.
import type { Cadence, Instrument } from '../../../shared/measures.js';

export interface MeasureSchedulesTable {
  id: string;
  practice_id: string;
  client_id: string;
  instrument: Instrument;
  cadence: Cadence;
  /** 1 while requests are made; 0 once stopped (kept for the record). */
  active: number;
  created_by: string;
  created_at: number;
  stopped_by: string | null;
  stopped_at: number | null;
}

export interface MeasureRequestsTable {
  id: string;
  practice_id: string;
  client_id: string;
  schedule_id: string;
  instrument: Instrument;
  /** The appointment it comes before; null for a schedule of `once`. */
  appointment_id: string | null;
  /** The clinician a risk answer alerts (the appointment's provider, or who made the schedule). */
  notify_user_id: string;
  opens_at: number;
  due_at: number;
  expires_at: number;
  status: 'due' | 'completed' | 'expired';
  created_at: number;
  completed_at: number | null;
}

export interface MeasureResponsesTable {
  id: string;
  practice_id: string;
  client_id: string;
  request_id: string;
  instrument: Instrument;
  /** JSON `{answers, difficulty}`, encrypted. */
  answers_enc: string;
  /** The total, encrypted (a score is PHI). */
  score_enc: string;
  /** 1 when PHQ-9 item 9 was answered above zero (in the clear: the alert needs no decryption). */
  risk_flag: number;
  flag_reviewed_by: string | null;
  flag_reviewed_at: number | null;
  /** sha256 of what was submitted (contentHash in service.ts). */
  content_hash: string;
  completed_at: number;
}

export interface MeasuresTables {
  measure_schedules: MeasureSchedulesTable;
  measure_requests: MeasureRequestsTable;
  measure_responses: MeasureResponsesTable;
}
