// The status page's components, apart from ./status.ts's schemas: the in-app banner is on the
// client entry's first screen, which must not download zod (issue 19's budget); ./status.ts
// re-exports them.
/** The platform's components, in page order. Ids are stable (they are Statuspage component ids). */
export const COMPONENTS = [
  { id: 'web-app', name: 'Web app', description: 'Signing in, client lists, the portal' },
  { id: 'video-calls', name: 'Video calls', description: 'Joining and staying in calls' },
  { id: 'scheduled-calls', name: 'Scheduled calls', description: 'Calls ringing at their start time' },
  { id: 'reminders', name: 'Reminders', description: 'Appointment reminders by mail and text' },
  { id: 'calendar', name: 'Calendar', description: 'Calendar and calendar feeds' },
  { id: 'messaging', name: 'Messaging', description: 'Secure messages and their notices' },
  { id: 'billing', name: 'Billing', description: 'Invoices and payments' },
] as const;
export type ComponentId = (typeof COMPONENTS)[number]['id'];

/** What portal clients use (staff use every component). */
export const CLIENT_COMPONENTS: readonly ComponentId[] = ['web-app', 'video-calls', 'scheduled-calls', 'reminders', 'messaging', 'billing'];
