import type { Generated } from 'kysely';

// The notifications module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export type NotificationStatus = 'scheduled' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped' | 'cancelled' | 'uncertain';

/** The notification ledger: one row per message (other than a reminder) that should go out. */
export interface NotificationsTable {
  id: string;
  practice_id: string;
  kind: string;
  channel: 'email' | 'sms';
  recipient_type: 'client' | 'user';
  recipient_id: string;
  /** Exactly-once key (UNIQUE): the same event and recipient enqueue one row. */
  dedupe_key: string;
  /** JSON of ids and PHI-free facts only. */
  payload: string;
  status: NotificationStatus;
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_at: number | null;
  claimed_by: string | null;
  failure: string | null;
  provider_id: string | null;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface NotificationsTables {
  notifications: NotificationsTable;
}
