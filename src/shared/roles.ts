// Roles and what each may do. Shared by the server (enforcement) and the SPA (what to show).
// The server is the authority; the SPA only hides what would be refused anyway.

export const STAFF_ROLES = ['owner', 'provider', 'front_desk', 'billing', 'compliance'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<StaffRole, string> = {
  owner: 'Owner / admin',
  provider: 'Provider',
  front_desk: 'Front desk',
  billing: 'Billing',
  compliance: 'Compliance officer',
};

export const PERMISSIONS = [
  'practice.settings.read',
  'practice.settings.write',
  'practice.users.read',
  'practice.users.write',
  'practice.sessions.revoke',
  'audit.read',
  'clients.read',
  'clients.write',
  'clients.notes.read',
  // Billing settings, payers, billing profiles, refunds and credit notes (billing staff, compliance reads).
  'billing.read',
  'billing.write',
  // Invoices: read them; create, issue and void them (a provider: for their own clients only).
  'invoices.read',
  'invoices.write',
  // Record money received by hand (cash, check, an external card terminal).
  'payments.record',
  'calls.start',
  'appointments.read',
  'appointments.write',
  // Message bodies and documents may be clinical: billing reads client records for invoices, not these.
  'messages.read',
  'documents.read',
  // Clinical records (issue 18): note text, form answers, measure scores, treatment plans. Front
  // desk, billing and compliance never read them (they see that a form is complete, or who read what).
  'records.read',
  // Write notes and treatment plans, schedule measures.
  'records.write',
  // Build the practice's note and form templates and consent documents.
  'records.templates.write',
  // Send forms and measures to a client and see whether they are complete (not the answers).
  'forms.send',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;

export const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  owner: ALL,
  provider: ['clients.read', 'clients.write', 'clients.notes.read', 'calls.start', 'appointments.read', 'appointments.write', 'messages.read', 'documents.read', 'invoices.read', 'invoices.write', 'records.read', 'records.write', 'records.templates.write', 'forms.send'],
  front_desk: ['clients.read', 'clients.write', 'appointments.read', 'appointments.write', 'messages.read', 'documents.read', 'invoices.read', 'payments.record', 'forms.send'],
  billing: ['clients.read', 'billing.read', 'billing.write', 'appointments.read', 'invoices.read', 'invoices.write', 'payments.record'],
  compliance: ['practice.settings.read', 'practice.users.read', 'audit.read', 'clients.read', 'appointments.read', 'messages.read', 'documents.read', 'billing.read', 'invoices.read'],
};

export function roleCan(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
