// The booking module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export interface AppointmentRequestsTable {
  id: string;
  practice_id: string;
  client_id: string;
  provider_id: string;
  service_id: string;
  start_at: number;
  end_at: number;
  time_zone: string;
  type: string;
  status: string;
  appointment_id: string | null;
  decline_reason_enc: string | null;
  requested_by: string;
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
}

export interface WaitlistEntriesTable {
  id: string;
  practice_id: string;
  client_id: string;
  provider_id: string;
  service_id: string | null;
  status: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface WaitlistOffersTable {
  id: string;
  practice_id: string;
  provider_id: string;
  service_id: string | null;
  source_appointment_id: string;
  start_at: number;
  end_at: number;
  time_zone: string;
  type: string;
  status: string;
  expires_at: number;
  appointment_id: string | null;
  taken_by_client_id: string | null;
  created_at: number;
  decided_at: number | null;
  /** The domain event that freed the slot (unique); null for offers made before the outbox consumer. */
  source_event_id: string | null;
}

export interface WaitlistOfferRecipientsTable {
  offer_id: string;
  client_id: string;
  entry_id: string;
  practice_id: string;
  mailed_at: number | null;
}

export interface BookingTables {
  appointment_requests: AppointmentRequestsTable;
  waitlist_entries: WaitlistEntriesTable;
  waitlist_offers: WaitlistOffersTable;
  waitlist_offer_recipients: WaitlistOfferRecipientsTable;
}
