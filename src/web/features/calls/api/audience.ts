// A call is joined by staff (the staff app's client) or by a client (the portal's client, which a
// join link's guest uses too): the reads and writes a call makes either way, through the client of
// the audience it serves.
// Types only, no schemas: a join link's first screen is the call page, which must not download zod
// (issue 19's budget); the server is the authority (a drift was only ever logged, api/factory.ts)
// and its contract tests hold these answers to the shared schemas.
import type { CallList, CallRecord, CallSummary, IceConfig } from '../../../../shared/calls.js';
import { api, portalApi, portalSession, session } from '../../../api/client.js';
import type { Audience } from '../model/callText.js';

/** The ICE configuration (STUN/TURN) for this audience's calls and the device check. */
export const loadIce = (audience: Audience) => (signal: AbortSignal) =>
  audience === 'staff' ? api.get<IceConfig>('/api/calls/ice', undefined, { signal }) : portalApi.get<IceConfig>('/api/portal/calls/ice', undefined, { signal });

/**
 * One call as the lists of calls ringing or in progress show it (not the audited call record);
 * undefined once it is no longer ringing or in progress.
 */
export const fetchListedCall = (audience: Audience, callId: string): Promise<CallSummary | undefined> =>
  (audience === 'staff' ? api.get<CallList>('/api/calls') : portalApi.get<CallList>('/api/portal/calls')).then((l) => l.items.find((c) => c.id === callId));

/** The staff side's call record (audited), with its kind. */
export const fetchCallRecord = (callId: string) => api.get<CallRecord>(`/api/calls/${callId}`);

/** A request that counts as activity: a session in a call is in use. */
export const keepSessionAlive = (audience: Audience) => (audience === 'staff' ? api.post('/api/session/keepalive', {}) : portalApi.get('/api/portal/session'));

/** Ends the call for everyone (staff). */
export const endCall = (callId: string) => api.post(`/api/calls/${callId}/end`, {});

/** The CSRF token of this audience's session, for an upload made outside the API client. */
export const csrfTokenOf = (audience: Audience) => (audience === 'staff' ? session : portalSession).csrfToken;
