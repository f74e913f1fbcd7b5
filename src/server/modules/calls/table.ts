// The calls module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

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
  /** 1: the client said at the start of the session they are at home (POS 10); 0: elsewhere (02); null: not recorded. */
  client_at_home: number | null;
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

/** A client's hashed token for one call: a join link, or the guest session it opens. */
interface CallTokenColumns {
  id: string;
  token_hash: string;
  call_id: string;
  practice_id: string;
  client_id: string;
  created_at: number;
  expires_at: number;
}

export interface CallJoinTokensTable extends CallTokenColumns {
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

export interface CallGuestSessionsTable extends CallTokenColumns {
  revoked_at: number | null;
}

export interface CallsTables {
  call_settings: CallSettingsTable;
  calls: CallsTable;
  call_clients: CallClientsTable;
  call_participants: CallParticipantsTable;
  call_events: CallEventsTable;
  call_rings: CallRingsTable;
  call_join_tokens: CallJoinTokensTable;
  appointment_join_tokens: AppointmentJoinTokensTable;
  call_guest_sessions: CallGuestSessionsTable;
}
