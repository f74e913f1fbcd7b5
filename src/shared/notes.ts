// Clinical notes (issue 18), shared by the server (validation, OpenAPI) and the SPA.
//  - A progress note belongs to the client's record; a psychotherapy note is kept apart from it:
//    only its author reads it, and it never leaves in an export, a superbill or FHIR output.
//  - A note is written from a template (built-in SOAP, DAP, BIRP, or the practice's own, built
//    from typed fields: fields.ts); its content is `fields` (field key -> answer).
//  - Drafts save as the provider types (PATCH with the version last seen; a stale version answers
//    409); signing locks the note for good; an addendum is appended, signed and dated; a
//    pre-licensed clinician's signed note waits for the supervisor's co-signature.
//  - Group visits: each client has their own note (the per-client part) and the appointment has
//    one shared part (`shared`), written once and shown in every client's note.
import { z } from 'zod';
import { Answers, FieldList } from './fields.js';
import { id, pageLimit, text } from './strings.js';

export const NOTE_KINDS = ['progress', 'psychotherapy'] as const;
export const NoteKind = z.enum(NOTE_KINDS, { message: 'must be progress or psychotherapy' });
export type NoteKind = z.infer<typeof NoteKind>;

/** draft → signed (locked); signed → cosigned when the author's supervisor co-signs. */
export const NOTE_STATUSES = ['draft', 'signed', 'awaiting_cosign', 'cosigned'] as const;
export const NoteStatus = z.enum(NOTE_STATUSES);
export type NoteStatus = z.infer<typeof NoteStatus>;

/** The built-in templates' ids; a practice's own templates have generated ids. */
export const BUILT_IN_NOTE_TEMPLATES = ['soap', 'dap', 'birp'] as const;

// ---- templates ----

export const NoteTemplate = z.object({
  id: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
  /** Built-in templates suit both kinds; a practice's own may be limited to one. */
  kinds: z.array(NoteKind),
  fields: FieldList,
  /** A template used by a note is never changed: a new version is a new template. */
  createdAt: z.string(),
});
export type NoteTemplate = z.infer<typeof NoteTemplate>;
export const NoteTemplateList = z.object({ items: z.array(NoteTemplate) });
export const NoteTemplateCreate = z.strictObject({
  name: text({ min: 1, max: 120 }),
  kinds: z.array(NoteKind).min(1, { message: 'must name at least one kind' }).default(['progress', 'psychotherapy']),
  fields: FieldList,
});
export type NoteTemplateCreate = z.infer<typeof NoteTemplateCreate>;

// ---- notes ----

export const NoteIntegrity = z.enum(['ok', 'tampered']);
export type NoteIntegrity = z.infer<typeof NoteIntegrity>;

export const NoteCreate = z.strictObject({
  appointmentId: id,
  clientId: id,
  kind: NoteKind,
  templateId: id,
  /** The first draft's content (may be partial). */
  fields: Answers.default({}),
});
export type NoteCreate = z.infer<typeof NoteCreate>;

export const NotePatch = z.strictObject({
  /** The version the writer last saw; a stale one answers 409 (another tab or device saved since). */
  version: z.number().int().min(1),
  fields: Answers,
});
export type NotePatch = z.infer<typeof NotePatch>;

export const NoteSign = z.strictObject({
  version: z.number().int().min(1),
});

export const AddendumCreate = z.strictObject({
  text: text({ min: 1, max: 20_000, multiline: true }),
});

export const Signature = z.object({ userId: z.string(), name: z.string(), at: z.string() });
export type Signature = z.infer<typeof Signature>;

export const Addendum = z.object({ id: z.string(), text: z.string(), signed: Signature });
export type Addendum = z.infer<typeof Addendum>;

export const Note = z.object({
  id: z.string(),
  appointmentId: z.string(),
  clientId: z.string(),
  /** The client's display name (preferred or first, and last). */
  clientName: z.string(),
  kind: NoteKind,
  status: NoteStatus,
  templateId: z.string(),
  templateName: z.string(),
  /** The template's fields at the time the note was started. */
  template: FieldList,
  fields: Answers,
  /** A group visit's shared part (null for a one-client visit). */
  shared: Answers.nullable(),
  authorId: z.string(),
  authorName: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  signed: Signature.nullable(),
  cosigned: Signature.nullable(),
  /** Who must co-sign (the author's supervisor when the author is pre-licensed), else null. */
  cosignerId: z.string().nullable(),
  addenda: z.array(Addendum),
  /** The appointment's start, for lists and headers. */
  appointmentStart: z.string(),
  /**
   * A signed note's check against its stored content hash: 'ok', or 'tampered' when what is stored
   * (answers, template, signer, time, addenda) no longer matches what was signed; null for a draft.
   */
  integrity: NoteIntegrity.nullable(),
});
export type Note = z.infer<typeof Note>;

/** A note in a list: no content. */
export const NoteSummary = Note.omit({ template: true, fields: true, shared: true, addenda: true, integrity: true });
export type NoteSummary = z.infer<typeof NoteSummary>;
export const NoteList = z.object({ items: z.array(NoteSummary) });

export const NoteQuery = z.strictObject({
  appointmentId: id.optional(),
  clientId: id.optional(),
  /** `mine`: the signed notes waiting for this supervisor's co-signature. */
  cosign: z.enum(['mine'], { message: 'must be mine' }).optional(),
});

/** Attended appointments without a signed progress note, per provider. */
export const MissingNote = z.object({
  appointmentId: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  start: z.string(),
  /** A draft exists (started, not signed). */
  draftNoteId: z.string().nullable(),
});
export type MissingNote = z.infer<typeof MissingNote>;
export const MissingNoteList = z.object({ items: z.array(MissingNote) });
export const MissingNoteQuery = z.strictObject({
  /** Only this provider's (owners may ask for anyone's; a provider sees their own). */
  providerId: id.optional(),
  limit: pageLimit(500),
});

// ---- group visits: the shared part ----

/** The shared part's fields (one for every group visit; each client's own part is their note). */
export const GROUP_NOTE_FIELDS: FieldList = [
  { key: 'topic', label: 'Session topic', kind: 'text', required: false, multiline: false, maxLength: 200 },
  { key: 'summary', label: 'Group summary (shared)', kind: 'text', required: true, multiline: true, maxLength: 20_000 },
];

/** Write the shared part: `version` 0 creates it, else the version last seen (stale: 409); locked (409) once any client's note is signed. */
export const GroupNotePut = z.strictObject({ version: z.number().int().min(0), fields: Answers });
export const GroupNote = z.object({
  appointmentId: z.string(),
  /** 0 while nothing is written. */
  version: z.number(),
  fields: Answers,
  template: FieldList,
  /** Set once the first client's note is signed: the shared part is then part of that signature and never changes. */
  lockedAt: z.string().nullable(),
});
export type GroupNote = z.infer<typeof GroupNote>;
