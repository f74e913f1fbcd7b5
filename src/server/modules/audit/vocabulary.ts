// The fixed audit vocabulary. A new kind of event is added here, documented in docs/audit.md,
// and never invented ad hoc at a call site.
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'login_throttled',
  'mfa_challenge_passed',
  'mfa_challenge_failed',
  'logout',
  'session_revoked',
  'session_expired',
  'read',
  'search',
  'create',
  'update',
  'delete',
  'export',
  'call_started',
  'call_joined',
  'call_left',
  'call_ended',
  'role_change',
  'permission_change',
  'setting_change',
  'password_changed',
  'password_reset_requested',
  'password_reset_completed',
  'mfa_enrolled',
  'mfa_removed',
  'recovery_codes_generated',
  'invitation_sent',
  'notification_sent',
  'invitation_accepted',
  'invitation_revoked',
  'baa_accepted',
  'access_denied',
  'integrity_failure',
  'backup_created',
  'backup_restored',
  'note_signed',
  'note_cosigned',
  'psychotherapy_note_read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditOutcome = 'success' | 'failure' | 'denied';

export type ActorType = 'user' | 'client' | 'platform' | 'system' | 'anonymous';

/** Details are codes and identifiers only: never PHI values, never tokens. */
export type AuditDetails = Record<string, string | number | boolean | string[] | null>;

export interface AuditEvent {
  actor: { type: ActorType; id: string | null };
  practiceId: string | null;
  action: AuditAction;
  resource: { type: string; id: string | null };
  outcome: AuditOutcome;
  ip?: string | null;
  userAgent?: string | null;
  details?: AuditDetails;
}

/** Who acted, for a record of a signed-in staff member's request: the user, their practice, and where from. */
export function byStaff(s: { user: { id: string; practiceId: string } }, meta: { ip: string; userAgent: string }): Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'> {
  return { actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, ip: meta.ip, userAgent: meta.userAgent };
}
