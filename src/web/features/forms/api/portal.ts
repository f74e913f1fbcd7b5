// The portal side of forms: the signed-in client's form requests (pending first), saving a form's
// progress as they go (PUT draft), submitting it with the signature, and the signed PDF. Reading the
// one form to fill is ./portalForm.ts, off the home screen's first load.
// Reads retry with the shared backoff as background requests (a retry is not the person's activity).
import { useQueries, useQueryClient } from '@tanstack/react-query';
import type { Answers, SignatureAnswer } from '../../../../shared/fields.js';
import type { FormRequestList } from '../../../../shared/forms.js';
import { portalApi } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { portalQueryClient } from '../../../session/portal.js';
import { formKeys } from './keys.js';

const base = '/api/portal/form-requests';
export const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

/**
 * The forms of each of the account's client records (the server answers one record at a time), as
 * one list with a query-like state: loaded when every record's list is. The portal's home (a first
 * screen) shows them, so the answer is typed, not checked (../../portal/api/portalAppointments.ts
 * says why).
 */
export function usePortalFormRequests(clientIds: readonly string[]) {
  return useQueries({
    queries: clientIds.map((clientId) => {
      const key = [...formKeys.portalList, clientId];
      return {
        queryKey: key,
        staleTime: 0,
        queryFn: ({ signal }: { signal: AbortSignal }) => portalApi.get<FormRequestList>(`${base}?${new URLSearchParams({ clientId }).toString()}`, undefined, { signal, background: (portalQueryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0 }),
        retry: (_n: number, err: Error) => transient(err),
        retryDelay: backoff,
      };
    }),
    combine: (results) => ({
      items: results.flatMap((r) => r.data?.items ?? []),
      isSuccess: results.every((r) => r.isSuccess),
      isError: results.some((r) => r.isError),
      failing: results.find((r) => r.isError || r.failureCount > 0),
    }),
  });
}

/**
 * The signed form as a PDF (answers, signature and signing record), from the portal's own route
 * (GET /api/portal/form-requests/:id/pdf); null if switched off.
 */
export const PORTAL_PDF = true;
export const portalFormPdfHref = (id: string): string | null => (PORTAL_PDF ? `${one(id)}/pdf` : null);

/** Progress saved as the client goes (answers only: the signature is given at submit). */
export const saveFormDraft = (id: string, fields: Answers) => portalApi.put(`${one(id)}/draft`, { fields });

export function useSubmitForm() {
  const qc = useQueryClient();
  return async (id: string, fields: Answers, signature: SignatureAnswer | undefined) => {
    await portalApi.post(`${one(id)}/submit`, { fields, ...(signature ? { signature } : {}) });
    await qc.invalidateQueries({ queryKey: formKeys.portalList });
    await qc.invalidateQueries({ queryKey: formKeys.portalOne(id) });
  };
}
