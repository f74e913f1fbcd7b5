import type { Generated } from 'kysely';

// The status module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export interface StatusOperatorsTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface StatusIncidentsTable {
  id: string;
  kind: 'incident' | 'maintenance';
  name: string;
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved' | 'scheduled' | 'in_progress' | 'verifying' | 'completed';
  impact: 'none' | 'minor' | 'major' | 'critical' | 'maintenance';
  internal: number;
  probe: string | null;
  open_probe: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  monitoring_at: number | null;
  resolved_at: number | null;
  scheduled_for: number | null;
  scheduled_until: number | null;
}

export interface StatusIncidentComponentsTable {
  incident_id: string;
  component_id: string;
  status: 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';
}

export interface StatusIncidentUpdatesTable {
  id: string;
  incident_id: string;
  status: string;
  body: string;
  affected: string;
  notify: number;
  created_by: string | null;
  created_at: number;
}

export interface StatusSubscribersTable {
  id: string;
  email_enc: string;
  email_idx: string;
  confirm_hash: string | null;
  confirm_sent_at: number | null;
  confirmed_at: number | null;
  unsubscribe_enc: string;
  unsubscribe_hash: string;
  created_at: number;
  /** The language of this subscriber's mail, chosen on the subscribe page. */
  locale: 'en' | 'es';
}

export interface StatusDeliveriesTable {
  id: string;
  subscriber_id: string;
  update_id: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_at: number | null;
  sent_at: number | null;
  failure: string | null;
}

/** One row per web process start: its heartbeat while it runs, and its clean stop (status uptime). */
export interface StatusProcessRunsTable {
  /** The process's instance id. */
  id: string;
  started_at: number;
  heartbeat_at: number;
  stopped_at: number | null;
}

export interface StatusTables {
  status_operators: StatusOperatorsTable;
  status_incidents: StatusIncidentsTable;
  status_incident_components: StatusIncidentComponentsTable;
  status_incident_updates: StatusIncidentUpdatesTable;
  status_subscribers: StatusSubscribersTable;
  status_deliveries: StatusDeliveriesTable;
  status_process_runs: StatusProcessRunsTable;
}
