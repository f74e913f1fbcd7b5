// The sms module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export interface SmsOptOutsTable {
  practice_id: string;
  /** Blind index of the E.164 phone under the platform index key. */
  phone_hash: string;
  opted_out_at: number;
}

export interface SmsThreadsTable {
  phone_hash: string;
  practice_id: string;
  last_sent_at: number;
}

export interface SmsInboundSeenTable {
  message_sid: string;
  received_at: number;
}

export interface PracticeSmsNumbersTable {
  practice_id: string;
  /** E.164. */
  phone: string;
  assigned_at: number;
}

export interface SmsStatusEarlyTable {
  provider_id: string;
  status: string;
  error_code: string | null;
  received_at: number;
}

export interface SmsTables {
  sms_opt_outs: SmsOptOutsTable;
  sms_threads: SmsThreadsTable;
  sms_inbound_seen: SmsInboundSeenTable;
  practice_sms_numbers: PracticeSmsNumbersTable;
  sms_status_early: SmsStatusEarlyTable;
}
