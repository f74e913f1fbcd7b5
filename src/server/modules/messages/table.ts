// The messages module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

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

export interface MessagesTables {
  message_services: MessageServicesTable;
  message_service_members: MessageServiceMembersTable;
  client_messages: ClientMessagesTable;
  message_attachments: MessageAttachmentsTable;
  client_threads: ClientThreadsTable;
  practice_profiles: PracticeProfilesTable;
  contact_requests: ContactRequestsTable;
}
