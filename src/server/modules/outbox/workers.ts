// The outbox pump runs in every process (web and dispatcher): the consumers that keep the ledgers
// (reminders, call rings, invitations, the waitlist) must keep going whichever processes run. It
// feeds the dispatchers and the rings, so it starts before them and stops after them.
import { LAYER, worker, type Worker } from '../../jobs/index.js';
import type { OutboxPump } from './pump.js';

export function outboxWorkers(pump: OutboxPump): Worker[] {
  return [worker('outbox-pump', ['web', 'dispatcher'], pump, { layer: LAYER.FEED })];
}
