// The staff side of calls in the SPA: starting one (Call Now, an appointment's room), the list of
// my ringing or active calls, and the practice's call settings.
import { CallList, CallSettings, CallSummary } from '../../../../shared/calls.js';
import { api, isApiError } from '../../../api/client.js';

export const callKeys = {
  current: ['calls', 'current'] as const,
  settings: ['practice', 'call-settings'] as const,
};

/** Ringing or active calls of mine (an owner: the practice's). */
export const fetchCurrentCalls = (background = false) => api.get('/api/calls', CallList, { background });

export const callNow = (clientId: string) => api.post('/api/calls', { clientId, mode: 'video' }, CallSummary);

export const appointmentCall = (appointmentId: string) => api.post(`/api/appointments/${encodeURIComponent(appointmentId)}/call`, {}, CallSummary);

export const fetchCallSettings = () => api.get('/api/practice/call-settings', CallSettings);
export const saveCallSettings = (s: CallSettings) => api.put('/api/practice/call-settings', s, CallSettings);

/** Who the call is with, for a staff reader. */
export const callTitle = (c: CallSummary) => `Session with ${c.clients.map((x) => x.name).join(', ') || 'your client'}`;

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
