// Staff side: whether a client reaches the portal (an account, or an invitation and when).
import { useQuery } from '@tanstack/react-query';
import { PortalAccess } from '../../../../shared/portal.js';
import { api } from '../../../api/client.js';
import { queryClient } from '../../../session/staff.js';

export const portalAccessKey = (clientId: string) => ['clients', clientId, 'portal-access'] as const;

export const usePortalAccess = (clientId: string) =>
  useQuery({
    queryKey: portalAccessKey(clientId),
    queryFn: ({ signal }) => api.get(`/api/clients/${encodeURIComponent(clientId)}/portal-access`, PortalAccess, { signal }),
  });

/** After an invitation (sent or refused): the access is read again. */
export const refreshPortalAccess = (clientId: string) => queryClient.invalidateQueries({ queryKey: portalAccessKey(clientId) });
