// Clinical notes: write a draft from a template, save it as the provider types (version checked),
// sign and lock it, append signed addenda, co-sign a pre-licensed clinician's note; the missing-note
// list and the record export's section. The rules (docs/records.md):
//  - content needs records.read (the route guard) and the client within reach (RecordAccess); the
//    author and the note's co-signer always reach the note they wrote or must co-sign;
//  - a psychotherapy note is its author's alone: to anyone else it does not exist (404, left out of
//    lists, exports and the missing-note list); its reads are audited as psychotherapy_note_read;
//  - only the appointment's provider (or an owner) starts a note; only its author edits and signs it;
//  - a signed note is never changed: its content hash (seal.ts) is checked on every read.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Tx } from '../../db/index.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { checkAnswers, normalizeAnswers, type Answers } from '../../../shared/fields.js';
import type { AddendumCreate, Note, NoteCreate, NotePatch, NoteQuery, NoteSign, NoteSummary } from '../../../shared/notes.js';
import type { z } from 'zod';
import { byStaff, type AuditEvent } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import type { RecordAccess } from '../records/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import { NOTE_REF, ADDENDUM_REF, GROUP_REF, NotePresenter, verifyNotes, type NameOf } from './present.js';
import * as repo from './repo.js';
import { NoteTemplates } from './template-service.js';
import { notesExportSection } from './export.js';
import { GroupNotes } from './group.js';
import { missingNotes, type MissingDeps } from './missing.js';
import type { ExportSection } from '../clients/index.js';
import type { MissingNote, MissingNoteQuery } from '../../../shared/notes.js';

export interface NotesDeps extends MissingDeps {
  records: RecordAccess;
  clients: ClientService;
  scheduling: SchedulingService;
}

type Row = repo.NoteRow;

export class NoteService {
  readonly present: NotePresenter;
  readonly templates: NoteTemplates;
  /** A group visit's shared part. */
  readonly groups: GroupNotes;

  constructor(
    readonly ctx: AppContext,
    readonly deps: NotesDeps,
  ) {
    this.present = new NotePresenter(ctx);
    this.templates = new NoteTemplates(ctx);
    this.groups = new GroupNotes(ctx, deps.records, deps.scheduling);
  }

  /** Checks every signed note against its stored hashes (present.ts verifyNotes). */
  verifyAll(): Promise<{ checked: number; tampered: string[] }> {
    return verifyNotes(this.ctx);
  }

  /** Attended appointments without a signed progress note (missing.ts). */
  missing(s: ResolvedSession, q: z.infer<typeof MissingNoteQuery>, meta: RequestMeta): Promise<{ items: MissingNote[] }> {
    return missingNotes(this.ctx, this.deps, s, q, meta);
  }

  /** The client's signed progress notes for the record export (never psychotherapy notes; export.ts). */
  exportSection(s: ResolvedSession, clientId: string, meta: RequestMeta = { ip: '', userAgent: 'record export' }): Promise<ExportSection> {
    return notesExportSection(this, s, clientId, meta);
  }

  // ---- who reaches what ----

  /** Names of the practice's staff who write notes (providers, owners who provide). */
  /** Display names of the practice's staff and clients (ids never collide: both are UUIDs). */
  async names(s: ResolvedSession): Promise<NameOf> {
    const byId = new Map((await this.deps.clients.providers(s)).map((p) => [p.id, p.name]));
    for (const c of (await this.deps.clients.directory(s.user.practiceId)).values()) byId.set(c.id, `${c.preferredName ?? c.firstName} ${c.lastName}`);
    return (id) => byId.get(id) ?? 'Former staff member';
  }

  private resource(row: Pick<Row, 'id' | 'kind'>) {
    return { type: row.kind === 'psychotherapy' ? 'psychotherapy_note' : 'note', id: row.id };
  }

  private audit(s: ResolvedSession, meta: RequestMeta, e: Omit<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent' | 'outcome'> & { outcome?: AuditEvent['outcome'] }, tx?: Tx) {
    return this.ctx.audit.record({ ...byStaff(s, meta), outcome: 'success', ...e }, tx);
  }

  /**
   * The note, if this session reaches it: another's psychotherapy note is not found (and the
   * attempt audited as access_denied); otherwise the client must be within reach, unless the
   * session wrote the note or must co-sign it.
   */
  private async reach(s: ResolvedSession, id: string, meta: RequestMeta): Promise<Row> {
    const row = await repo.note(this.ctx.db, s.user.practiceId, id);
    if (!row) throw notFound('Note');
    if (row.kind === 'psychotherapy' && row.author_id !== s.user.id) {
      await this.audit(s, meta, { action: 'access_denied', resource: this.resource(row), outcome: 'denied', details: { reason: 'not_author' } });
      throw notFound('Note');
    }
    if (!this.deps.records.readsContent(s)) throw forbidden('Your role does not read clinical records');
    if (row.author_id !== s.user.id && row.cosigner_id !== s.user.id) await this.deps.records.assertContent(s, row.client_id);
    return row;
  }

  private async appointment(practiceId: string, id: string) {
    return (await this.deps.scheduling.billingFacts(practiceId, [id])).get(id);
  }

  private async full(s: ResolvedSession, row: Row): Promise<Note> {
    const appt = await this.appointment(s.user.practiceId, row.appointment_id);
    return this.present.note(row, await this.names(s), appt?.start ?? 0);
  }

  private assertAuthor(s: ResolvedSession, row: Row, what: string) {
    if (row.author_id !== s.user.id) throw forbidden(`Only the note's author ${what}`);
  }

  private assertDraft(row: Row, version: number) {
    if (row.status !== 'draft') throw conflict('A signed note is never changed; add an addendum instead', 'status');
    if (Number(row.version) !== version) throw conflict('The note was saved elsewhere since (another tab or device); reload it', 'version');
  }

  private assertAnswers(template: Parameters<typeof checkAnswers>[0], fields: Answers, complete: boolean) {
    const issue = checkAnswers(template, fields, { complete })[0];
    if (issue) throw invalid(issue.field, issue.message);
  }

  // ---- notes ----

  async create(s: ResolvedSession, input: NoteCreate, meta: RequestMeta): Promise<{ id: string }> {
    const pid = s.user.practiceId;
    const appt = await this.appointment(pid, input.appointmentId);
    if (!appt) throw invalid('appointmentId', 'is not an appointment of this practice');
    if (s.session.active_role !== 'owner' && appt.providerId !== s.user.id) throw forbidden("Only the appointment's provider (or an owner) writes its notes");
    if (!appt.clientIds.includes(input.clientId)) throw invalid('clientId', 'is not a client of this appointment');
    await this.deps.records.assertContent(s, input.clientId);
    const template = await this.templates.find(pid, input.templateId);
    if (!template) throw invalid('templateId', 'is not a note template of this practice');
    if (!template.kinds.includes(input.kind)) throw invalid('templateId', `is not a template for ${input.kind} notes`);
    this.assertAnswers(template.fields, input.fields, false);
    const id = randomUUID();
    const now = this.ctx.clock.now();
    const created = await this.ctx.db.transaction().execute(async (tx) => {
      const fieldsEnc = await this.ctx.crypto.encrypt(pid, NOTE_REF(id), JSON.stringify(normalizeAnswers(template.fields, input.fields)), tx);
      const inserted = await repo.insertNote(tx, {
        id,
        practice_id: pid,
        appointment_id: appt.id,
        client_id: input.clientId,
        kind: input.kind,
        template_id: template.id,
        template_name: template.name,
        template_fields: JSON.stringify(template.fields),
        fields_enc: fieldsEnc,
        author_id: s.user.id,
        status: 'draft',
        version: 1,
        signed_at: null,
        signed_by: null,
        content_hash: null,
        cosigner_id: null,
        cosigned_at: null,
        cosigned_by: null,
        cosign_hash: null,
        created_at: now,
        updated_at: now,
      });
      if (inserted) await this.audit(s, meta, { action: 'create', resource: this.resource({ id, kind: input.kind }), details: { kind: input.kind, appointmentId: appt.id, clientId: input.clientId } }, tx);
      return inserted;
    });
    if (!created) throw conflict(`This client already has a ${input.kind} note for this appointment; open it instead`, 'kind');
    return { id };
  }

  async get(s: ResolvedSession, id: string, meta: RequestMeta): Promise<Note> {
    const row = await this.reach(s, id, meta);
    const note = await this.full(s, row);
    await this.audit(s, meta, { action: row.kind === 'psychotherapy' ? 'psychotherapy_note_read' : 'read', resource: this.resource(row), details: { integrity: note.integrity } });
    return note;
  }

  /** Notes of an appointment or a client (no content); without either, the caller's own. Another's psychotherapy notes are never listed. */
  async list(s: ResolvedSession, q: z.infer<typeof NoteQuery>, meta: RequestMeta): Promise<{ items: NoteSummary[] }> {
    const pid = s.user.practiceId;
    if (q.clientId) await this.deps.records.assertContent(s, q.clientId);
    if (q.appointmentId && !(await this.appointment(pid, q.appointmentId))) throw notFound('Appointment');
    const rows = await repo.listNotes(this.ctx.db, { practiceId: pid, viewerId: s.user.id, ...(q.appointmentId ? { appointmentId: q.appointmentId } : {}), ...(q.clientId ? { clientId: q.clientId } : {}), ...(q.cosign === 'mine' ? { cosignerId: s.user.id } : !q.appointmentId && !q.clientId ? { authorId: s.user.id } : {}) });
    const reachable = new Map<string, boolean>();
    const visible: Row[] = [];
    for (const r of rows) {
      if (r.author_id !== s.user.id && r.cosigner_id !== s.user.id) {
        if (!reachable.has(r.client_id)) reachable.set(r.client_id, await this.deps.records.assertContent(s, r.client_id).then(() => true, () => false));
        if (!reachable.get(r.client_id)) continue;
      }
      visible.push(r);
    }
    const starts = await this.deps.scheduling.billingFacts(pid, [...new Set(visible.map((r) => r.appointment_id))]);
    const nameOf = await this.names(s);
    await this.audit(s, meta, { action: 'read', resource: { type: 'note_list', id: q.clientId ?? q.appointmentId ?? null }, details: { count: visible.length } });
    return { items: visible.map((r) => this.present.summary(r, nameOf, starts.get(r.appointment_id)?.start ?? 0)) };
  }

  /** Saves a draft's whole content at the version last seen. */
  async patch(s: ResolvedSession, id: string, body: NotePatch, meta: RequestMeta): Promise<Note> {
    const row = await this.reach(s, id, meta);
    this.assertAuthor(s, row, 'edits it');
    this.assertDraft(row, body.version);
    const template = JSON.parse(row.template_fields) as Parameters<typeof checkAnswers>[0];
    this.assertAnswers(template, body.fields, false);
    await this.ctx.db.transaction().execute(async (tx) => {
      const fieldsEnc = await this.ctx.crypto.encrypt(row.practice_id, NOTE_REF(id), JSON.stringify(normalizeAnswers(template, body.fields)), tx);
      if (!(await repo.updateNote(tx, id, { status: 'draft', version: body.version }, { fields_enc: fieldsEnc, version: body.version + 1, updated_at: this.ctx.clock.now() }))) {
        throw conflict('The note was saved elsewhere since (another tab or device); reload it', 'version');
      }
      await this.audit(s, meta, { action: 'update', resource: this.resource(row), details: { version: body.version + 1 } }, tx);
    });
    return this.full(s, (await repo.note(this.ctx.db, row.practice_id, id))!);
  }

  /** Signs and locks a draft whose required fields are complete; a pre-licensed author's progress note then waits for the supervisor's co-signature. */
  async sign(s: ResolvedSession, id: string, body: z.infer<typeof NoteSign>, meta: RequestMeta): Promise<Note> {
    const row = await this.reach(s, id, meta);
    this.assertAuthor(s, row, 'signs it');
    this.assertDraft(row, body.version);
    const template = JSON.parse(row.template_fields) as Parameters<typeof checkAnswers>[0];
    const fields = await this.present.answers(row);
    this.assertAnswers(template, fields, true);
    const pid = row.practice_id;
    const cosigner = row.kind === 'progress' ? await this.deps.records.supervisorOf(pid, row.author_id) : null;
    const status = cosigner ? 'awaiting_cosign' : 'signed';
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const shared = await this.lockShared(pid, row.appointment_id, now, tx);
      const hash = await this.present.seal.hash(pid, { note: this.present.signedNote(row, fields, shared, s.user.id, now) }, tx);
      const set = { status, version: body.version + 1, signed_at: now, signed_by: s.user.id, content_hash: hash, cosigner_id: cosigner, updated_at: now } as const;
      if (!(await repo.updateNote(tx, id, { status: 'draft', version: body.version }, set))) throw conflict('The note changed while it was being signed; reload it', 'version');
      await this.audit(s, meta, { action: 'note_signed', resource: this.resource(row), details: { kind: row.kind, status } }, tx);
    });
    return this.full(s, (await repo.note(this.ctx.db, pid, id))!);
  }

  /** A group visit's shared part, locked (and hashed) by the first signature; null for a one-client visit. */
  private async lockShared(pid: string, appointmentId: string, now: number, tx: Tx): Promise<Answers | null> {
    const g = await repo.groupNote(tx, pid, appointmentId);
    if (!g) return null;
    const fields = JSON.parse(await this.ctx.crypto.decrypt(GROUP_REF(appointmentId), g.fields_enc, tx)) as Answers;
    if (g.locked_at === null) {
      const hash = await this.present.seal.hash(pid, { shared: { appointmentId, fields, lockedAt: now } }, tx);
      await tx.updateTable('group_notes').set({ locked_at: now, content_hash: hash }).where('appointment_id', '=', appointmentId).where('locked_at', 'is', null).execute();
    }
    return fields;
  }

  /** Appends a signed, dated addendum to a signed note (its author or its co-signer writes it). */
  async addAddendum(s: ResolvedSession, id: string, body: z.infer<typeof AddendumCreate>, meta: RequestMeta): Promise<Note> {
    const row = await this.reach(s, id, meta);
    if (row.author_id !== s.user.id && row.cosigner_id !== s.user.id) throw forbidden("Only the note's author or co-signer adds an addendum");
    if (row.status === 'draft') throw conflict('Only a signed note takes an addendum; edit the draft instead', 'status');
    const addendumId = randomUUID();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const hash = await this.present.seal.hash(row.practice_id, { addendum: { addendumId, noteId: id, text: body.text, signedBy: s.user.id, signedAt: now } }, tx);
      const textEnc = await this.ctx.crypto.encrypt(row.practice_id, ADDENDUM_REF(addendumId), body.text, tx);
      await repo.insertAddendum(tx, { id: addendumId, practice_id: row.practice_id, note_id: id, text_enc: textEnc, signed_by: s.user.id, signed_at: now, content_hash: hash });
      await this.audit(s, meta, { action: 'create', resource: { type: 'note_addendum', id: addendumId }, details: { noteId: id, kind: row.kind } }, tx);
    });
    return this.full(s, row);
  }

  /** The supervisor named on a signed note co-signs it. */
  async cosign(s: ResolvedSession, id: string, meta: RequestMeta): Promise<Note> {
    const row = await this.reach(s, id, meta);
    if (row.cosigner_id !== s.user.id) throw forbidden("Only the author's supervisor named on this note co-signs it");
    if (row.status !== 'awaiting_cosign') throw conflict(row.status === 'cosigned' ? 'The note is already co-signed' : 'Only a signed note co-signs', 'status');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const hash = await this.present.seal.hash(row.practice_id, { cosign: { noteId: id, contentHash: row.content_hash!, cosignedBy: s.user.id, cosignedAt: now } }, tx);
      const set = { status: 'cosigned', version: Number(row.version) + 1, cosigned_at: now, cosigned_by: s.user.id, cosign_hash: hash, updated_at: now } as const;
      if (!(await repo.updateNote(tx, id, { status: 'awaiting_cosign', version: Number(row.version) }, set))) throw conflict('The note changed while it was being co-signed; reload it', 'version');
      await this.audit(s, meta, { action: 'note_cosigned', resource: this.resource(row) }, tx);
    });
    return this.full(s, (await repo.note(this.ctx.db, row.practice_id, id))!);
  }
}
