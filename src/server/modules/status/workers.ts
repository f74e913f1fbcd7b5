// The status page's background work:
// - its history starts with the first start of this installation, in any process (uptime before
//   it is unknown);
// - the probes and this process's liveness (start, heartbeat, stop) run in listening web
//   processes: the uptime bars see the time when no web process ran.
import { LAYER, worker, type Worker } from '../../jobs/index.js';
import type { ProcessLiveness } from './liveness.js';
import type { Prober } from './probes.js';
import type { StatusService } from './service.js';

export function statusWorkers(service: StatusService, prober: Prober, liveness: ProcessLiveness): Worker[] {
  return [
    { name: 'status-history', roles: ['web', 'dispatcher'], layer: LAYER.RECORD, start: async () => void (await service.since()), stop: async () => undefined },
    worker('status-probes', ['web'], prober, { listening: true }),
    worker('process-liveness', ['web'], liveness, { listening: true }),
  ];
}
