// The clients module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

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
  /** The language of the client's mail, texts and portal, as the practice recorded it (shared/locale.ts). */
  locale: 'en' | 'es';
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

export interface ClientsTables {
  clients: ClientsTable;
  client_providers: ClientProvidersTable;
  client_search_terms: ClientSearchTermsTable;
}
