// Where the portal account is signed in.
import { useQuery } from '@tanstack/react-query';
import { PortalSessions } from '../../../../shared/portal.js';
import { portalApi } from '../../../api/client.js';
import { portalKeys, portalQueryClient } from '../../../session/portal.js';

export const usePortalSessions = () => useQuery({ queryKey: portalKeys.sessions, queryFn: () => portalApi.get('/api/portal/sessions', PortalSessions) });

/** The sessions list is read again (after a sign-out or a change of password). */
export const refreshPortalSessions = () => portalQueryClient.invalidateQueries({ queryKey: portalKeys.sessions });
