// The outbox pump runs in every process (web and dispatcher): the consumers that keep the ledgers
// (reminders, call rings, invitations, the waitlist) must keep going whichever processes run.
import { worker, type Worker } from '../../jobs/index.js';
import type { OutboxPump } from './pump.js';

export function outboxWorkers(pump: OutboxPump): Worker[] {
  return [worker('outbox-pump', ['web', 'dispatcher'], pump)];
}
