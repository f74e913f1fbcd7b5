// How people are named on screen, where more than one feature names them alike.
import type { Appointment } from '../../shared/scheduling.js';

/** An appointment's clients, the ones this user may not see named as such. */
export function clientNames(a: Pick<Appointment, 'clients'>): string {
  return a.clients.map((c) => c.name ?? 'Client (not visible to you)').join(', ');
}
