// The calls feature's public face: starting a call (buttons), the incoming-call banner, the call
// list, the practice's call settings and the device check. The call page and the device check
// load on first visit (media and signaling are big): the shells reach them through the loaders.
export { CallNowButton, AppointmentCallButton, appointmentCallable, useCanStartCalls } from './components/StartCallButton.js';
export { CallSettingsSection } from './components/CallSettingsSection.js';
export { CallsPage, CallsTabs } from './components/CallsPage.js';
export { IncomingCall } from './components/IncomingCall.js';
export { JoinPage } from './components/JoinPage.js';
export { StaffIncomingCall } from './components/StaffIncomingCall.js';
export { portalRings } from './model/ring.js';

export const loadCallPage = () => import('./components/CallPage.js');
export const loadDeviceCheck = () => import('./components/DeviceCheckPage.js');

// Loaded on first visit by the client entry (the light client path).
export const loadJoinPage = () => import('./components/JoinPage.js');

// The staff app's routes load this feature's pages on first visit (app/staff/routes.tsx).
export const loadCallsPage = () => import('./components/CallsPage.js');
