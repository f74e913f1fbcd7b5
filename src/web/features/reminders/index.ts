// The reminders feature's public face: an appointment's reminder ledger, the reminders needing
// attention, the practice's reminder settings, and the public confirm/cancel link page.
export { AppointmentReminders, AppointmentRemindersDialog } from './components/AppointmentReminders.js';
export { ReminderLinkPage } from './components/ReminderLinkPage.js';
export { ReminderSettingsSection } from './components/ReminderSettingsSection.js';
export { RemindersAttention } from './components/RemindersAttention.js';

// Loaded on first visit by the client entry (the light client path).
export const loadReminderLinkPage = () => import('./components/ReminderLinkPage.js');
