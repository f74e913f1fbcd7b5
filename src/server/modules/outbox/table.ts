// The outbox module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export interface DomainEventsTable {
  id: string;
  practice_id: string | null;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: string;
  created_at: number;
}

export interface EventConsumptionsTable {
  consumer: string;
  event_id: string;
  claimed_at: number;
  done_at: number | null;
}

export interface OutboxTables {
  domain_events: DomainEventsTable;
  event_consumptions: EventConsumptionsTable;
}
