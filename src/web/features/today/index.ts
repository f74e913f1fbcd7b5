// The today feature's public face: Today, the inbox (with its navigation badge) and call history.
export { CallHistoryPage } from './components/CallHistoryPage.js';
export { InboxNavLink } from './components/InboxNavLink.js';
export { InboxPage } from './components/InboxPage.js';
export { TodayPage } from './components/TodayPage.js';
