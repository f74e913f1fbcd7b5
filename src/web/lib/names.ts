// How people are named on screen, where more than one feature names them alike.
import type { Appointment } from '../../shared/scheduling.js';

/** Clients' names in order, the ones this user may not see named as such. */
export function namesOf(names: readonly (string | null)[]): string {
  return names.map((n) => n ?? 'Client (not visible to you)').join(', ');
}

/** An appointment's clients, the ones this user may not see named as such. */
export function clientNames(a: Pick<Appointment, 'clients'>): string {
  return namesOf(a.clients.map((c) => c.name));
}
