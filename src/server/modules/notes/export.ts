// The notes' section of a client's record export: signed progress notes with their addenda and
// co-signature. Psychotherapy notes are never in it (nor drafts); a role that does not read
// clinical content gets the section withheld.
import type { RequestMeta } from '../../context.js';
import { answerText } from '../../../shared/fields.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import { withheldSection, type ExportSection } from '../clients/index.js';
import type { NoteService } from './service.js';
import * as repo from './repo.js';

const TITLE = 'Progress notes';


export async function notesExportSection(notes: NoteService, s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<ExportSection> {
  if (!notes.deps.records.readsContent(s)) return withheldSection(TITLE);
  const ctx = notes.ctx;
  const rows = await repo.signedProgressOfClient(ctx.db, s.user.practiceId, clientId);
  const starts = await notes.deps.scheduling.billingFacts(s.user.practiceId, [...new Set(rows.map((r) => r.appointment_id))]);
  const nameOf = await notes.names(s);
  const items = [];
  const printable: NonNullable<ExportSection['printable']> = [];
  for (const row of rows) {
    const note = await notes.present.note(row, nameOf, starts.get(row.appointment_id)?.start ?? 0);
    const answers = note.template.filter((f) => note.fields[f.key] !== undefined).map((f) => ({ key: f.key, label: f.label, value: note.fields[f.key] }));
    items.push({ id: note.id, appointmentId: note.appointmentId, appointmentStart: note.appointmentStart, template: note.templateName, status: note.status, answers, shared: note.shared, signed: note.signed, cosigned: note.cosigned, addenda: note.addenda, integrity: note.integrity });
    printable.push({
      heading: `${note.appointmentStart.slice(0, 10)} · ${note.templateName} · signed by ${note.signed?.name ?? '—'} ${note.signed?.at ?? ''}${note.cosigned ? ` · co-signed by ${note.cosigned.name}` : ''}${note.integrity === 'tampered' ? ' · INTEGRITY CHECK FAILED' : ''}`,
      lines: [
        ...note.template.filter((f) => note.fields[f.key] !== undefined).map((f) => `${f.label}: ${answerText(f, note.fields[f.key])}`),
        ...note.addenda.map((a) => `Addendum (${a.signed.name}, ${a.signed.at}): ${a.text}`),
      ],
    });
  }
  await ctx.audit.record({ ...byStaff(s, meta), action: 'export', resource: { type: 'client_notes', id: clientId }, outcome: 'success', details: { count: items.length } });
  return { title: TITLE, items, printable };
}
