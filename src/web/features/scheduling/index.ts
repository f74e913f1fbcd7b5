// The scheduling feature's public face: the appointment list and calendar pages, the practice's
// scheduling settings section, and the client profile's appointments card.
export { AppointmentsPage } from './components/AppointmentsPage.js';
export { ClientAppointments } from './components/ClientAppointments.js';
export { SchedulingSettingsSection } from './components/SchedulingSettingsSection.js';

/** The calendar page is loaded on first visit (FullCalendar is large). */
export const loadCalendarPage = () => import('./components/CalendarPage.js').then((m) => ({ Component: m.CalendarPage }));

/** The words for an appointment's status, type, place and edit scope (the Today page says them too). */
export { PLACE_LABELS, SCOPE_LABELS, STATUS_LABELS, TYPE_LABELS } from './model/labels.js';

// The staff app's routes load this feature's pages on first visit (app/staff/routes.tsx).
export const loadAppointmentsPage = () => import('./components/AppointmentsPage.js');
