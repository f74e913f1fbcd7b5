import type { Generated } from 'kysely';

// The reminders module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export interface ReminderRulesTable {
  id: string;
  practice_id: string;
  channel: 'email' | 'sms';
  minutes_before: number;
  active: number;
  created_at: number;
}

export interface ReminderSettingsTable {
  practice_id: string;
  /** Minutes of the day in the client's zone; both null when there are no quiet hours. */
  quiet_start: number | null;
  quiet_end: number | null;
  updated_at: number;
}

export interface RemindersTable {
  id: string;
  practice_id: string;
  appointment_id: string;
  client_id: string;
  kind: 'reminder' | 'cancellation';
  /** The rule's id, or 'cancellation'. */
  rule_key: string;
  minutes_before: number | null;
  channel: 'email' | 'sms';
  occurrence_start: number;
  due_at: number;
  status: 'scheduled' | 'sending' | 'sent' | 'delivered' | 'failed' | 'cancelled' | 'uncertain' | 'skipped';
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_at: number | null;
  claimed_by: string | null;
  provider_id: string | null;
  failure: string | null;
  sent_at: number | null;
  delivered_at: number | null;
  /** Marked handled on the needs-attention list (uncertain or failed), and by whom. */
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ReminderActionTokensTable {
  id: string;
  token_hash: string;
  practice_id: string;
  appointment_id: string;
  client_id: string;
  reminder_id: string | null;
  occurrence_start: number;
  expires_at: number;
  used_at: number | null;
  used_for: 'confirm' | 'cancel' | null;
  created_at: number;
}

export interface RemindersTables {
  reminder_rules: ReminderRulesTable;
  reminder_settings: ReminderSettingsTable;
  reminders: RemindersTable;
  reminder_action_tokens: ReminderActionTokensTable;
}
