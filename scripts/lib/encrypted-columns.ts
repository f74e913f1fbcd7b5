// Every envelope-encrypted column (crypto/envelope.ts) and how to find the practice that owns a
// row. Key rotation re-encrypts exactly this list, so a module that adds an _enc column adds it
// here too (scripts/rotate-keys.test.ts fails when a database column ending in _enc is missing).

/** How to reach a row's practice id: a column of the row itself, or a column of a parent row. */
export type PracticeIdExpr =
  | { kind: 'column'; column: string }
  | { kind: 'parent'; table: string; foreignKey: string; column: string }
  /** Encrypted under the platform's key (portal accounts belong to no one practice). */
  | { kind: 'platform' };

export interface EncryptedColumn {
  table: string;
  column: string;
  /** Null-able columns are skipped when NULL. */
  practiceId: PracticeIdExpr;
  /** The row's key, which the field's encryption is bound to (FieldRef.rowId): `id` unless named. */
  idColumn?: string;
}

const own = { kind: 'column', column: 'practice_id' } as const;
const viaUser = { kind: 'parent', table: 'users', foreignKey: 'user_id', column: 'practice_id' } as const;
const platform = { kind: 'platform' } as const;

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'users', column: 'name_enc', practiceId: own },
  { table: 'users', column: 'email_enc', practiceId: own },
  { table: 'users', column: 'totp_secret_enc', practiceId: own },
  { table: 'users', column: 'totp_pending_secret_enc', practiceId: own },
  { table: 'baa_acceptances', column: 'signer_name_enc', practiceId: own },
  { table: 'baa_acceptances', column: 'signer_title_enc', practiceId: own },
  { table: 'invitations', column: 'email_enc', practiceId: own },
  { table: 'invitations', column: 'name_enc', practiceId: own },
  { table: 'webauthn_credentials', column: 'name_enc', practiceId: viaUser },
  { table: 'clients', column: 'first_name_enc', practiceId: own },
  { table: 'clients', column: 'last_name_enc', practiceId: own },
  { table: 'clients', column: 'preferred_name_enc', practiceId: own },
  { table: 'clients', column: 'pronouns_enc', practiceId: own },
  { table: 'clients', column: 'dob_enc', practiceId: own },
  { table: 'clients', column: 'email_enc', practiceId: own },
  { table: 'clients', column: 'phone_enc', practiceId: own },
  { table: 'clients', column: 'address_enc', practiceId: own },
  { table: 'clients', column: 'emergency_contact_enc', practiceId: own },
  { table: 'clients', column: 'staff_notes_enc', practiceId: own },
  { table: 'documents', column: 'name_enc', practiceId: own },
  { table: 'documents', column: 'file_key_enc', practiceId: own },
  { table: 'client_messages', column: 'body_enc', practiceId: own },
  { table: 'contact_requests', column: 'name_enc', practiceId: own },
  { table: 'contact_requests', column: 'email_enc', practiceId: own },
  { table: 'contact_requests', column: 'phone_enc', practiceId: own },
  { table: 'contact_requests', column: 'body_enc', practiceId: own },
  { table: 'appointments', column: 'note_enc', practiceId: own },
  { table: 'appointments', column: 'cancel_reason_enc', practiceId: own },
  { table: 'blocked_times', column: 'label_enc', practiceId: own },
  { table: 'appointment_requests', column: 'decline_reason_enc', practiceId: own },
  { table: 'calls', column: 'safety_enc', practiceId: own },
  // Billing: one settings row and one profile row per practice / provider / client, keyed by that id.
  { table: 'billing_settings', column: 'identity_enc', practiceId: own, idColumn: 'practice_id' },
  { table: 'billing_settings', column: 'stripe_key_enc', practiceId: own, idColumn: 'practice_id' },
  { table: 'billing_settings', column: 'stripe_webhook_secret_enc', practiceId: own, idColumn: 'practice_id' },
  { table: 'billing_provider_profiles', column: 'profile_enc', practiceId: own, idColumn: 'user_id' },
  { table: 'billing_client_profiles', column: 'diagnoses_enc', practiceId: own, idColumn: 'client_id' },
  { table: 'invoices', column: 'memo_enc', practiceId: own },
  { table: 'invoices', column: 'void_reason_enc', practiceId: own },
  { table: 'invoice_lines', column: 'description_enc', practiceId: own },
  { table: 'payments', column: 'reference_enc', practiceId: own },
  { table: 'refunds', column: 'reason_enc', practiceId: own },
  { table: 'client_accounts', column: 'email_enc', practiceId: platform },
  { table: 'client_accounts', column: 'totp_secret_enc', practiceId: platform },
  { table: 'client_accounts', column: 'totp_pending_secret_enc', practiceId: platform },
  // Status page mail subscribers belong to no practice.
  { table: 'status_subscribers', column: 'email_enc', practiceId: platform },
  { table: 'status_subscribers', column: 'unsubscribe_enc', practiceId: platform },
  // A sign-up waiting for its mailed link: the practice does not exist yet.
  { table: 'signup_requests', column: 'details_enc', practiceId: platform },
  // Clinical notes (issue 18): answers, addenda and a group visit's shared part.
  { table: 'notes', column: 'fields_enc', practiceId: own },
  { table: 'note_addenda', column: 'text_enc', practiceId: own },
  { table: 'group_notes', column: 'fields_enc', practiceId: own, idColumn: 'appointment_id' },
];
