// The before-call check's payloads (GET …/path-check?bytes=N), through the client of the audience.
import { PathCheck } from '../../../../shared/path-check.js';
import { api, portalApi } from '../../../api/client.js';
import type { Audience } from '../model/callText.js';

export type FetchPad = (bytes: number, signal: AbortSignal) => Promise<PathCheck>;

export const fetchPad =
  (audience: Audience): FetchPad =>
  (bytes, signal) =>
    audience === 'staff' ? api.get(`/api/calls/path-check?bytes=${bytes}`, PathCheck, { signal }) : portalApi.get(`/api/portal/calls/path-check?bytes=${bytes}`, PathCheck, { signal });
