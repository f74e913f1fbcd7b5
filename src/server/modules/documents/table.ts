// The documents module's tables; db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

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

export interface DocumentsTables {
  documents: DocumentsTable;
}
