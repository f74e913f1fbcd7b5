// Money received by hand (cash, check, a card terminal), and a client's balance.
import { useQueryClient } from '@tanstack/react-query';
import { ClientBalance, Payment, type ManualPayment } from '../../../../shared/billing.js';
import { api } from '../../../api/client.js';
import { useStaffRead } from '../../../lib/retry.js';
import { billingKeys } from './keys.js';

export function useRecordPayment() {
  const qc = useQueryClient();
  return async (body: ManualPayment) => {
    const p = await api.post('/api/payments', body, Payment);
    await qc.invalidateQueries({ queryKey: billingKeys.all });
    return p;
  };
}

export function useClientBalance(clientId: string, enabled = true) {
  return useStaffRead(billingKeys.balance(clientId), `/api/clients/${encodeURIComponent(clientId)}/balance`, ClientBalance, { enabled });
}
