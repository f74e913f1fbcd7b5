// Who may act on which client's billing: a provider on their own (assigned) clients only, any
// other billing-capable role on the practice's clients. A client out of reach answers 404, the
// same as a client of another practice, so ids reveal nothing.
import type { AppContext, RequestMeta } from '../../context.js';
import { notFound } from '../../errors.js';
import type { StaffRole } from '../../../shared/roles.js';
import { byStaff, type AuditEvent } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';

export class BillingAccess {
  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
  ) {}

  role(s: ResolvedSession): StaffRole {
    return s.session.active_role as StaffRole;
  }

  who(s: ResolvedSession, meta: RequestMeta): Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'> {
    return byStaff(s, meta);
  }

  /** The clients this session is limited to (a provider's assigned clients), or null for the whole practice. */
  async onlyClients(s: ResolvedSession): Promise<string[] | null> {
    if (this.role(s) !== 'provider') return null;
    const directory = await this.clients.directory(s.user.practiceId);
    return [...directory.values()].filter((e) => e.providerIds.includes(s.user.id)).map((e) => e.id);
  }

  /** Throws 404 unless the client is this practice's and within this session's reach. */
  async assertClient(s: ResolvedSession, clientId: string): Promise<void> {
    if (!(await this.clients.inPractice(s.user.practiceId, clientId))) throw notFound('Client');
    const only = await this.onlyClients(s);
    if (only && !only.includes(clientId)) throw notFound('Client');
  }

  /** Whether the client is this practice's (for id-based entry points with no staff session). */
  inPractice(practiceId: string, clientId: string): Promise<boolean> {
    return this.clients.inPractice(practiceId, clientId);
  }

  /** Display names of the practice's clients (preferred or first, and last). */
  async names(practiceId: string): Promise<Map<string, string>> {
    const directory = await this.clients.directory(practiceId);
    return new Map([...directory.values()].map((e) => [e.id, `${e.preferredName ?? e.firstName} ${e.lastName}`]));
  }
}
