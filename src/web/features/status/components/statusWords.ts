// The status page's components and states in the page's language (the server's English labels are
// COMPONENT_STATUS_LABELS in src/shared/status.ts; the same words here, through react-intl).
import { defineMessages, type MessageDescriptor } from 'react-intl';
import type { ComponentId, ComponentStatus, Indicator } from '../../../../shared/status.js';

export const COMPONENT_STATUS = defineMessages({
  operational: { id: 'status.component.operational', defaultMessage: 'Operational' },
  degraded_performance: { id: 'status.component.degraded', defaultMessage: 'Degraded performance' },
  partial_outage: { id: 'status.component.partial', defaultMessage: 'Partial outage' },
  major_outage: { id: 'status.component.major', defaultMessage: 'Major outage' },
  under_maintenance: { id: 'status.component.maintenance', defaultMessage: 'Under maintenance' },
}) satisfies Record<ComponentStatus, MessageDescriptor>;

export const INDICATOR = defineMessages({
  none: { id: 'status.indicator.none', defaultMessage: 'All systems operational' },
  minor: { id: 'status.indicator.minor', defaultMessage: 'Minor service outage' },
  major: { id: 'status.indicator.major', defaultMessage: 'Partial system outage' },
  critical: { id: 'status.indicator.critical', defaultMessage: 'Major service outage' },
  maintenance: { id: 'status.indicator.maintenance', defaultMessage: 'Service under maintenance' },
}) satisfies Record<Indicator, MessageDescriptor>;

/** The platform's components by id (the server's English names are COMPONENTS in src/shared/status.ts). */
export const COMPONENT_NAME = defineMessages({
  'web-app': { id: 'status.name.web-app', defaultMessage: 'Web app' },
  'video-calls': { id: 'status.name.video-calls', defaultMessage: 'Video calls' },
  'scheduled-calls': { id: 'status.name.scheduled-calls', defaultMessage: 'Scheduled calls' },
  reminders: { id: 'status.name.reminders', defaultMessage: 'Reminders' },
  calendar: { id: 'status.name.calendar', defaultMessage: 'Calendar' },
  messaging: { id: 'status.name.messaging', defaultMessage: 'Messaging' },
  billing: { id: 'status.name.billing', defaultMessage: 'Billing' },
}) satisfies Record<ComponentId, MessageDescriptor>;
