// The notifications' background work: the notification dispatcher, wherever the reminder dispatcher
// runs (the dispatcher role). Elsewhere `wake()` after an enqueue does nothing and the dispatcher
// process's poll finds the rows.
import { worker, type Worker } from '../../jobs/index.js';
import type { NotificationDispatcher } from './dispatcher.js';

export function notificationWorkers(dispatcher: NotificationDispatcher): Worker[] {
  return [worker('notifications', ['dispatcher'], dispatcher)];
}
