// Table types for Kysely. Times are epoch milliseconds (integer on SQLite, bigint on PostgreSQL,
// parsed to number); booleans are 0/1 integers on both, so one query serves both databases.
// Columns ending in _enc hold envelope-encrypted values (crypto/envelope.ts), _idx blind indexes.
// Each module declares its own tables in modules/<name>/table.ts; this file only assembles them, plus the
// platform tables no module owns (keys, meta).
import type { PracticesTables } from '../modules/practices/index.js';
import type { AuthTables } from '../modules/auth/index.js';
import type { AuditTables } from '../modules/audit/index.js';
import type { ClientsTables } from '../modules/clients/index.js';
import type { PortalTables } from '../modules/portal/index.js';
import type { DocumentsTables } from '../modules/documents/index.js';
import type { MessagesTables } from '../modules/messages/index.js';
import type { SchedulingTables } from '../modules/scheduling/index.js';
import type { OutboxTables } from '../modules/outbox/index.js';
import type { AvailabilityTables } from '../modules/availability/index.js';
import type { BookingTables } from '../modules/booking/index.js';
import type { CalendarTables } from '../modules/calendar/index.js';
import type { SmsTables } from '../modules/sms/index.js';
import type { RemindersTables } from '../modules/reminders/index.js';
import type { NotificationsTables } from '../modules/notifications/index.js';
import type { CallsTables } from '../modules/calls/index.js';
import type { StatusTables } from '../modules/status/index.js';
import type { BackupsTables } from '../modules/backups/index.js';

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
    BackupsTables {}
