// The auth module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

/** How a staff user or a portal client signs in: the same columns in users and client_accounts. */
export interface SignInColumns {
  email_enc: string;
  email_idx: string;
  password_hash: string;
  password_single_factor_ok: number;
  totp_secret_enc: string | null;
  totp_pending_secret_enc: string | null;
  totp_last_step: number | null;
}

export interface UsersTable extends SignInColumns {
  id: string;
  practice_id: string;
  name_enc: string;
  status: 'active' | 'disabled';
  created_at: number;
  updated_at: number;
  password_changed_at: number;
  /** The role last chosen (PUT /api/me/active-role); the next sign-in opens in it. */
  last_active_role?: string | null;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: number | null;
}

export interface WebauthnCredentialsTable {
  id: string;
  user_id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string;
  name_enc: string;
  created_at: number;
  last_used_at: number | null;
}

/** A signed-in session's life, the same for staff (sessions) and portal clients (client_sessions). */
export interface SessionColumns {
  id: string; // public id (shown in session lists); never authenticates by itself
  token_hash: string; // sha256 of the cookie value
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

export interface SessionsTable extends SessionColumns {
  user_id: string;
  practice_id: string;
  active_role: string;
  challenge: string | null;
  challenge_expires_at: number | null;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface ThrottlesTable {
  key: string;
  failures: number;
  window_start: number;
}

export interface ClientAccountsTable extends SignInColumns {
  id: string;
  status: 'active' | 'unverified' | 'disabled';
  created_at: number;
  updated_at: number;
  /** The client's own choice of language for the portal and the account's mail (shared/locale.ts). */
  locale: 'en' | 'es';
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

export interface ClientSessionsTable extends SessionColumns {
  account_id: string;
}

export interface AuthTables {
  users: UsersTable;
  user_roles: UserRolesTable;
  recovery_codes: RecoveryCodesTable;
  webauthn_credentials: WebauthnCredentialsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  throttles: ThrottlesTable;
  client_accounts: ClientAccountsTable;
  portal_tokens: PortalTokensTable;
  client_recovery_codes: ClientRecoveryCodesTable;
  client_sessions: ClientSessionsTable;
}
