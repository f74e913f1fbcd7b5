// The notes module's tables (migration 2026-12-06T2200-notes); db/schema.ts assembles them. Only
// this module queries them.

export interface NoteTemplatesTable {
  id: string;
  practice_id: string;
  name: string;
  /** JSON: the note kinds it suits. */
  kinds: string;
  /** JSON: its FieldList (labels and options, no PHI). */
  fields: string;
  created_by: string;
  created_at: number;
}

export interface NotesTable {
  id: string;
  practice_id: string;
  appointment_id: string;
  client_id: string;
  kind: 'progress' | 'psychotherapy';
  template_id: string;
  template_name: string;
  /** JSON: the template's FieldList when the note was started. */
  template_fields: string;
  /** Encrypted JSON: the answers (field key -> answer). */
  fields_enc: string;
  author_id: string;
  status: 'draft' | 'signed' | 'awaiting_cosign' | 'cosigned';
  version: number;
  signed_at: number | null;
  signed_by: string | null;
  /** HMAC of what was signed (sign.ts); null for a draft. */
  content_hash: string | null;
  cosigner_id: string | null;
  cosigned_at: number | null;
  cosigned_by: string | null;
  cosign_hash: string | null;
  created_at: number;
  updated_at: number;
}

export interface NoteAddendaTable {
  id: string;
  practice_id: string;
  note_id: string;
  text_enc: string;
  signed_by: string;
  signed_at: number;
  content_hash: string;
}

export interface GroupNotesTable {
  appointment_id: string;
  practice_id: string;
  /** Encrypted JSON: the shared part's answers (GROUP_NOTE_FIELDS). */
  fields_enc: string;
  version: number;
  updated_by: string;
  updated_at: number;
  locked_at: number | null;
  content_hash: string | null;
}

export interface NotesTables {
  note_templates: NoteTemplatesTable;
  notes: NotesTable;
  note_addenda: NoteAddendaTable;
  group_notes: GroupNotesTable;
}
