// The client's side of treatment plans (portal): the signed plans of their own record (never a
// draft) and their signature of the current version: typed name, agreement, an optional drawing,
// with the time, IP and version stored. Which record is the client's is the portal module's answer.
import type { AppContext, RequestMeta } from '../../context.js';
import { notFound } from '../../errors.js';
import { clientConflict } from '../../i18n/errors.js';
import type { PortalPlan, PortalPlanSign } from '../../../shared/plans.js';
import * as repo from './repo.js';
import { signatureRef, type PlanService, type StoredClientSignature } from './service.js';

export interface PortalReader {
  practiceId: string;
  clientId: string;
  accountId: string;
  meta: RequestMeta;
}

export class PlanPortal {
  constructor(
    private readonly ctx: AppContext,
    private readonly plans: PlanService,
  ) {}

  private audit(r: PortalReader, action: 'read' | 'update', id: string | null, details: Record<string, string | number>) {
    return this.ctx.audit.record({ actor: { type: 'client', id: r.accountId }, practiceId: r.practiceId, action, resource: { type: 'treatment_plan', id }, outcome: 'success', details: { via: 'portal', ...details }, ip: r.meta.ip, userAgent: r.meta.userAgent });
  }

  async list(r: PortalReader): Promise<{ items: PortalPlan[] }> {
    const plans = (await repo.plansOfClient(this.ctx.db, r.practiceId, r.clientId)).filter((p) => p.status !== 'draft');
    const items: PortalPlan[] = [];
    for (const p of plans) {
      const d = await this.plans.detail(p);
      const current = d.versions.find((v) => v.version === d.version);
      items.push({ id: d.id, status: d.status, version: d.version, content: d.content, signed: current?.signed ?? null, nextReviewDate: d.nextReviewDate, clientSigned: current?.clientSigned ?? null });
    }
    await this.audit(r, 'read', null, { clientId: r.clientId, count: items.length });
    return { items };
  }

  /** Signs the current version. Another client's plan or a draft answers 404; an old version, a closed plan or signing twice, 409. */
  async sign(r: PortalReader, id: string, body: Omit<PortalPlanSign, 'clientId' | 'agree'>): Promise<PortalPlan> {
    const plan = await repo.findPlan(this.ctx.db, r.practiceId, id);
    if (!plan || plan.client_id !== r.clientId || plan.status === 'draft') throw notFound('Treatment plan');
    if (plan.status === 'closed') throw clientConflict('errors.plans.closed');
    if (plan.current_version !== body.version) throw clientConflict('errors.plans.version', 'version', { version: String(plan.current_version) });
    const v = (await repo.findVersion(this.ctx.db, id, plan.current_version))!;
    if (v.client_signed_at !== null) throw clientConflict('errors.plans.alreadySigned');
    const now = this.ctx.clock.now();
    const stored: StoredClientSignature = { typedName: body.typedName, image: body.image ?? null, ip: r.meta.ip };
    await this.ctx.db.transaction().execute(async (tx) => {
      const enc = await this.ctx.crypto.encrypt(r.practiceId, signatureRef(v.id), JSON.stringify(stored), tx);
      if (!(await repo.setClientSignature(tx, id, v.version, enc, now))) throw clientConflict('errors.plans.alreadySigned');
      await this.ctx.audit.record(
        { actor: { type: 'client', id: r.accountId }, practiceId: r.practiceId, action: 'update', resource: { type: 'treatment_plan', id }, outcome: 'success', details: { via: 'portal', step: 'client_signed', version: v.version }, ip: r.meta.ip, userAgent: r.meta.userAgent },
        tx,
      );
    });
    const d = await this.plans.detail((await repo.findPlan(this.ctx.db, r.practiceId, id))!);
    const current = d.versions.find((x) => x.version === d.version);
    return { id: d.id, status: d.status, version: d.version, content: d.content, signed: current?.signed ?? null, nextReviewDate: d.nextReviewDate, clientSigned: current?.clientSigned ?? null };
  }
}
