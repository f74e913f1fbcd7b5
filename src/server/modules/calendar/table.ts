// The calendar module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export interface CalendarFeedsTable {
  id: string;
  practice_id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AppointmentNotificationsTable {
  id: string;
  practice_id: string;
  subject_id: string;
  client_id: string;
  kind: string;
  event_id: string;
  created_at: number;
  sent_at: number | null;
}

export interface CalendarTables {
  calendar_feeds: CalendarFeedsTable;
  appointment_notifications: AppointmentNotificationsTable;
}
