// The today feature's public face: Today, the inbox (with its navigation badge) and call history.
export { CallHistoryPage } from './components/CallHistoryPage.js';
export { InboxNavLink } from './components/InboxNavLink.js';
export { InboxPage } from './components/InboxPage.js';
export { TodayPage } from './components/TodayPage.js';

// The staff app's routes load this feature's pages on first visit (app/staff/routes.tsx).
export const loadCallHistoryPage = () => import('./components/CallHistoryPage.js');
export const loadInboxPage = () => import('./components/InboxPage.js');
export const loadTodayPage = () => import('./components/TodayPage.js');
