// Change the portal account's password (its other sessions end: the sessions list is read again).
import { portalApi } from '../../../api/client.js';
import { refreshPortalSessions } from './portalSessions.js';

export async function changePortalPassword(body: unknown): Promise<void> {
  await portalApi.post('/api/portal/password', body);
  await refreshPortalSessions();
}
