// A client's message in their thread.
import { PortalMessage, type PortalMessageInput } from '../../../../shared/messages.js';
import { portalApi } from '../../../api/client.js';
import { portalBase } from './read.js';

export const sendPortalMessage = (clientId: string, input: PortalMessageInput) => portalApi.post(`${portalBase(clientId)}/messages`, input, PortalMessage);
