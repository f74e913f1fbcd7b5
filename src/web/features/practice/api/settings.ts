// The practice's own settings (name, two-step rule, idle timeout, what providers see, reply mail).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { PracticeSettings } from '../../../../shared/api.js';
import { api } from '../../../api/client.js';
import { meKey } from '../../../session/useMe.js';

// providersSeeAllClients arrives with the clients module; shown only when the server sends it.
export const Settings = PracticeSettings.extend({ providersSeeAllClients: z.boolean().optional() });
export type Settings = z.infer<typeof Settings>;

export function usePracticeSettings() {
  return useQuery({ queryKey: ['practice'], queryFn: () => api.get('/api/practice', Settings) });
}

/** Saves the settings; `then` runs between the save and the refresh (the page says "saved" at once). */
export function useSavePracticeSettings() {
  const qc = useQueryClient();
  return async (body: Record<string, unknown>, then: () => void) => {
    await api.patch('/api/practice', body);
    then();
    await qc.invalidateQueries({ queryKey: ['practice'] });
    await qc.invalidateQueries({ queryKey: meKey });
  };
}
