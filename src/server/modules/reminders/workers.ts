// The reminders' background work: the reminder dispatcher, in the dispatcher role (every web process
// with DISPATCHER=inline, only `npm run dispatcher` processes with DISPATCHER=external). The
// reminder ledger itself is kept by an outbox consumer (the pump runs it wherever it runs).
import { worker, type Worker } from '../../jobs/index.js';
import type { ReminderDispatcher } from './dispatcher.js';

export function reminderWorkers(dispatcher: ReminderDispatcher): Worker[] {
  return [worker('reminders', ['dispatcher'], dispatcher)];
}
