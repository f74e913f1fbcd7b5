// The availability feature's public face: its page, and the working hours the calendar opens at.
export { useWorkdayHours } from './api/workingHours.js';
export { AvailabilityPage } from './components/AvailabilityPage.js';
