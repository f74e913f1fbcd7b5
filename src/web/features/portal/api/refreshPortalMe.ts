// After a change to the account's security: the signed-in client's "me" is read again.
import { portalKeys, portalQueryClient } from '../../../session/portal.js';

export const refreshPortalMe = () => portalQueryClient.invalidateQueries({ queryKey: portalKeys.me });
