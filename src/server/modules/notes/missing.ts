// The missing-note list: attended appointments (completed, or checked in with a call held: the same
// notion billing bills) of the last year whose clients have no signed progress note, per provider.
// A provider sees their own; an owner everyone's, or one provider's with ?providerId=.
import type { AppContext, RequestMeta } from '../../context.js';
import { forbidden } from '../../errors.js';
import type { MissingNote, MissingNoteQuery } from '../../../shared/notes.js';
import type { z } from 'zod';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import * as repo from './repo.js';

const YEAR = 366 * 86_400_000;

export interface MissingDeps {
  clients: ClientService;
  scheduling: SchedulingService;
  /** Which of these appointments had a call held (calls' billingFacts). */
  heldCalls: (practiceId: string, appointmentIds: readonly string[]) => Promise<ReadonlyMap<string, unknown>>;
}

export async function missingNotes(ctx: AppContext, deps: MissingDeps, s: ResolvedSession, q: z.infer<typeof MissingNoteQuery>, meta: RequestMeta): Promise<{ items: MissingNote[] }> {
  const pid = s.user.practiceId;
  const owner = s.session.active_role === 'owner';
  if (!owner && q.providerId && q.providerId !== s.user.id) throw forbidden("Only an owner sees another provider's missing notes");
  const only = owner ? (q.providerId ?? null) : s.user.id;
  const now = ctx.clock.now();
  const visits = (await deps.scheduling.billableInRange(pid, now - YEAR, now)).filter((v) => (v.status === 'completed' || v.status === 'checked_in') && (!only || v.providerId === only));
  const checkedIn = visits.filter((v) => v.status === 'checked_in').map((v) => v.id);
  const held = checkedIn.length ? await deps.heldCalls(pid, checkedIn) : new Map<string, unknown>();
  const attended = visits.filter((v) => v.status === 'completed' || held.has(v.id));
  const notes = await repo.progressOf(ctx.db, pid, attended.map((v) => v.id));
  const byPair = new Map(notes.map((n) => [`${n.appointment_id}:${n.client_id}`, n]));
  const [directory, providers] = await Promise.all([deps.clients.directory(pid), deps.clients.providers(s)]);
  const providerName = new Map(providers.map((p) => [p.id, p.name]));
  const items: MissingNote[] = [];
  for (const v of attended) {
    for (const clientId of v.clientIds) {
      const note = byPair.get(`${v.id}:${clientId}`);
      if (note && note.status !== 'draft') continue;
      const c = directory.get(clientId);
      items.push({
        appointmentId: v.id,
        clientId,
        clientName: c ? `${c.firstName} ${c.lastName}` : 'Unknown client',
        providerId: v.providerId,
        providerName: providerName.get(v.providerId) ?? 'Former staff member',
        start: new Date(v.start).toISOString(),
        draftNoteId: note?.id ?? null,
      });
    }
  }
  const page = items.slice(0, q.limit);
  await ctx.audit.record({ ...byStaff(s, meta), action: 'read', resource: { type: 'missing_notes', id: only }, outcome: 'success', details: { count: page.length } });
  return { items: page };
}
