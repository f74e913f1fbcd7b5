// The portal module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export interface ClientAccountsTable {
  id: string;
  email_enc: string;
  email_idx: string;
  password_hash: string;
  password_single_factor_ok: number;
  totp_secret_enc: string | null;
  totp_pending_secret_enc: string | null;
  totp_last_step: number | null;
  status: 'active' | 'unverified' | 'disabled';
  created_at: number;
  updated_at: number;
}

export interface ClientLinksTable {
  account_id: string;
  practice_id: string;
  client_id: string;
  created_at: number;
}

export interface PortalTokensTable {
  id: string;
  purpose: 'invitation' | 'verify' | 'reset';
  token_hash: string;
  practice_id: string | null;
  client_id: string | null;
  account_id: string | null;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface ClientRecoveryCodesTable {
  id: string;
  account_id: string;
  code_hash: string;
  used_at: number | null;
}

export interface ClientSessionsTable {
  id: string;
  token_hash: string;
  account_id: string;
  state: 'mfa_pending' | 'active';
  csrf_token: string;
  created_at: number;
  last_activity_at: number;
  absolute_expires_at: number;
  ip: string;
  user_agent: string;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export interface PortalTables {
  client_accounts: ClientAccountsTable;
  client_links: ClientLinksTable;
  portal_tokens: PortalTokensTable;
  client_recovery_codes: ClientRecoveryCodesTable;
  client_sessions: ClientSessionsTable;
}
