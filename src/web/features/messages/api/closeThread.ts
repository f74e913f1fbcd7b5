// Close a client's thread (the caller then runs afterThreadChange).
import { ThreadState } from '../../../../shared/messages.js';
import { api } from '../../../api/client.js';
import { base } from './staffThread.js';

export const closeThread = (clientId: string) => api.post(`${base(clientId)}/close`, {}, ThreadState);
