// The audit record of one send of a ledger (reminders, notifications): by the system,
// `notification_sent`, its outcome, and for a row that will not go the failure's PHI-free code.
import type { AuditDetails, AuditEvent } from '../audit/index.js';

export function sentAudit(practiceId: string, resource: AuditEvent['resource'], outcome: 'success' | 'failure', code: string | null, details: AuditDetails): AuditEvent {
  return { actor: { type: 'system', id: null }, practiceId, action: 'notification_sent', resource, outcome, details: { ...details, ...(code ? { failure: code } : {}) } };
}
