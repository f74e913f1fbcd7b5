// Staff side: invite a client to the portal by e-mail (the caller then runs refreshPortalAccess).
import { PortalInviteResponse } from '../../../../shared/portal.js';
import { api } from '../../../api/client.js';

export const inviteToPortal = (clientId: string) => api.post(`/api/clients/${encodeURIComponent(clientId)}/portal-invitation`, {}, PortalInviteResponse);
