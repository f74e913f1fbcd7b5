// Scheduled backups go with the background work (the dispatcher role); several instances claim
// each interval in the database, so one backup is made per interval however many run.
import { worker, type Worker } from '../../jobs/index.js';
import type { BackupScheduler } from './scheduler.js';

export function backupWorkers(scheduler: BackupScheduler): Worker[] {
  return [worker('backups', ['dispatcher'], scheduler)];
}
