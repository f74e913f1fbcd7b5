// The staff side's safety check at the start of a session: the emergency contact on file for the
// call's client (to prefill), and recording the check on the call record.
// Types only: this is part of the call page, a join link's first screen, which must not download
// zod (issue 19's budget; see ./audience.ts).
import type { CallRecord } from '../../../../shared/calls.js';
import type { Client } from '../../../../shared/clients.js';
import { api } from '../../../api/client.js';

export const fetchCallClient = (clientId: string) => api.get<Client>(`/api/clients/${clientId}`);

export const saveSafetyCheck = (callId: string, form: { location: string; clientAtHome: boolean | null; emergencyContactName: string; emergencyContactPhone: string; confirmed: boolean }) =>
  api.post<CallRecord>(`/api/calls/${callId}/safety-check`, form);
