// Every migration, by dated name. Kysely applies them in name order and records each once.
import type { Migration } from 'kysely';
import type { Dialect } from '../index.js';
import * as foundation from './2026-11-28T0900-foundation.js';
import * as clients from './2026-11-28T1200-clients.js';
import * as documents from './2026-11-28T1300-documents.js';
import * as portal from './2026-11-28T1320-portal.js';
import * as messages from './2026-11-28T1310-messages.js';
import * as scheduling from './2026-11-28T1400-scheduling.js';
import * as messageAttachments from './2026-11-28T1410-message-attachments.js';
import * as portalSecurity from './2026-11-28T1420-portal-security.js';
import * as availability from './2026-11-28T1440-availability.js';
import * as calendarFeeds from './2026-11-28T1430-calendar-feeds.js';
import * as waitlistOfferEvents from './2026-11-28T1460-waitlist-offer-events.js';
import * as sms from './2026-11-28T1510-sms.js';
import * as smsWebhooks from './2026-11-28T1515-sms-webhooks.js';
import * as reminderAttention from './2026-11-28T1516-reminder-attention.js';
import * as practiceSmsNumbers from './2026-11-28T1517-practice-sms-numbers.js';
import * as reminders from './2026-11-28T1500-reminders.js';
import * as notifications from './2026-11-28T1520-notifications.js';
import * as calls from './2026-11-28T1600-calls.js';
import * as status from './2026-11-28T1650-status.js';
import * as backups from './2026-11-28T1700-backups.js';
import * as statusProcessRuns from './2026-12-06T0350-status-process-runs.js';
import * as documentSharing from './2026-12-06T0340-document-sharing.js';
import * as lastActiveRole from './2026-12-06T0300-last-active-role.js';
import * as appointmentJoinLinks from './2026-12-06T0330-appointment-join-links.js';
import * as todayInbox from './2026-12-06T0320-today-inbox.js';
import * as auditKeyedChain from './2026-12-06T0410-audit-keyed-chain.js';
import * as signupRequests from './2026-12-06T0400-signup-requests.js';
import * as appointmentRevisions from './2026-12-06T1230-appointment-revisions.js';
import * as billing from './2026-12-06T1900-billing.js';
import * as callClientAtHome from './2026-12-06T1910-call-client-at-home.js';
import * as records from './2026-12-06T2150-records.js';
import * as notes from './2026-12-06T2200-notes.js';
import * as forms from './2026-12-06T2210-forms.js';
import * as measures from './2026-12-06T2220-measures.js';
import * as treatmentPlans from './2026-12-06T2230-treatment-plans.js';
import * as invoiceAgingIndex from './2026-12-06T1920-invoice-aging-index.js';
import * as locale from './2026-12-07T0100-locale.js';

export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '2026-11-28T0900-foundation': { up: foundation.up(dialect) },
    '2026-11-28T1200-clients': { up: clients.up(dialect) },
    '2026-11-28T1300-documents': { up: documents.up(dialect) },
    '2026-11-28T1320-portal': { up: portal.up(dialect) },
    '2026-11-28T1310-messages': { up: messages.up(dialect) },
    '2026-11-28T1400-scheduling': { up: scheduling.up(dialect) },
    '2026-11-28T1410-message-attachments': { up: messageAttachments.up(dialect) },
    '2026-11-28T1420-portal-security': { up: portalSecurity.up(dialect) },
    '2026-11-28T1440-availability': { up: availability.up(dialect) },
    '2026-11-28T1430-calendar-feeds': { up: calendarFeeds.up(dialect) },
    '2026-11-28T1460-waitlist-offer-events': { up: waitlistOfferEvents.up(dialect) },
    '2026-11-28T1510-sms': { up: sms.up(dialect) },
    '2026-11-28T1515-sms-webhooks': { up: smsWebhooks.up(dialect) },
    '2026-11-28T1500-reminders': { up: reminders.up(dialect) },
    '2026-11-28T1516-reminder-attention': { up: reminderAttention.up(dialect) },
    '2026-11-28T1517-practice-sms-numbers': { up: practiceSmsNumbers.up(dialect) },
    '2026-11-28T1520-notifications': { up: notifications.up(dialect) },
    '2026-11-28T1600-calls': { up: calls.up(dialect) },
    '2026-11-28T1650-status': { up: status.up(dialect) },
    '2026-11-28T1700-backups': { up: backups.up(dialect) },
    '2026-12-06T0350-status-process-runs': { up: statusProcessRuns.up(dialect) },
    '2026-12-06T0340-document-sharing': { up: documentSharing.up(dialect) },
    '2026-12-06T0300-last-active-role': { up: lastActiveRole.up(dialect) },
    '2026-12-06T0330-appointment-join-links': { up: appointmentJoinLinks.up(dialect) },
    '2026-12-06T0320-today-inbox': { up: todayInbox.up(dialect) },
    '2026-12-06T0410-audit-keyed-chain': { up: auditKeyedChain.up(dialect) },
    '2026-12-06T0400-signup-requests': { up: signupRequests.up(dialect) },
    '2026-12-06T1230-appointment-revisions': { up: appointmentRevisions.up(dialect) },
    '2026-12-06T1900-billing': { up: billing.up(dialect) },
    '2026-12-06T1910-call-client-at-home': { up: callClientAtHome.up(dialect) },
    '2026-12-06T1920-invoice-aging-index': { up: invoiceAgingIndex.up(dialect) },
    '2026-12-06T2150-records': { up: records.up(dialect) },
    '2026-12-06T2200-notes': { up: notes.up(dialect) },
    '2026-12-06T2210-forms': { up: forms.up(dialect) },
    '2026-12-06T2220-measures': { up: measures.up(dialect) },
    '2026-12-06T2230-treatment-plans': { up: treatmentPlans.up(dialect) },
    '2026-12-07T0100-locale': { up: locale.up(dialect) },
  };
}
