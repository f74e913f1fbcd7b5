// The availability module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export interface ProviderAvailabilityTable {
  provider_id: string;
  practice_id: string;
  time_zone: string;
  buffer_minutes: number;
  /** JSON: [{weekday, start, end}] */
  hours: string;
  updated_by: string | null;
  updated_at: number;
}

export interface BlockedTimesTable {
  id: string;
  practice_id: string;
  provider_id: string;
  start_at: number;
  end_at: number;
  label_enc: string | null;
  created_by: string | null;
  created_at: number;
}

export interface AvailabilityTables {
  provider_availability: ProviderAvailabilityTable;
  blocked_times: BlockedTimesTable;
}
