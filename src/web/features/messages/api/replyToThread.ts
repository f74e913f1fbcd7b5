// Staff reply in a client's thread (the caller then runs afterThreadChange).
import { ClientMessage, type MessageBody } from '../../../../shared/messages.js';
import { api } from '../../../api/client.js';
import { base } from './staffThread.js';

export const replyTo = (clientId: string, input: MessageBody) => api.post(base(clientId), input, ClientMessage);
