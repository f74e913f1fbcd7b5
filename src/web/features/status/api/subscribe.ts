// Subscribe an address to status mails (a confirmation mail follows).
import type { z } from 'zod';
import type { Subscribe } from '../../../../shared/status.js';
import { statusApi } from './statusClient.js';

export const subscribeToStatus = async (body: z.infer<typeof Subscribe>): Promise<void> => {
  await statusApi.post('/api/status/subscribers', body, undefined, { expectAuthFailure: true });
};
