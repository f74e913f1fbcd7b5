// Confirm or cancel through a reminder link; on failure, what the link allows now (e.g. used
// meanwhile in another tab) is fetched again, and an error there changes nothing shown.
import type { ReminderActionView } from '../../../../shared/reminders.js';
import { postLinkAction } from './linkClient.js';

export const actOnReminderLink = (action: 'confirm' | 'cancel', token: string): Promise<ReminderActionView> => postLinkAction(action, token);

export function refreshReminderLink(token: string, then: (v: ReminderActionView) => void): void {
  postLinkAction('view', token).then(then, () => undefined);
}
