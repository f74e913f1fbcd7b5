// The staff side's safety check at the start of a session: the emergency contact on file for the
// call's client (to prefill), and recording the check on the call record.
import { CallRecord } from '../../../../shared/calls.js';
import { Client } from '../../../../shared/clients.js';
import { api } from '../../../api/client.js';

export const fetchCallClient = (clientId: string) => api.get(`/api/clients/${clientId}`, Client);

export const saveSafetyCheck = (callId: string, form: { location: string; clientAtHome: boolean | null; emergencyContactName: string; emergencyContactPhone: string; confirmed: boolean }) =>
  api.post(`/api/calls/${callId}/safety-check`, form, CallRecord);
