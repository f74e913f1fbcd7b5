// The practice's billing settings, its Stripe connection, payers, diagnosis code list and the
// providers' billing profiles. The Stripe key and webhook secret are only ever sent, never read
// back: the settings say whether an account is connected and which.
import { useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ItemList } from '../../../../shared/api.js';
import { BillingSettings, DiagnosisCode, Payer, ReconciliationList, type ProviderBillingProfile, type BillingSettingsPatch, type PayerInput, type StripeConnect } from '../../../../shared/billing.js';
import { api } from '../../../api/client.js';
import { useStaffRead } from '../../../lib/retry.js';
import { billingKeys } from './keys.js';

export function useBillingSettings(enabled = true) {
  return useStaffRead(billingKeys.settings, '/api/billing/settings', BillingSettings, { enabled });
}

/** The nightly Stripe reconciliation runs, newest day first. */
export function useReconciliation(enabled = true) {
  return useStaffRead(billingKeys.reconciliation, '/api/billing/reconciliation', ReconciliationList, { enabled });
}

export function useBillingSettingsActions() {
  const qc = useQueryClient();
  const settled = async (s?: BillingSettings) => {
    if (s) qc.setQueryData(billingKeys.settings, s);
    await qc.invalidateQueries({ queryKey: billingKeys.settings });
  };
  return {
    save: async (body: BillingSettingsPatch) => {
      const s = await api.patch('/api/billing/settings', body, BillingSettings);
      await settled(s);
      return s;
    },
    connectStripe: async (body: StripeConnect) => {
      await api.put('/api/billing/stripe', body);
      await settled();
    },
    disconnectStripe: async () => {
      await api.del('/api/billing/stripe');
      await settled();
    },
  };
}

const PayerList = ItemList(Payer);

export function usePayers(enabled = true) {
  return useStaffRead(billingKeys.payers, '/api/billing/payers', PayerList, { enabled });
}

export function usePayerActions() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: billingKeys.payers });
  return {
    add: async (body: PayerInput) => {
      await api.post('/api/billing/payers', body, Payer);
      await done();
    },
    change: async (id: string, body: Partial<PayerInput>) => {
      await api.patch(`/api/billing/payers/${encodeURIComponent(id)}`, body, Payer);
      await done();
    },
  };
}

const CodeList = ItemList(DiagnosisCode);

export function useDiagnosisCodes(enabled = true) {
  return useStaffRead(billingKeys.diagnosisCodes, '/api/billing/diagnosis-codes', CodeList, { enabled });
}

export function useDiagnosisCodeActions() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: billingKeys.diagnosisCodes });
  return {
    add: async (body: { code: string; description?: string }) => {
      await api.post('/api/billing/diagnosis-codes', body);
      await done();
    },
    remove: async (code: string) => {
      await api.del(`/api/billing/diagnosis-codes/${encodeURIComponent(code)}`);
      await done();
    },
  };
}

/** As stored: empty strings before the profile is first set. */
const ProviderProfileView = z.object({ credentials: z.string(), licence: z.string(), npi: z.string() });
export type ProviderProfileView = z.infer<typeof ProviderProfileView>;

/** A provider's credentials, licence and NPI. */
export function useProviderProfile(userId: string, enabled = true) {
  return useStaffRead(billingKeys.providerProfile(userId), `/api/billing/providers/${encodeURIComponent(userId)}`, ProviderProfileView, { enabled });
}

export function useSaveProviderProfile() {
  const qc = useQueryClient();
  return async (userId: string, body: z.infer<typeof ProviderBillingProfile>) => {
    await api.put(`/api/billing/providers/${encodeURIComponent(userId)}`, body);
    await qc.invalidateQueries({ queryKey: billingKeys.providerProfile(userId) });
  };
}
