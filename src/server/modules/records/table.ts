// The records module's tables (what every clinical-record module shares); db/schema.ts assembles
// them. Only this module queries them: other modules ask RecordAccess.

export interface RecordSupervisorsTable {
  practice_id: string;
  /** The pre-licensed clinician whose signed notes wait for a co-signature. */
  user_id: string;
  supervisor_id: string;
  created_by: string;
  created_at: number;
}

export interface RecordsTables {
  record_supervisors: RecordSupervisorsTable;
}
