// The measures module's background work: the sweep that makes the questionnaires of upcoming
// appointments and expires closed ones (plan.ts), on the dispatcher role.
import { worker, type Worker } from '../../jobs/index.js';
import type { MeasureSweep } from './plan.js';

export function measureWorkers(sweep: MeasureSweep): Worker[] {
  return [worker('measures-sweep', ['dispatcher'], sweep)];
}
