// Replace the practice's reminder rules and quiet hours; the saved settings become the cached ones.
import { ReminderSettings, type ReminderSettingsPatch } from '../../../../shared/reminders.js';
import { api } from '../../../api/client.js';
import { queryClient } from '../../../session/staff.js';
import { reminderKeys } from './keys.js';

export async function saveReminderSettings(body: ReminderSettingsPatch): Promise<ReminderSettings> {
  const out = await api.patch('/api/practice/reminder-settings', body, ReminderSettings);
  queryClient.setQueryData(reminderKeys.settings, out);
  return out;
}
