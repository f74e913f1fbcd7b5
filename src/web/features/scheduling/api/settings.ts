// The practice's scheduling rules (cancellation window, longest series, client notice).
import { useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { SchedulingSettings, type SchedulingSettingsPatch } from '../../../../shared/scheduling.js';
import { api } from '../../../api/client.js';
import { usePracticeRead } from '../../../lib/practice-read.js';
import { appointmentKeys } from './keys.js';

export function useSchedulingSettings() {
  return usePracticeRead(appointmentKeys.settings, '/api/practice/scheduling-settings', SchedulingSettings);
}

export function useSaveSchedulingRules() {
  const qc = useQueryClient();
  return async (body: z.infer<typeof SchedulingSettingsPatch>) => {
    await api.patch('/api/practice/scheduling-settings', body);
    await qc.invalidateQueries({ queryKey: appointmentKeys.settings });
  };
}
