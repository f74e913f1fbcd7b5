// The backups module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

/** One scheduled backup per interval slot (the primary key is the claim); how it went. */
export interface BackupRunsTable {
  /** floor(epoch ms / interval ms) */
  slot: number;
  instance: string;
  started_at: number;
  finished_at: number | null;
  file: string | null;
  bytes: number | null;
  /** 1 ok, 0 failed, null running. */
  ok: number | null;
  error: string | null;
}

export interface BackupsTables {
  backup_runs: BackupRunsTable;
}
