// From rows to the contract's Note: decrypts the answers, addenda and a group visit's shared part,
// and checks a signed note against its stored hashes (integrity: 'ok' or 'tampered').
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import type { Answers, FieldList } from '../../../shared/fields.js';
import type { Addendum, Note, NoteIntegrity, NoteSummary } from '../../../shared/notes.js';
import * as repo from './repo.js';
import { Seal } from './seal.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());

export const NOTE_REF = (rowId: string) => ({ table: 'notes', column: 'fields_enc', rowId });
export const ADDENDUM_REF = (rowId: string) => ({ table: 'note_addenda', column: 'text_enc', rowId });
export const GROUP_REF = (rowId: string) => ({ table: 'group_notes', column: 'fields_enc', rowId });

/** Who is who, for names in a note (a former colleague's name may be unknown). */
export type NameOf = (userId: string) => string;

export class NotePresenter {
  readonly seal: Seal;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'crypto'>) {
    this.seal = new Seal(ctx.crypto);
  }

  async answers(row: repo.NoteRow, db?: DbOrTx): Promise<Answers> {
    return JSON.parse(await this.ctx.crypto.decrypt(NOTE_REF(row.id), row.fields_enc, db)) as Answers;
  }

  async shared(practiceId: string, appointmentId: string, db?: DbOrTx): Promise<Answers | null> {
    const g = await repo.groupNote(db ?? this.ctx.db, practiceId, appointmentId);
    return g ? (JSON.parse(await this.ctx.crypto.decrypt(GROUP_REF(g.appointment_id), g.fields_enc, db)) as Answers) : null;
  }

  summary(row: repo.NoteRow, nameOf: NameOf, appointmentStart: number): NoteSummary {
    return {
      id: row.id,
      appointmentId: row.appointment_id,
      clientId: row.client_id,
      clientName: nameOf(row.client_id),
      kind: row.kind,
      status: row.status,
      templateId: row.template_id,
      templateName: row.template_name,
      authorId: row.author_id,
      authorName: nameOf(row.author_id),
      version: Number(row.version),
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
      signed: row.signed_at !== null && row.signed_by ? { userId: row.signed_by, name: nameOf(row.signed_by), at: iso(row.signed_at)! } : null,
      cosigned: row.cosigned_at !== null && row.cosigned_by ? { userId: row.cosigned_by, name: nameOf(row.cosigned_by), at: iso(row.cosigned_at)! } : null,
      cosignerId: row.cosigner_id,
      appointmentStart: iso(appointmentStart)!,
    };
  }

  /** The whole note, decrypted and checked. A ciphertext that fails to decrypt reads as tampered, its content empty. */
  async note(row: repo.NoteRow, nameOf: NameOf, appointmentStart: number): Promise<Note> {
    const addRows = await repo.addenda(this.ctx.db, [row.id]);
    let fields: Answers = {};
    let shared: Answers | null = null;
    const addenda: Addendum[] = [];
    let readable = true;
    try {
      fields = await this.answers(row);
      shared = await this.shared(row.practice_id, row.appointment_id);
      for (const a of addRows) addenda.push({ id: a.id, text: await this.ctx.crypto.decrypt(ADDENDUM_REF(a.id), a.text_enc), signed: { userId: a.signed_by, name: nameOf(a.signed_by), at: iso(a.signed_at)! } });
    } catch {
      readable = false;
    }
    const integrity = readable ? await this.integrity(row, fields, shared, addRows) : 'tampered';
    return { ...this.summary(row, nameOf, appointmentStart), template: JSON.parse(row.template_fields) as FieldList, fields, shared, addenda, integrity };
  }

  /** null for a draft that was never signed; 'tampered' when any stored hash no longer matches what is stored. */
  async integrity(row: repo.NoteRow, fields: Answers, shared: Answers | null, addRows: readonly repo.AddendumRow[]): Promise<NoteIntegrity | null> {
    if (row.status === 'draft') return row.content_hash === null && row.signed_at === null && addRows.length === 0 ? null : 'tampered';
    if (!row.content_hash || row.signed_at === null || !row.signed_by) return 'tampered';
    const pid = row.practice_id;
    const expected = await this.seal.hash(pid, { note: this.signedNote(row, fields, shared, row.signed_by, Number(row.signed_at)) });
    if (expected !== row.content_hash) return 'tampered';
    for (const a of addRows) {
      const text = await this.ctx.crypto.decrypt(ADDENDUM_REF(a.id), a.text_enc);
      if ((await this.seal.hash(pid, { addendum: { addendumId: a.id, noteId: row.id, text, signedBy: a.signed_by, signedAt: Number(a.signed_at) } })) !== a.content_hash) return 'tampered';
    }
    if (row.status === 'cosigned') {
      if (!row.cosigned_by || row.cosigned_at === null || !row.cosign_hash) return 'tampered';
      if ((await this.seal.hash(pid, { cosign: { noteId: row.id, contentHash: row.content_hash, cosignedBy: row.cosigned_by, cosignedAt: Number(row.cosigned_at) } })) !== row.cosign_hash) return 'tampered';
    } else if (row.cosigned_at !== null || row.cosign_hash !== null) return 'tampered';
    return 'ok';
  }

  signedNote(row: repo.NoteRow, fields: Answers, shared: Answers | null, signedBy: string, signedAt: number) {
    return {
      noteId: row.id,
      practiceId: row.practice_id,
      appointmentId: row.appointment_id,
      clientId: row.client_id,
      kind: row.kind,
      templateId: row.template_id,
      templateName: row.template_name,
      template: JSON.parse(row.template_fields) as FieldList,
      fields,
      shared,
      authorId: row.author_id,
      signedBy,
      signedAt,
    };
  }

  /** Checks one stored note from scratch (the operator's verify run): 'ok', 'tampered', or null for a draft. */
  async verify(row: repo.NoteRow): Promise<NoteIntegrity | null> {
    try {
      const addRows = await repo.addenda(this.ctx.db, [row.id]);
      return await this.integrity(row, await this.answers(row), await this.shared(row.practice_id, row.appointment_id), addRows);
    } catch {
      return 'tampered';
    }
  }
}

/** Checks every signed note of the installation (the operator's `npm run verify-records`); the ids of those that fail. */
export async function verifyNotes(ctx: Pick<AppContext, 'db' | 'crypto'>): Promise<{ checked: number; tampered: string[] }> {
  const present = new NotePresenter(ctx);
  const tampered: string[] = [];
  let checked = 0;
  for (let after = ''; ; ) {
    const page = await repo.signedNotesPage(ctx.db, after, 200);
    if (!page.length) break;
    for (const row of page) {
      checked++;
      if ((await present.verify(row)) !== 'ok') tampered.push(row.id);
    }
    after = page[page.length - 1]!.id;
  }
  return { checked, tampered };
}
