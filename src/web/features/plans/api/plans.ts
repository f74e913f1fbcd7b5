// Treatment plans over the API: a client's plans and one plan (staff), its changes (draft edits,
// signing, review, closing), the ICD-10-CM search and the practice's code list (billing's routes),
// the plans due for review (Today), and the portal's list and signature.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { DiagnosisCode } from '../../../../shared/billing.js';
import { PlanDueList, PlanList, PortalPlan, PortalPlanList, TreatmentPlan, type PlanContentInput, type PortalPlanSign } from '../../../../shared/plans.js';
import { api, portalApi } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { useStaffRead } from '../../../lib/retry.js';
import { portalQueryClient } from '../../../session/portal.js';

export const planKeys = {
  all: ['plans'] as const,
  ofClient: (clientId: string) => ['plans', 'client', clientId] as const,
  one: (id: string) => ['plans', 'one', id] as const,
  due: ['plans', 'due'] as const,
  codes: ['plans', 'practice-codes'] as const,
  icd10: (q: string) => ['plans', 'icd10', q] as const,
  portal: (clientId: string) => ['portal', 'client', clientId, 'treatment-plans'] as const,
};

const clientPath = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/treatment-plans`;
const planPath = (id: string) => `/api/treatment-plans/${encodeURIComponent(id)}`;

export const useClientPlans = (clientId: string, enabled = true) => useStaffRead(planKeys.ofClient(clientId), clientPath(clientId), PlanList, { enabled });
export const usePlan = (id: string | null) => useStaffRead(planKeys.one(id ?? ''), planPath(id ?? ''), TreatmentPlan, { enabled: id !== null });
export const useDuePlans = (enabled: boolean) => useStaffRead(planKeys.due, '/api/treatment-plans/due', PlanDueList, { enabled, staleTime: 60_000 });

/** The plan's changes; each answer replaces the cached plan and refreshes the client's list. */
export function usePlanActions(clientId: string) {
  const qc = useQueryClient();
  const done = async (p: TreatmentPlan) => {
    qc.setQueryData(planKeys.one(p.id), p);
    await Promise.all([qc.invalidateQueries({ queryKey: planKeys.ofClient(clientId) }), qc.invalidateQueries({ queryKey: planKeys.due })]);
    return p;
  };
  return {
    create: async (content: PlanContentInput = {}) => done(await api.post(clientPath(clientId), content, TreatmentPlan)),
    save: async (id: string, version: number, content: PlanContentInput) => done(await api.patch(planPath(id), { version, content }, TreatmentPlan)),
    sign: async (id: string, version: number) => done(await api.post(`${planPath(id)}/sign`, { version }, TreatmentPlan)),
    review: async (id: string, version: number, content?: PlanContentInput) => done(await api.post(`${planPath(id)}/review`, content ? { version, content } : { version }, TreatmentPlan)),
    close: async (id: string, version: number) => done(await api.post(`${planPath(id)}/close`, { version }, TreatmentPlan)),
  };
}

const Icd10Hits = z.object({ items: z.array(DiagnosisCode.extend({ billable: z.boolean() })) });
const PracticeCodes = z.object({ items: z.array(DiagnosisCode) });

/** The practice's own diagnosis list (the codes it bills with). */
export const usePracticeCodes = () => useStaffRead(planKeys.codes, '/api/billing/diagnosis-codes', PracticeCodes, { staleTime: 300_000 });

/** The imported ICD-10-CM codes matching a code prefix or description words (two characters or more). */
export function useIcd10Search(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: planKeys.icd10(term),
    enabled: term.length >= 2,
    queryFn: ({ signal }) => api.get(`/api/billing/icd10?${new URLSearchParams({ q: term }).toString()}`, Icd10Hits, { signal }),
    staleTime: 300_000,
  });
}

// ---- portal ----

export function usePortalPlans(clientId: string) {
  const key = planKeys.portal(clientId);
  return useQuery({
    queryKey: key,
    staleTime: 0,
    queryFn: ({ signal }) => {
      const retrying = (portalQueryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;
      return portalApi.get(`/api/portal/treatment-plans?clientId=${encodeURIComponent(clientId)}`, PortalPlanList, { signal, background: retrying });
    },
    retry: (_count: number, err: Error) => transient(err),
    retryDelay: backoff,
  });
}

export async function portalSignPlan(clientId: string, id: string, body: Omit<PortalPlanSign, 'clientId'>): Promise<PortalPlan> {
  const plan = await portalApi.post(`/api/portal/treatment-plans/${encodeURIComponent(id)}/sign`, { ...body, clientId }, PortalPlan);
  await portalQueryClient.invalidateQueries({ queryKey: planKeys.portal(clientId) });
  return plan;
}
