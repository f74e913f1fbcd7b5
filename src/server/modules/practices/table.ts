import type { Generated } from 'kysely';

// The practices module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export interface PracticesTable {
  id: string;
  name: string;
  require_mfa: number;
  idle_timeout_minutes: number;
  demo: number;
  providers_see_all_clients: Generated<number>;
  /** Mail a client (PHI-free: "a new message in the portal") when staff reply to them. */
  reply_mail_to_clients: Generated<number>;
  clients_version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface BaaAcceptancesTable {
  id: string;
  practice_id: string;
  version: string;
  signer_name_enc: string;
  signer_title_enc: string;
  accepted_by_user_id: string | null;
  accepted_at: number;
  ip: string;
}

export interface InvitationsTable {
  id: string;
  practice_id: string;
  email_enc: string;
  email_idx: string;
  name_enc: string;
  roles: string;
  token_hash: string;
  invited_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  revoked_at: number | null;
}

export interface SignupRequestsTable {
  id: string;
  token_hash: string;
  email_idx: string;
  details_enc: string;
  password_hash: string;
  password_single_factor_ok: number;
  ip: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface PracticesTables {
  practices: PracticesTable;
  baa_acceptances: BaaAcceptancesTable;
  invitations: InvitationsTable;
  signup_requests: SignupRequestsTable;
}
