// Staff reads and changes of forms: the practice's form templates (every version; the current
// one per family is what is sent), a client's form requests (status only: every role that sees the
// client), one request with its answers and signing record (records.read only), sending and cancelling.
import { useQueryClient } from '@tanstack/react-query';
import { FormRequestDetail, FormRequestList, FormTemplateList, type FormTemplateCreate } from '../../../../shared/forms.js';
import { api } from '../../../api/client.js';
import { useStaffRead } from '../../../lib/retry.js';
import { formKeys } from './keys.js';

const clientPath = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/form-requests`;
const requestPath = (id: string) => `/api/form-requests/${encodeURIComponent(id)}`;

export const useFormTemplates = (enabled = true) => useStaffRead(formKeys.templates, '/api/form-templates', FormTemplateList, { enabled });

export const useClientFormRequests = (clientId: string, enabled = true) => useStaffRead(formKeys.clientRequests(clientId), clientPath(clientId), FormRequestList, { enabled });

export const useFormRequest = (id: string, enabled = true) => useStaffRead(formKeys.request(id), requestPath(id), FormRequestDetail, { enabled });

/** Where the signed form's PDF downloads from (records.read roles). */
export const formPdfHref = (id: string) => `${requestPath(id)}/pdf`;

export function useFormActions() {
  const qc = useQueryClient();
  return {
    /** A new form, or (with `replaces`) a new version of one. */
    saveTemplate: async (body: FormTemplateCreate) => {
      const r = await api.post<{ id: string }>('/api/form-templates', body);
      await qc.invalidateQueries({ queryKey: formKeys.templates });
      return r;
    },
    send: async (clientId: string, templateIds: string[], appointmentId?: string) => {
      await api.post(clientPath(clientId), { templateIds, ...(appointmentId ? { appointmentId } : {}) });
      await qc.invalidateQueries({ queryKey: formKeys.all });
    },
    cancel: async (id: string) => {
      await api.post(`${requestPath(id)}/cancel`, {});
      await qc.invalidateQueries({ queryKey: formKeys.all });
    },
  };
}
