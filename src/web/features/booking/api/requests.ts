// Clients' appointment requests from the portal: a page of them by status (oldest first, exact
// total; retried with backoff as background requests), approved (which books the slot) or declined.
import { useQueryClient } from '@tanstack/react-query';
import { RequestApproved, RequestList, type RequestStatus } from '../../../../shared/booking.js';
import { api } from '../../../api/client.js';
import { useStaffRead } from '../../../lib/retry.js';

export const REQUESTS_PAGE = 50;

const requestKeys = {
  all: ['appointment-requests'] as const,
  list: (status: RequestStatus, cursor: string | null) => ['appointment-requests', status, cursor] as const,
};

export function useRequests(status: RequestStatus, cursor: string | null) {
  const qs = new URLSearchParams({ status, limit: String(REQUESTS_PAGE), ...(cursor ? { cursor } : {}) });
  return useStaffRead(requestKeys.list(status, cursor), `/api/appointment-requests?${qs.toString()}`, RequestList, { paged: true });
}

/** Approve or decline a request; `then` runs between the answer and the refresh of the lists. */
export function useDecideRequest() {
  const qc = useQueryClient();
  return async (id: string, decision: { approve: true } | { approve: false; reason: string }, then: () => void) => {
    const path = `/api/appointment-requests/${encodeURIComponent(id)}`;
    if (decision.approve) await api.post(`${path}/approve`, {}, RequestApproved);
    else await api.post(`${path}/decline`, decision.reason.trim() ? { reason: decision.reason.trim() } : {});
    then();
    await qc.invalidateQueries({ queryKey: requestKeys.all });
  };
}
