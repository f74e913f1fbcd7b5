// A group visit's shared part: one per appointment (GROUP_NOTE_FIELDS), written by the appointment's
// provider (or an owner), shown in every client's note of that visit. It is locked and hashed when
// the first client's note is signed (service.ts lockShared), and every signed note's hash covers it.
import type { AppContext, RequestMeta } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import { checkAnswers, normalizeAnswers, type Answers } from '../../../shared/fields.js';
import { GROUP_NOTE_FIELDS, type GroupNote, type GroupNotePut } from '../../../shared/notes.js';
import type { z } from 'zod';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { RecordAccess } from '../records/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import { GROUP_REF } from './present.js';
import * as repo from './repo.js';

export class GroupNotes {
  constructor(
    private readonly ctx: AppContext,
    private readonly records: RecordAccess,
    private readonly scheduling: SchedulingService,
  ) {}

  /** The appointment, if this session writes its notes: its provider or an owner, with every client in reach. */
  private async appointment(s: ResolvedSession, id: string) {
    const appt = (await this.scheduling.billingFacts(s.user.practiceId, [id])).get(id);
    if (!appt) throw notFound('Appointment');
    if (s.session.active_role !== 'owner' && appt.providerId !== s.user.id) throw forbidden("Only the appointment's provider (or an owner) writes its group note");
    for (const c of appt.clientIds) await this.records.assertContent(s, c);
    return appt;
  }

  private async present(row: repo.GroupRow | undefined, appointmentId: string): Promise<GroupNote> {
    const fields = row ? (JSON.parse(await this.ctx.crypto.decrypt(GROUP_REF(appointmentId), row.fields_enc)) as Answers) : {};
    return { appointmentId, version: row ? Number(row.version) : 0, fields, template: GROUP_NOTE_FIELDS, lockedAt: row?.locked_at ? new Date(Number(row.locked_at)).toISOString() : null };
  }

  async get(s: ResolvedSession, appointmentId: string, meta: RequestMeta): Promise<GroupNote> {
    await this.appointment(s, appointmentId);
    const row = await repo.groupNote(this.ctx.db, s.user.practiceId, appointmentId);
    await this.ctx.audit.record({ ...byStaff(s, meta), action: 'read', resource: { type: 'group_note', id: appointmentId }, outcome: 'success' });
    return this.present(row, appointmentId);
  }

  async put(s: ResolvedSession, appointmentId: string, body: z.infer<typeof GroupNotePut>, meta: RequestMeta): Promise<GroupNote> {
    await this.appointment(s, appointmentId);
    const issue = checkAnswers(GROUP_NOTE_FIELDS, body.fields, { complete: false })[0];
    if (issue) throw invalid(issue.field, issue.message);
    const pid = s.user.practiceId;
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const current = await repo.groupNote(tx, pid, appointmentId);
      if (current?.locked_at || (await repo.signedOnAppointment(tx, appointmentId))) throw conflict("A client's note of this visit is signed: the shared part is locked; add an addendum to a note instead", 'version');
      const enc = await this.ctx.crypto.encrypt(pid, GROUP_REF(appointmentId), JSON.stringify(normalizeAnswers(GROUP_NOTE_FIELDS, body.fields)), tx);
      const ok =
        body.version === 0
          ? await repo.insertGroupNote(tx, { appointment_id: appointmentId, practice_id: pid, fields_enc: enc, version: 1, updated_by: s.user.id, updated_at: now, locked_at: null, content_hash: null })
          : await repo.updateGroupNote(tx, appointmentId, body.version, { fields_enc: enc, version: body.version + 1, updated_by: s.user.id, updated_at: now });
      if (!ok) throw conflict('The shared part was saved elsewhere since; reload it', 'version');
      await this.ctx.audit.record({ ...byStaff(s, meta), action: body.version === 0 ? 'create' : 'update', resource: { type: 'group_note', id: appointmentId }, outcome: 'success' }, tx);
    });
    return this.present(await repo.groupNote(this.ctx.db, pid, appointmentId), appointmentId);
  }
}
