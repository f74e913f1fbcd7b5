// Audit checkpoints go with the background work (the dispatcher role), like the backup schedule.
// Registered before the other workers, so that it stops after them: the shutdown checkpoint covers
// every record their work wrote.
import { worker, type Worker } from '../../jobs/index.js';
import type { AuditCheckpointer } from './checkpoint.js';

export function auditWorkers(checkpoints: AuditCheckpointer): Worker[] {
  return [worker('audit-checkpoints', ['dispatcher'], checkpoints)];
}
