// Ringing or active calls of mine, as the staff app lists them (the call list, the incoming-call banner).
import { CallList, type CallSummary } from '../../../../shared/calls.js';
import { api } from '../../../api/client.js';

export const callKeys = {
  current: ['calls', 'current'] as const,
};

/** Ringing or active calls of mine (an owner: the practice's). */
export const fetchCurrentCalls = (background = false) => api.get('/api/calls', CallList, { background });

/** Who the call is with, for a staff reader. */
export const callTitle = (c: CallSummary) => `Session with ${c.clients.map((x) => x.name).join(', ') || 'your client'}`;
