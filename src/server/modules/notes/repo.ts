// SQL of the notes module: templates, notes, addenda, a group visit's shared part.
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { GroupNotesTable, NoteAddendaTable, NotesTable, NoteTemplatesTable } from './table.js';

export type NoteRow = NotesTable;
export type AddendumRow = NoteAddendaTable;
export type GroupRow = GroupNotesTable;

// ---- templates ----

export const templates = (db: DbOrTx, practiceId: string) => db.selectFrom('note_templates').selectAll().where('practice_id', '=', practiceId).orderBy('created_at').orderBy('id').execute();

export const template = (db: DbOrTx, practiceId: string, id: string) => db.selectFrom('note_templates').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

export const insertTemplate = (db: DbOrTx, row: Insertable<NoteTemplatesTable>) => db.insertInto('note_templates').values(row).execute();

// ---- notes ----

export const note = (db: DbOrTx, practiceId: string, id: string) => db.selectFrom('notes').selectAll().where('practice_id', '=', practiceId).where('id', '=', id).executeTakeFirst();

/** Inserts the note unless the appointment already has one of this kind for this client; whether it was inserted. */
export async function insertNote(db: DbOrTx, row: Insertable<NotesTable>): Promise<boolean> {
  const res = await db
    .insertInto('notes')
    .values(row)
    .onConflict((oc) => oc.columns(['appointment_id', 'client_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Changes a note only when it is in `status` at `version`; whether it did (else: changed meanwhile). */
export async function updateNote(db: DbOrTx, id: string, expect: { status: NoteRow['status']; version: number }, set: Updateable<NotesTable>): Promise<boolean> {
  const res = await db.updateTable('notes').set(set).where('id', '=', id).where('status', '=', expect.status).where('version', '=', expect.version).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface NoteFilter {
  practiceId: string;
  /** Psychotherapy notes are listed to their author only. */
  viewerId: string;
  appointmentId?: string;
  clientId?: string;
  authorId?: string;
  /** Only the signed notes waiting for this supervisor's co-signature. */
  cosignerId?: string;
}

export function listNotes(db: DbOrTx, f: NoteFilter, limit = 500) {
  let q = db
    .selectFrom('notes')
    .selectAll()
    .where('practice_id', '=', f.practiceId)
    .where((eb) => eb.or([eb('kind', '=', 'progress'), eb('author_id', '=', f.viewerId)]));
  if (f.appointmentId) q = q.where('appointment_id', '=', f.appointmentId);
  if (f.clientId) q = q.where('client_id', '=', f.clientId);
  if (f.authorId) q = q.where('author_id', '=', f.authorId);
  if (f.cosignerId) q = q.where('cosigner_id', '=', f.cosignerId).where('status', '=', 'awaiting_cosign');
  return q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

/** Progress notes of these appointments (for the missing-note list): appointment, client, status, id. */
export async function progressOf(db: DbOrTx, practiceId: string, appointmentIds: readonly string[]) {
  const out: Pick<NoteRow, 'id' | 'appointment_id' | 'client_id' | 'status'>[] = [];
  for (let i = 0; i < appointmentIds.length; i += 500) {
    const ids = appointmentIds.slice(i, i + 500);
    out.push(...(await db.selectFrom('notes').select(['id', 'appointment_id', 'client_id', 'status']).where('practice_id', '=', practiceId).where('kind', '=', 'progress').where('appointment_id', 'in', ids).execute()));
  }
  return out;
}

/** Signed progress notes of a client (the record export). */
export const signedProgressOfClient = (db: DbOrTx, practiceId: string, clientId: string) =>
  db.selectFrom('notes').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).where('kind', '=', 'progress').where('status', '!=', 'draft').orderBy('signed_at').orderBy('id').execute();

/** Every signed note (the operator's verify run), a page at a time after `afterId`. */
export const signedNotesPage = (db: DbOrTx, afterId: string, limit: number) =>
  db.selectFrom('notes').selectAll().where('status', '!=', 'draft').where('id', '>', afterId).orderBy('id').limit(limit).execute();

export const signedOnAppointment = async (db: DbOrTx, appointmentId: string): Promise<boolean> =>
  !!(await db.selectFrom('notes').select('id').where('appointment_id', '=', appointmentId).where('status', '!=', 'draft').limit(1).executeTakeFirst());

// ---- addenda ----

export const addenda = (db: DbOrTx, noteIds: readonly string[]) =>
  noteIds.length ? db.selectFrom('note_addenda').selectAll().where('note_id', 'in', noteIds).orderBy('signed_at').orderBy('id').execute() : Promise.resolve([] as AddendumRow[]);

export const insertAddendum = (db: DbOrTx, row: Insertable<NoteAddendaTable>) => db.insertInto('note_addenda').values(row).execute();

// ---- group visits ----

export const groupNote = (db: DbOrTx, practiceId: string, appointmentId: string) =>
  db.selectFrom('group_notes').selectAll().where('practice_id', '=', practiceId).where('appointment_id', '=', appointmentId).executeTakeFirst();

/** Creates the shared part (version 1) unless it exists; whether it did. */
export async function insertGroupNote(db: DbOrTx, row: Insertable<GroupNotesTable>): Promise<boolean> {
  const res = await db
    .insertInto('group_notes')
    .values(row)
    .onConflict((oc) => oc.column('appointment_id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function updateGroupNote(db: DbOrTx, appointmentId: string, version: number, set: Updateable<GroupNotesTable>): Promise<boolean> {
  const res = await db.updateTable('group_notes').set(set).where('appointment_id', '=', appointmentId).where('version', '=', version).where('locked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
