// The client list: one page with its exact total, or an error; on a server error the list is
// retried with backoff (as background requests, so retries never count as activity).
import { ClientList } from '../../../../shared/clients.js';
import { retryNow, useStaffRead } from '../../../lib/retry.js';
import { clientKeys, type ClientListParams } from './keys.js';

export const PAGE_SIZE = 25;

export function listPath(p: ClientListParams): string {
  const qs = new URLSearchParams();
  if (p.q.trim()) qs.set('q', p.q.trim());
  if (p.status) qs.set('status', p.status);
  if (p.providerId) qs.set('providerId', p.providerId);
  qs.set('sort', p.sort);
  qs.set('limit', String(p.limit));
  if (p.cursor) qs.set('cursor', p.cursor);
  return `/api/clients?${qs.toString()}`;
}

export function useClientList(p: ClientListParams) {
  return useStaffRead(clientKeys.list(p), listPath(p), ClientList, { paged: true });
}

/** The Retry button of the client list. */
export const retryClientsNow = () => retryNow(clientKeys.all);
