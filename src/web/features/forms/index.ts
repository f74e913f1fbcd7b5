// The forms feature's public face: the practice settings' Forms section, the client page's Forms
// panel, the forms status of a day's appointment (Today), and the portal's forms (the home's
// "Forms to complete" and the page of one form).
import './components/forms.css';

export { FormsSettingsSection } from './components/FormsSettingsSection.js';
export { ClientFormsPanel } from './components/ClientFormsPanel.js';
export { AppointmentFormsStatus } from './components/AppointmentFormsStatus.js';
export { PortalFormsDue } from './components/PortalFormsDue.js';
export { PortalFormPage } from './components/PortalFormPage.js';
export { PortalFormsPage } from './components/PortalFormsPage.js';

// Loaded on first visit by the client entry (the light client path).
export const loadPortalFormPage = () => import('./components/PortalFormPage.js');
export const loadPortalFormsPage = () => import('./components/PortalFormsPage.js');
