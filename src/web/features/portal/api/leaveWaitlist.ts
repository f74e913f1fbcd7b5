// Leave the waitlist.
import { portalRequest } from '../../../api/client.js';
import { portalBase } from './read.js';

export const leaveWaitlist = (clientId: string, entryId: string) => portalRequest('DELETE', `${portalBase(clientId)}/waitlist/${encodeURIComponent(entryId)}`, {});
