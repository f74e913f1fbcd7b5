// The portal side of forms: the signed-in client's form requests (pending first), one form to fill,
// saving progress as they go (PUT draft), submitting with the signature, and the signed PDF.
// Reads retry with the shared backoff as background requests (a retry is not the person's activity).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Answers, SignatureAnswer } from '../../../../shared/fields.js';
import { FormRequestDetail, FormRequestList } from '../../../../shared/forms.js';
import { portalApi } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { portalQueryClient } from '../../../session/portal.js';
import { formKeys } from './keys.js';

const base = '/api/portal/form-requests';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

function usePortalGet<T>(key: readonly unknown[], path: string, schema: z.ZodType<T>) {
  return useQuery<T, Error>({
    queryKey: key,
    staleTime: 0,
    queryFn: ({ signal }) => portalApi.get(path, schema, { signal, background: (portalQueryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0 }),
    retry: (_n, err) => transient(err),
    retryDelay: backoff,
  });
}

export const usePortalFormRequests = () => usePortalGet(formKeys.portalList, base, FormRequestList);
export const usePortalFormRequest = (id: string) => usePortalGet(formKeys.portalOne(id), one(id), FormRequestDetail);

/** The signed form as a PDF (answers, signature and signing record). */
export const portalFormPdfHref = (id: string) => `${one(id)}/pdf`;

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
