// Audit checkpoints go with the background work (the dispatcher role), like the backup schedule.
// The lowest layer: it stops after every other worker, so the shutdown checkpoint covers every
// record their work wrote.
import { LAYER, worker, type Worker } from '../../jobs/index.js';
import type { AuditCheckpointer } from './checkpoint.js';

export function auditWorkers(checkpoints: AuditCheckpointer): Worker[] {
  return [worker('audit-checkpoints', ['dispatcher'], checkpoints, { layer: LAYER.RECORD })];
}
