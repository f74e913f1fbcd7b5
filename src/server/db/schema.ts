import type { Generated } from 'kysely';
// Table types for Kysely. Times are epoch milliseconds (integer on SQLite, bigint on PostgreSQL,
// parsed to number); booleans are 0/1 integers on both, so one query serves both databases.
// Columns ending in _enc hold envelope-encrypted values (crypto/envelope.ts), _idx blind indexes.

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

export interface DataKeysTable {
  id: string;
  practice_id: string | null;
  purpose: 'enc' | 'index' | 'audit';
  wrapped_key: string;
  master_key_id: string;
  status: 'active' | 'retired';
  created_at: number;
}

export interface UsersTable {
  id: string;
  practice_id: string;
  name_enc: string;
  email_enc: string;
  email_idx: string;
  password_hash: string;
  password_single_factor_ok: number;
  totp_secret_enc: string | null;
  totp_pending_secret_enc: string | null;
  totp_last_step: number | null;
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

export interface SessionsTable {
  id: string; // public id (shown in session lists); never authenticates by itself
  token_hash: string; // sha256 of the cookie value
  user_id: string;
  practice_id: string;
  active_role: string;
  state: 'mfa_pending' | 'active';
  csrf_token: string;
  challenge: string | null;
  challenge_expires_at: number | null;
  created_at: number;
  last_activity_at: number;
  absolute_expires_at: number;
  ip: string;
  user_agent: string;
  revoked_at: number | null;
  revoked_reason: string | null;
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

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
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

export interface ThrottlesTable {
  key: string;
  failures: number;
  window_start: number;
}

export interface AuditLogTable {
  seq: number;
  id: string;
  at: number;
  actor_type: string;
  actor_id: string | null;
  practice_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
  /** First row hashed with the audit key (HMAC); rows before it keep plain SHA-256. Null until the key is first used. */
  keyed_from: number | null;
  /** HMAC of `keyed_from` under the audit key, so the cut-over cannot be moved by a database writer. */
  keyed_from_mac: string | null;
}

export interface ClientsTable {
  id: string;
  practice_id: string;
  first_name_enc: string;
  last_name_enc: string;
  preferred_name_enc: string | null;
  pronouns_enc: string | null;
  dob_enc: string;
  email_enc: string | null;
  phone_enc: string | null;
  address_enc: string | null;
  address_state: string | null;
  emergency_contact_enc: string | null;
  staff_notes_enc: string | null;
  status: 'active' | 'inactive' | 'discharged';
  consent_email: number;
  consent_sms: number;
  consent_details: number;
  consent_version: string | null;
  consent_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  /** The client's IANA zone, when known (scheduling shows both local times). */
  time_zone: string | null;
}

export interface ClientProvidersTable {
  client_id: string;
  user_id: string;
}

export interface ClientSearchTermsTable {
  practice_id: string;
  client_id: string;
  term: string;
}

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

export interface DocumentsTable {
  id: string;
  practice_id: string;
  client_id: string;
  name_enc: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  blob_key: string;
  file_key_enc: string;
  uploaded_by_type: 'staff' | 'client';
  uploaded_by_id: string;
  created_at: number;
  /** 1: listed in the client's portal. Staff uploads choose (off by default); the client's own uploads are always theirs to see. */
  shared_with_client: number;
}

export interface MessageServicesTable {
  id: string;
  practice_id: string;
  name: string;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface MessageServiceMembersTable {
  service_id: string;
  user_id: string;
}

export interface ClientMessagesTable {
  id: string;
  practice_id: string;
  client_id: string;
  service_id: string | null;
  author_type: 'client' | 'staff';
  author_id: string;
  body_enc: string;
  created_at: number;
}

export interface MessageAttachmentsTable {
  message_id: string;
  document_id: string;
  practice_id: string;
  position: number;
}

export interface ClientThreadsTable {
  client_id: string;
  practice_id: string;
  unread: number;
  last_message_at: number | null;
  closed_at: number | null;
  closed_by: string | null;
}

export interface PracticeProfilesTable {
  practice_id: string;
  slug: string;
  display_name: string;
  sender_name: string;
  contact_enabled: number;
  contact_service_id: string | null;
  updated_at: number;
}

export interface ContactRequestsTable {
  id: string;
  practice_id: string;
  name_enc: string;
  email_enc: string;
  phone_enc: string | null;
  body_enc: string;
  created_at: number;
  handled_at: number | null;
  handled_by: string | null;
}

export interface SchedulingSettingsTable {
  practice_id: string;
  cancellation_window_minutes: number;
  max_series_occurrences: number;
  client_min_notice_minutes: number;
  updated_at: number;
}

export interface AppointmentServicesTable {
  id: string;
  practice_id: string;
  name: string;
  cpt_code: string | null;
  default_minutes: number;
  rate_cents: number;
  allow_overlap: number;
  requires_approval: number;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface AppointmentSeriesTable {
  id: string;
  practice_id: string;
  rrule: string;
  local_start: string;
  time_zone: string;
  created_by: string | null;
  created_at: number;
}

export interface AppointmentsTable {
  id: string;
  practice_id: string;
  series_id: string | null;
  series_index: number | null;
  provider_id: string;
  start_at: number;
  end_at: number;
  time_zone: string;
  type: string;
  format: string;
  service_id: string | null;
  allow_overlap: number;
  place_of_service: string;
  status: string;
  cancelled_by: string | null;
  cancelled_by_id: string | null;
  cancelled_at: number | null;
  late_cancel: number;
  cancel_reason_enc: string | null;
  booked_in_past: number;
  note_enc: string | null;
  version: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface AppointmentClientsTable {
  appointment_id: string;
  client_id: string;
  practice_id: string;
}

export interface DomainEventsTable {
  id: string;
  practice_id: string | null;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: string;
  created_at: number;
}

export interface EventConsumptionsTable {
  consumer: string;
  event_id: string;
  claimed_at: number;
  done_at: number | null;
}

export interface ProviderAvailabilityTable {
  provider_id: string;
  practice_id: string;
  time_zone: string;
  buffer_minutes: number;
  /** JSON: [{weekday, start, end}] */
  hours: string;
  updated_by: string | null;
  updated_at: number;
}

export interface BlockedTimesTable {
  id: string;
  practice_id: string;
  provider_id: string;
  start_at: number;
  end_at: number;
  label_enc: string | null;
  created_by: string | null;
  created_at: number;
}

export interface AppointmentRequestsTable {
  id: string;
  practice_id: string;
  client_id: string;
  provider_id: string;
  service_id: string;
  start_at: number;
  end_at: number;
  time_zone: string;
  type: string;
  status: string;
  appointment_id: string | null;
  decline_reason_enc: string | null;
  requested_by: string;
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
}

export interface WaitlistEntriesTable {
  id: string;
  practice_id: string;
  client_id: string;
  provider_id: string;
  service_id: string | null;
  status: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface WaitlistOffersTable {
  id: string;
  practice_id: string;
  provider_id: string;
  service_id: string | null;
  source_appointment_id: string;
  start_at: number;
  end_at: number;
  time_zone: string;
  type: string;
  status: string;
  expires_at: number;
  appointment_id: string | null;
  taken_by_client_id: string | null;
  created_at: number;
  decided_at: number | null;
  /** The domain event that freed the slot (unique); null for offers made before the outbox consumer. */
  source_event_id: string | null;
}

export interface WaitlistOfferRecipientsTable {
  offer_id: string;
  client_id: string;
  entry_id: string;
  practice_id: string;
  mailed_at: number | null;
}

export interface CalendarFeedsTable {
  id: string;
  practice_id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AppointmentNotificationsTable {
  id: string;
  practice_id: string;
  subject_id: string;
  client_id: string;
  kind: string;
  event_id: string;
  created_at: number;
  sent_at: number | null;
}

export interface SmsOptOutsTable {
  practice_id: string;
  /** Blind index of the E.164 phone under the platform index key. */
  phone_hash: string;
  opted_out_at: number;
}

export interface SmsThreadsTable {
  phone_hash: string;
  practice_id: string;
  last_sent_at: number;
}

export interface PracticeSmsNumbersTable {
  practice_id: string;
  /** E.164. */
  phone: string;
  assigned_at: number;
}

export interface SmsInboundSeenTable {
  message_sid: string;
  received_at: number;
}

export interface SmsStatusEarlyTable {
  provider_id: string;
  status: string;
  error_code: string | null;
  received_at: number;
}

export interface ReminderRulesTable {
  id: string;
  practice_id: string;
  channel: 'email' | 'sms';
  minutes_before: number;
  active: number;
  created_at: number;
}

export interface ReminderSettingsTable {
  practice_id: string;
  /** Minutes of the day in the client's zone; both null when there are no quiet hours. */
  quiet_start: number | null;
  quiet_end: number | null;
  updated_at: number;
}

export interface RemindersTable {
  id: string;
  practice_id: string;
  appointment_id: string;
  client_id: string;
  kind: 'reminder' | 'cancellation';
  /** The rule's id, or 'cancellation'. */
  rule_key: string;
  minutes_before: number | null;
  channel: 'email' | 'sms';
  occurrence_start: number;
  due_at: number;
  status: 'scheduled' | 'sending' | 'sent' | 'delivered' | 'failed' | 'cancelled' | 'uncertain' | 'skipped';
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_at: number | null;
  claimed_by: string | null;
  provider_id: string | null;
  failure: string | null;
  sent_at: number | null;
  delivered_at: number | null;
  /** Marked handled on the needs-attention list (uncertain or failed), and by whom. */
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  created_at: number;
  updated_at: number;
}

export type NotificationStatus = 'scheduled' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped' | 'cancelled' | 'uncertain';

/** The notification ledger: one row per message (other than a reminder) that should go out. */
export interface NotificationsTable {
  id: string;
  practice_id: string;
  kind: string;
  channel: 'email' | 'sms';
  recipient_type: 'client' | 'user';
  recipient_id: string;
  /** Exactly-once key (UNIQUE): the same event and recipient enqueue one row. */
  dedupe_key: string;
  /** JSON of ids and PHI-free facts only. */
  payload: string;
  status: NotificationStatus;
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_at: number | null;
  claimed_by: string | null;
  failure: string | null;
  provider_id: string | null;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ReminderActionTokensTable {
  id: string;
  token_hash: string;
  practice_id: string;
  appointment_id: string;
  client_id: string;
  reminder_id: string | null;
  occurrence_start: number;
  expires_at: number;
  used_at: number | null;
  used_for: 'confirm' | 'cancel' | null;
  created_at: number;
}

export interface CallSettingsTable {
  practice_id: string;
  ring_lead_minutes: number;
  escalate_after_seconds: number;
  force_relay: number;
  updated_by: string | null;
  updated_at: number;
}

export interface CallsTable {
  id: string;
  practice_id: string;
  kind: 'scheduled' | 'call_now';
  mode: 'video' | 'audio';
  billed_mode: 'video' | 'audio';
  status: 'ringing' | 'active' | 'ended';
  appointment_id: string | null;
  occurrence_start: number | null;
  provider_id: string;
  created_by: string | null;
  ring_at: number | null;
  started_at: number | null;
  ended_at: number | null;
  safety_enc: string | null;
  safety_at: number | null;
  safety_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface CallClientsTable {
  call_id: string;
  client_id: string;
  practice_id: string;
}

export interface CallParticipantsTable {
  call_id: string;
  participant_type: 'staff' | 'client';
  participant_id: string;
  peer_id: string | null;
  admitted_at: number | null;
  first_joined_at: number | null;
  last_joined_at: number | null;
  left_at: number | null;
}

export interface CallEventsTable {
  id: string;
  call_id: string;
  practice_id: string;
  type: string;
  actor: string;
  detail: string | null;
  at: number;
}

export interface CallRingsTable {
  id: string;
  practice_id: string;
  appointment_id: string;
  occurrence_start: number;
  due_at: number;
  status: 'scheduled' | 'claimed' | 'rung' | 'missed' | 'cancelled';
  claimed_by: string | null;
  claimed_at: number | null;
  call_id: string | null;
  rung_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface CallJoinTokensTable {
  id: string;
  token_hash: string;
  call_id: string;
  practice_id: string;
  client_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A join link of one occurrence of a video or audio visit, from a reminder or an invitation (hash only). */
export interface AppointmentJoinTokensTable {
  id: string;
  token_hash: string;
  practice_id: string;
  appointment_id: string;
  occurrence_start: number;
  client_id: string;
  opens_at: number;
  expires_at: number;
  created_at: number;
  used_at: number | null;
}

export interface CallGuestSessionsTable {
  id: string;
  token_hash: string;
  call_id: string;
  practice_id: string;
  client_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface StatusOperatorsTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface StatusIncidentsTable {
  id: string;
  kind: 'incident' | 'maintenance';
  name: string;
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved' | 'scheduled' | 'in_progress' | 'verifying' | 'completed';
  impact: 'none' | 'minor' | 'major' | 'critical' | 'maintenance';
  internal: number;
  probe: string | null;
  open_probe: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  monitoring_at: number | null;
  resolved_at: number | null;
  scheduled_for: number | null;
  scheduled_until: number | null;
}

export interface StatusIncidentComponentsTable {
  incident_id: string;
  component_id: string;
  status: 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';
}

export interface StatusIncidentUpdatesTable {
  id: string;
  incident_id: string;
  status: string;
  body: string;
  affected: string;
  notify: number;
  created_by: string | null;
  created_at: number;
}

export interface StatusSubscribersTable {
  id: string;
  email_enc: string;
  email_idx: string;
  confirm_hash: string | null;
  confirm_sent_at: number | null;
  confirmed_at: number | null;
  unsubscribe_enc: string;
  unsubscribe_hash: string;
  created_at: number;
}

export interface StatusDeliveriesTable {
  id: string;
  subscriber_id: string;
  update_id: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_at: number | null;
  sent_at: number | null;
  failure: string | null;
}

/** One row per web process start: its heartbeat while it runs, and its clean stop (status uptime). */
export interface StatusProcessRunsTable {
  /** The process's instance id. */
  id: string;
  started_at: number;
  heartbeat_at: number;
  stopped_at: number | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** One scheduled backup per interval slot (the primary key is the claim); how it went. */
export interface BackupRunsTable {
  /** floor(epoch ms / interval ms) */
  slot: number;
  instance: string;
  started_at: number;
  finished_at: number | null;
  file: string | null;
  bytes: number | null;
  /** 1 ok, 0 failed, null running. */
  ok: number | null;
  error: string | null;
}

export interface Database {
  backup_runs: BackupRunsTable;
  call_settings: CallSettingsTable;
  calls: CallsTable;
  call_clients: CallClientsTable;
  call_participants: CallParticipantsTable;
  call_events: CallEventsTable;
  call_rings: CallRingsTable;
  call_join_tokens: CallJoinTokensTable;
  appointment_join_tokens: AppointmentJoinTokensTable;
  call_guest_sessions: CallGuestSessionsTable;
  status_operators: StatusOperatorsTable;
  status_incidents: StatusIncidentsTable;
  status_incident_components: StatusIncidentComponentsTable;
  status_incident_updates: StatusIncidentUpdatesTable;
  status_subscribers: StatusSubscribersTable;
  status_deliveries: StatusDeliveriesTable;
  status_process_runs: StatusProcessRunsTable;
  practices: PracticesTable;
  baa_acceptances: BaaAcceptancesTable;
  data_keys: DataKeysTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  recovery_codes: RecoveryCodesTable;
  webauthn_credentials: WebauthnCredentialsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  throttles: ThrottlesTable;
  signup_requests: SignupRequestsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  meta: MetaTable;
  message_services: MessageServicesTable;
  message_service_members: MessageServiceMembersTable;
  client_messages: ClientMessagesTable;
  client_threads: ClientThreadsTable;
  message_attachments: MessageAttachmentsTable;
  practice_profiles: PracticeProfilesTable;
  contact_requests: ContactRequestsTable;
  clients: ClientsTable;
  client_providers: ClientProvidersTable;
  client_search_terms: ClientSearchTermsTable;
  documents: DocumentsTable;
  client_accounts: ClientAccountsTable;
  client_links: ClientLinksTable;
  portal_tokens: PortalTokensTable;
  client_sessions: ClientSessionsTable;
  client_recovery_codes: ClientRecoveryCodesTable;
  scheduling_settings: SchedulingSettingsTable;
  appointment_services: AppointmentServicesTable;
  appointment_series: AppointmentSeriesTable;
  appointments: AppointmentsTable;
  appointment_clients: AppointmentClientsTable;
  domain_events: DomainEventsTable;
  event_consumptions: EventConsumptionsTable;
  provider_availability: ProviderAvailabilityTable;
  blocked_times: BlockedTimesTable;
  appointment_requests: AppointmentRequestsTable;
  waitlist_entries: WaitlistEntriesTable;
  waitlist_offers: WaitlistOffersTable;
  waitlist_offer_recipients: WaitlistOfferRecipientsTable;
  calendar_feeds: CalendarFeedsTable;
  appointment_notifications: AppointmentNotificationsTable;
  sms_opt_outs: SmsOptOutsTable;
  sms_threads: SmsThreadsTable;
  sms_inbound_seen: SmsInboundSeenTable;
  practice_sms_numbers: PracticeSmsNumbersTable;
  sms_status_early: SmsStatusEarlyTable;
  reminder_rules: ReminderRulesTable;
  reminder_settings: ReminderSettingsTable;
  reminders: RemindersTable;
  reminder_action_tokens: ReminderActionTokensTable;
  notifications: NotificationsTable;
}

