// Table types for Kysely. Times are epoch milliseconds (integer on SQLite, bigint on PostgreSQL,
// parsed to number); booleans are 0/1 integers on both, so one query serves both databases.
// Columns ending in _enc hold envelope-encrypted values (crypto/envelope.ts), _idx blind indexes.
// Each module declares its own tables in modules/<name>/table.ts; this file only assembles them, plus the
// platform tables no module owns (keys, meta).
import type { PracticesTables } from '../modules/practices/table.js';
import type { AuthTables } from '../modules/auth/table.js';
import type { AuditTables } from '../modules/audit/table.js';
import type { ClientsTables } from '../modules/clients/table.js';
import type { PortalTables } from '../modules/portal/table.js';
import type { DocumentsTables } from '../modules/documents/table.js';
import type { MessagesTables } from '../modules/messages/table.js';
import type { SchedulingTables } from '../modules/scheduling/table.js';
import type { OutboxTables } from '../modules/outbox/table.js';
import type { AvailabilityTables } from '../modules/availability/table.js';
import type { BookingTables } from '../modules/booking/table.js';
import type { CalendarTables } from '../modules/calendar/table.js';
import type { SmsTables } from '../modules/sms/table.js';
import type { RemindersTables } from '../modules/reminders/table.js';
import type { NotificationsTables } from '../modules/notifications/table.js';
import type { CallsTables } from '../modules/calls/table.js';
import type { StatusTables } from '../modules/status/table.js';
import type { BackupsTables } from '../modules/backups/table.js';
import type { BillingTables } from '../modules/billing/table.js';
import type { RecordsTables } from '../modules/records/table.js';
import type { NotesTables } from '../modules/notes/table.js';

export type * from '../modules/practices/table.js';
export type * from '../modules/auth/table.js';
export type * from '../modules/audit/table.js';
export type * from '../modules/clients/table.js';
export type * from '../modules/portal/table.js';
export type * from '../modules/documents/table.js';
export type * from '../modules/messages/table.js';
export type * from '../modules/scheduling/table.js';
export type * from '../modules/outbox/table.js';
export type * from '../modules/availability/table.js';
export type * from '../modules/booking/table.js';
export type * from '../modules/calendar/table.js';
export type * from '../modules/sms/table.js';
export type * from '../modules/reminders/table.js';
export type * from '../modules/notifications/table.js';
export type * from '../modules/calls/table.js';
export type * from '../modules/status/table.js';
export type * from '../modules/backups/table.js';
export type * from '../modules/billing/table.js';
export type * from '../modules/records/table.js';
export type * from '../modules/notes/table.js';

export interface DataKeysTable {
  id: string;
  practice_id: string | null;
  purpose: 'enc' | 'index' | 'audit';
  wrapped_key: string;
  master_key_id: string;
  status: 'active' | 'retired';
  created_at: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** Tables of the platform itself (envelope keys, meta), not of any module. */
export interface PlatformTables {
  data_keys: DataKeysTable;
  meta: MetaTable;
}

export interface Database
  extends PlatformTables,
    PracticesTables,
    AuthTables,
    AuditTables,
    ClientsTables,
    PortalTables,
    DocumentsTables,
    MessagesTables,
    SchedulingTables,
    OutboxTables,
    AvailabilityTables,
    BookingTables,
    CalendarTables,
    SmsTables,
    RemindersTables,
    NotificationsTables,
    CallsTables,
    StatusTables,
    BackupsTables,
    BillingTables,
    RecordsTables,
    NotesTables {}
