// Starting a call from the staff app: Call Now with a client, or an appointment's room (made if missing).
import { CallSummary } from '../../../../shared/calls.js';
import { api, isApiError } from '../../../api/client.js';

export const callNow = (clientId: string) => api.post('/api/calls', { clientId, mode: 'video' }, CallSummary);

export const appointmentCall = (appointmentId: string) => api.post(`/api/appointments/${encodeURIComponent(appointmentId)}/call`, {}, CallSummary);

/** A failed start, in words. */
export function startError(e: unknown): string {
  if (!isApiError(e)) return 'The call could not be started. Please try again.';
  if (e.status === 0) return "The call could not be started: Hearth can't be reached. Check your connection and try again.";
  if (e.status === 403) return "The call could not be started: your role can't start calls.";
  if (e.status === 404) return 'The call could not be started: this client or appointment does not exist, or you may not see it.';
  if (e.status === 429) return `The call could not be started: too many attempts.${e.retryAfterSeconds ? ` Try again in ${e.retryAfterSeconds} seconds.` : ' Try again shortly.'}`;
  const m = e.message;
  return `The call could not be started: ${m.charAt(0).toLowerCase()}${m.slice(1)}${/[.!?]$/.test(m) ? '' : '.'}`;
}
