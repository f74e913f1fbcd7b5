// The measures feature's reads and changes: a client's Measures panel (staff), the open risk flags
// (Today), and the portal's questionnaires. Responses are parsed with the shared schemas.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { ClientMeasures, MeasureFlags, MeasureSchedule, MeasureSubmitted, PortalMeasure, PortalMeasureList, type MeasureScheduleInput, type MeasureSubmit } from '../../../shared/measures.js';
import { api, portalApi } from '../../api/client.js';
import { backoff, transient } from '../../api/retry.js';
import { useStaffRead } from '../../lib/retry.js';
import { portalQueryClient } from '../../session/portal.js';

export const measureKeys = {
  client: (clientId: string) => ['measures', 'client', clientId] as const,
  flags: ['measures', 'flags'] as const,
  portalList: (clientId: string) => ['portal', 'client', clientId, 'measures'] as const,
  portalOne: (id: string) => ['portal', 'measures', id] as const,
};

const clientPath = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}`;

export const useClientMeasures = (clientId: string, enabled = true) => useStaffRead(measureKeys.client(clientId), `${clientPath(clientId)}/measures`, ClientMeasures, { enabled });

/** Open risk flags, asked again every minute while Today is open. */
export function useMeasureFlags(enabled = true) {
  return useQuery({ queryKey: measureKeys.flags, enabled, refetchInterval: 60_000, queryFn: ({ signal }) => api.get('/api/measure-flags', MeasureFlags, { signal }), retry: (_n, e) => transient(e), retryDelay: backoff });
}

export function useMeasureChanges(clientId: string | null) {
  const qc = useQueryClient();
  const refresh = async () => {
    if (clientId) await qc.invalidateQueries({ queryKey: measureKeys.client(clientId) });
    await qc.invalidateQueries({ queryKey: measureKeys.flags });
  };
  return {
    schedule: async (input: MeasureScheduleInput) => {
      await api.post(`${clientPath(clientId!)}/measure-schedules`, input, MeasureSchedule);
      await refresh();
    },
    stop: async (scheduleId: string) => {
      await api.patch(`${clientPath(clientId!)}/measure-schedules/${encodeURIComponent(scheduleId)}`, { active: false }, MeasureSchedule);
      await refresh();
    },
    review: async (responseId: string) => {
      await api.post(`/api/measure-flags/${encodeURIComponent(responseId)}/review`, {});
      await refresh();
    },
  };
}

function portalRead<T>(key: readonly unknown[], path: string, schema: z.ZodType<T>) {
  return {
    queryKey: key,
    staleTime: 0,
    queryFn: ({ signal }: { signal: AbortSignal }) => portalApi.get(path, schema, { signal, background: (portalQueryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0 }),
    retry: (_n: number, e: Error) => transient(e),
    retryDelay: backoff,
  };
}

export const usePortalMeasures = (clientId: string) => useQuery(portalRead(measureKeys.portalList(clientId), `/api/portal/measures?clientId=${encodeURIComponent(clientId)}`, PortalMeasureList));
export const usePortalMeasure = (id: string, enabled: boolean) => useQuery({ ...portalRead(measureKeys.portalOne(id), `/api/portal/measures/${encodeURIComponent(id)}`, PortalMeasure), enabled });

export async function submitMeasure(id: string, body: MeasureSubmit): Promise<MeasureSubmitted> {
  const done = await portalApi.post(`/api/portal/measures/${encodeURIComponent(id)}/submit`, body, MeasureSubmitted);
  await portalQueryClient.invalidateQueries({ queryKey: ['portal', 'client'] });
  return done;
}
