// Who reaches which client's clinical record, the one rule for notes, forms, measures and treatment
// plans:
//  - content (note text, form answers, measure scores, plans) needs `records.read` (owner and
//    providers); front desk, billing and compliance never get it, whatever the client;
//  - status (a form is complete, a measure is due) needs only that the client is visible;
//  - a provider reaches the clients assigned to them, or every client when the practice lets
//    providers see all clients (the same setting as the client list), exactly as the client list.
// A client out of reach answers 404, like a client of another practice, so ids reveal nothing.
// Psychotherapy notes add their own rule on top (author only): see the notes module.
import type { AppContext, RequestMeta } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import { roleCan, type StaffRole } from '../../../shared/roles.js';
import type { Supervision } from '../../../shared/records.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import * as repo from './repo.js';

export class RecordAccess {
  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
  ) {}

  role(s: ResolvedSession): StaffRole {
    return s.session.active_role as StaffRole;
  }

  /** Whether this session's role may read clinical content at all (before any client check). */
  readsContent(s: ResolvedSession): boolean {
    return roleCan(this.role(s), 'records.read');
  }

  /** Throws 403 unless the role reads clinical content, 404 unless the client is within reach. */
  async assertContent(s: ResolvedSession, clientId: string): Promise<void> {
    if (!this.readsContent(s)) throw forbidden('Your role does not read clinical records');
    await this.clients.assertVisible(s, clientId);
  }

  /** Throws 404 unless the client is within this session's reach (status only, no content). */
  assertClient(s: ResolvedSession, clientId: string): Promise<void> {
    return this.clients.assertVisible(s, clientId);
  }

  /** The supervisor who co-signs this clinician's notes, or null (a licensed clinician). */
  supervisorOf(practiceId: string, userId: string): Promise<string | null> {
    return repo.supervisorOf(this.ctx.db, practiceId, userId);
  }

  async supervision(s: ResolvedSession): Promise<Supervision> {
    const rows = await repo.supervision(this.ctx.db, s.user.practiceId);
    return { items: rows.map((r) => ({ clinicianId: r.user_id, supervisorId: r.supervisor_id })) };
  }

  /** Names (or clears, with null) the supervisor of a pre-licensed clinician; both must be providers of the practice (an unknown clinician answers 404). Audited. */
  async setSupervisor(s: ResolvedSession, clinicianId: string, supervisorId: string | null, meta: RequestMeta): Promise<Supervision> {
    const providers = new Set((await this.clients.providers(s)).map((p) => p.id));
    if (!providers.has(clinicianId)) throw notFound('Clinician');
    if (supervisorId !== null && !providers.has(supervisorId)) throw invalid('supervisorId', 'must be an active provider of this practice');
    if (supervisorId === clinicianId) throw invalid('supervisorId', 'must be someone other than the clinician');
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.setSupervisor(tx, s.user.practiceId, clinicianId, supervisorId, s.user.id, this.ctx.clock.now());
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'setting_change', resource: { type: 'record_supervision', id: clinicianId }, outcome: 'success', details: { supervisorId } }, tx);
    });
    return this.supervision(s);
  }
}
