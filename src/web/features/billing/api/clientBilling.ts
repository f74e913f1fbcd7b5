// A client's billing profile (sliding scale, payer, diagnoses, autopay), the clients a new invoice
// may be for, and the client's appointments not billed yet.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type z } from 'zod';
import { ClientBillingProfile, UnbilledReport } from '../../../../shared/billing.js';
import { ClientList } from '../../../../shared/clients.js';
import { api } from '../../../api/client.js';
import { useStaffRead } from '../../../lib/retry.js';
import { billingKeys } from './keys.js';

const profilePath = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/billing`;

export function useClientBillingProfile(clientId: string, enabled = true) {
  return useStaffRead(billingKeys.clientProfile(clientId), profilePath(clientId), ClientBillingProfile, { enabled });
}

export function useSaveClientBillingProfile() {
  const qc = useQueryClient();
  return async (clientId: string, body: Record<string, unknown>) => {
    const p = await api.patch(profilePath(clientId), body, ClientBillingProfile);
    qc.setQueryData(billingKeys.clientProfile(clientId), p);
    await qc.invalidateQueries({ queryKey: billingKeys.clientProfile(clientId) });
    return p;
  };
}

/** Clients whose name starts with what was typed (for "New invoice"), the first 10. */
export function useClientSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: billingKeys.clientSearch(term),
    enabled: term.length >= 1,
    queryFn: ({ signal }) => api.get(`/api/clients?${new URLSearchParams({ q: term, limit: '10', sort: 'lastName' }).toString()}`, ClientList, { signal }),
    staleTime: 30_000,
  });
}

/** How far back a new invoice looks for appointments not billed yet. */
export const UNBILLED_DAYS = 366;

export type UnbilledRow = z.infer<typeof UnbilledReport>['rows'][number];

/** The client's attended appointments, late cancellations and no-shows of the last year that no invoice holds yet. */
export function useUnbilledFor(clientId: string) {
  return useQuery({
    queryKey: billingKeys.unbilled(clientId),
    enabled: clientId !== '',
    queryFn: async ({ signal }) => {
      const now = Date.now();
      const to = new Date(now + 24 * 3600_000).toISOString();
      const from = new Date(now - UNBILLED_DAYS * 24 * 3600_000).toISOString();
      const r = await api.get(`/api/clients/${encodeURIComponent(clientId)}/unbilled?${new URLSearchParams({ from, to }).toString()}`, UnbilledReport, { signal });
      return r.rows.filter((row) => row.clientId === clientId).sort((a, b) => a.start.localeCompare(b.start));
    },
  });
}
