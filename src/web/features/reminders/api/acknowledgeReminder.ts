// Mark an uncertain or failed reminder as handled; the attention list refetches.
import { api } from '../../../api/client.js';
import { queryClient } from '../../../session/staff.js';
import { reminderKeys } from './keys.js';

export async function acknowledgeReminder(id: string): Promise<void> {
  await api.post(`/api/reminders/${encodeURIComponent(id)}/acknowledge`, {});
  await queryClient.invalidateQueries({ queryKey: reminderKeys.attention });
}
