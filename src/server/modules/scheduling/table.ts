// The scheduling module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export interface SchedulingSettingsTable {
  practice_id: string;
  cancellation_window_minutes: number;
  max_series_occurrences: number;
  client_min_notice_minutes: number;
  updated_at: number;
}

export interface AppointmentServicesTable {
  id: string;
  practice_id: string;
  name: string;
  cpt_code: string | null;
  default_minutes: number;
  rate_cents: number;
  allow_overlap: number;
  requires_approval: number;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface AppointmentSeriesTable {
  id: string;
  practice_id: string;
  rrule: string;
  local_start: string;
  time_zone: string;
  created_by: string | null;
  created_at: number;
}

export interface AppointmentsTable {
  id: string;
  practice_id: string;
  series_id: string | null;
  series_index: number | null;
  provider_id: string;
  start_at: number;
  end_at: number;
  time_zone: string;
  type: string;
  format: string;
  service_id: string | null;
  allow_overlap: number;
  place_of_service: string;
  status: string;
  cancelled_by: string | null;
  cancelled_by_id: string | null;
  cancelled_at: number | null;
  late_cancel: number;
  cancel_reason_enc: string | null;
  booked_in_past: number;
  note_enc: string | null;
  version: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface AppointmentClientsTable {
  appointment_id: string;
  client_id: string;
  practice_id: string;
}

/** Each practice's appointments watermark: moved on in the transaction of every appointment write. */
export interface AppointmentRevisionsTable {
  practice_id: string;
  revision: number;
}

export interface SchedulingTables {
  scheduling_settings: SchedulingSettingsTable;
  appointment_services: AppointmentServicesTable;
  appointment_series: AppointmentSeriesTable;
  appointments: AppointmentsTable;
  appointment_clients: AppointmentClientsTable;
  appointment_revisions: AppointmentRevisionsTable;
}
