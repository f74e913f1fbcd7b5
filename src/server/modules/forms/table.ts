// The forms module's tables (db/schema.ts assembles them). Only this module queries them.
import type { FormKind, FormRequestStatus } from '../../../shared/forms.js';

export interface FormTemplatesTable {
  id: string;
  practice_id: string;
  /** Every version of one form shares it (the first version's id). */
  family_id: string;
  version: number;
  name: string;
  kind: FormKind;
  /** Consent wording (Markdown): the practice's, not PHI. */
  wording: string | null;
  /** JSON of the FieldList. */
  fields: string;
  send_on_first_booking: number;
  /** A built-in starter's key (starters.ts), or null for the practice's own form. */
  starter: string | null;
  created_by: string | null;
  created_at: number;
}

export interface FormRequestsTable {
  id: string;
  practice_id: string;
  client_id: string;
  /** The exact version sent. */
  template_id: string;
  /** The requests sent together (one mail per packet). */
  packet_id: string;
  appointment_id: string | null;
  via: 'staff' | 'first_booking';
  status: FormRequestStatus;
  /** JSON of the answers (draft, then final). */
  answers_enc: string | null;
  sent_by: string | null;
  sent_at: number;
  updated_at: number;
  completed_at: number | null;
  cancelled_at: number | null;
  typed_name_enc: string | null;
  /** The drawn signature, a PNG data URL. */
  signature_image_enc: string | null;
  signed_ip_enc: string | null;
  signed_at: number | null;
  content_hash: string | null;
}

export interface FormFirstBookingsTable {
  practice_id: string;
  client_id: string;
  appointment_id: string;
  packet_id: string;
  created_at: number;
}

export interface FormsTables {
  form_templates: FormTemplatesTable;
  form_requests: FormRequestsTable;
  form_first_bookings: FormFirstBookingsTable;
}
