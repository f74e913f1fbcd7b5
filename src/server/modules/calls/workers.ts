// Calls' background work goes from the processes that hold the sockets: listening web servers,
// never the dispatcher process (it holds none) nor an app that is only injected into. The
// signaling hub (its bus subscription) and the ring scheduler (scheduled calls ring by themselves).
import { worker, type Worker } from '../../jobs/index.js';
import type { RingScheduler } from './rings.js';
import type { CallSignaling } from './signaling.js';

export function callWorkers(signaling: CallSignaling, rings: RingScheduler): Worker[] {
  return [worker('call-signaling', ['web'], signaling, { listening: true }), worker('call-rings', ['web'], rings, { listening: true })];
}
