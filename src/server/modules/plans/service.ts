// Treatment plans: written by a provider (or the owner) for a client within their reach, signed,
// reviewed on a schedule, closed. Content is read only with `records.read` (RecordAccess); every
// read and change is audited; a signed version is never written again, and its content hash is
// checked on every read (a mismatch is shown as 'tampered' and audited as an integrity failure).
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext, RequestMeta } from '../../context.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import { roleCan, type StaffRole } from '../../../shared/roles.js';
import type { PlanContent, PlanContentInput, PlanDueList, PlanList, PlanSummary, PlanVersion, TreatmentPlan } from '../../../shared/plans.js';
import { byStaff } from '../audit/index.js';
import { identity, type ResolvedSession } from '../auth/index.js';
import type { ExportSection } from '../clients/index.js';
import type { RecordAccess } from '../records/index.js';
import { addDays, assertSignable, checkContent, contentHash, dayOf, type DescribeCodes } from './content.js';
import { plansExportSection, withheldPlans } from './export.js';
import * as repo from './repo.js';

type ContentInput = z.output<typeof PlanContentInput>;
export const contentRef = (versionId: string) => ({ table: 'treatment_plan_versions', column: 'content_enc', rowId: versionId });
export const signatureRef = (versionId: string) => ({ table: 'treatment_plan_versions', column: 'client_signature_enc', rowId: versionId });

/** A client's signature as stored (encrypted): typed name, drawing (or null) and IP. */
export interface StoredClientSignature {
  typedName: string;
  image: string | null;
  ip: string;
}

export class PlanService {
  constructor(
    private readonly ctx: AppContext,
    private readonly access: RecordAccess,
    private readonly describe: DescribeCodes,
    /** Display names of the practice's clients (the day's list of plans due for review). */
    private readonly clientNames: (practiceId: string) => Promise<ReadonlyMap<string, string>>,
  ) {}

  private today(): string {
    return dayOf(this.ctx.clock.now());
  }

  private mayWrite(s: ResolvedSession): void {
    if (!roleCan(s.session.active_role as StaffRole, 'records.write')) throw forbidden('Your role does not write treatment plans');
  }

  /** The plan, after the caller's reach to its client is checked (403 for a role without records, 404 out of reach). */
  private async planFor(s: ResolvedSession, id: string): Promise<repo.PlanRow> {
    if (!this.access.readsContent(s)) throw forbidden('Your role does not read clinical records');
    const plan = await repo.findPlan(this.ctx.db, s.user.practiceId, id);
    if (!plan) throw notFound('Treatment plan');
    await this.access.assertContent(s, plan.client_id);
    return plan;
  }

  private audit(s: ResolvedSession, meta: RequestMeta, action: 'read' | 'create' | 'update' | 'integrity_failure', id: string, details: Record<string, string | number | boolean | null> = {}) {
    return this.ctx.audit.record({ ...byStaff(s, meta), action, resource: { type: 'treatment_plan', id }, outcome: action === 'integrity_failure' ? 'failure' : 'success', details });
  }

  // ---- reading ----

  async list(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<PlanList> {
    await this.access.assertContent(s, clientId);
    const plans = await repo.plansOfClient(this.ctx.db, s.user.practiceId, clientId);
    const versions = await repo.versionsOf(this.ctx.db, plans.map((p) => p.id));
    const view = await this.viewer(s.user.practiceId, versions);
    await this.ctx.audit.record({ ...byStaff(s, meta), action: 'read', resource: { type: 'client', id: clientId }, outcome: 'success', details: { part: 'treatment_plans', count: plans.length } });
    return { items: plans.map((p) => view.summary(p, versions.filter((v) => v.plan_id === p.id))) };
  }

  async get(s: ResolvedSession, id: string, meta: RequestMeta): Promise<TreatmentPlan> {
    const plan = await this.planFor(s, id);
    const detail = await this.detail(plan);
    await this.audit(s, meta, 'read', id, { version: detail.version });
    if (detail.integrity === 'tampered') await this.audit(s, meta, 'integrity_failure', id, { check: 'content_hash' });
    return detail;
  }

  /** The plan with its current content and every version's signatures; signed versions' hashes checked. */
  async detail(plan: repo.PlanRow): Promise<TreatmentPlan> {
    const versions = await repo.versionsOf(this.ctx.db, [plan.id]);
    const view = await this.viewer(plan.practice_id, versions);
    let tampered = false;
    let content: PlanContent = { diagnoses: [], problems: [], reviewEveryDays: 0 };
    for (const v of versions) {
      const c = await this.contentOf(v);
      if (v.version === plan.current_version && c) content = c;
      if (!c || (v.content_hash !== null && contentHash(plan.id, plan.client_id, v.version, c) !== v.content_hash)) tampered = true;
    }
    return { ...view.summary(plan, versions), content, integrity: tampered ? 'tampered' : 'ok', versions: versions.map(view.version), closedAt: plan.closed_at === null ? null : iso(Number(plan.closed_at)) };
  }

  /** A version's content, or null when its ciphertext no longer opens (changed outside Hearth). */
  async contentOf(v: repo.VersionRow): Promise<PlanContent | null> {
    try {
      return JSON.parse(await this.ctx.crypto.decrypt(contentRef(v.id), v.content_enc)) as PlanContent;
    } catch {
      return null;
    }
  }

  /** Turns rows into the API's shapes, with the signers' names and the clients' signatures decrypted once. */
  async viewer(practiceId: string, versions: repo.VersionRow[]) {
    const signerIds = [...new Set(versions.flatMap((v) => (v.signed_by ? [v.signed_by] : [])))];
    const names = new Map<string, string>();
    for (const r of await identity.staffNames(this.ctx.db, practiceId, signerIds)) names.set(r.id, await this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: r.id }, r.name_enc));
    const clientSigs = new Map<string, StoredClientSignature>();
    for (const v of versions) if (v.client_signature_enc) clientSigs.set(v.id, JSON.parse(await this.ctx.crypto.decrypt(signatureRef(v.id), v.client_signature_enc)) as StoredClientSignature);
    const version = (v: repo.VersionRow): PlanVersion => {
      const sig = clientSigs.get(v.id);
      return {
        version: v.version,
        kind: v.kind,
        signed: v.signed_by && v.signed_at !== null ? { userId: v.signed_by, name: names.get(v.signed_by) ?? 'Former colleague', at: iso(Number(v.signed_at)) } : null,
        contentHash: v.content_hash,
        clientSigned: sig && v.client_signed_at !== null ? { typedName: sig.typedName, at: iso(Number(v.client_signed_at)), ip: sig.ip, version: v.version, drawn: sig.image !== null } : null,
      };
    };
    const summary = (p: repo.PlanRow, own: repo.VersionRow[]): PlanSummary => {
      const current = own.find((v) => v.version === p.current_version);
      const shown = current ? version(current) : null;
      const open = p.status === 'active' || p.status === 'reviewed';
      return {
        id: p.id,
        clientId: p.client_id,
        status: p.status,
        version: p.current_version,
        nextReviewDate: p.next_review_date,
        dueForReview: open && p.next_review_date !== null && p.next_review_date <= this.today(),
        signed: shown?.signed ?? null,
        clientSigned: shown?.clientSigned ?? null,
        createdAt: iso(Number(p.created_at)),
        updatedAt: iso(Number(p.updated_at)),
      };
    };
    return { version, summary };
  }

  // ---- writing ----

  async create(s: ResolvedSession, clientId: string, input: ContentInput, meta: RequestMeta): Promise<TreatmentPlan> {
    this.mayWrite(s);
    await this.access.assertContent(s, clientId);
    const pid = s.user.practiceId;
    const content = await checkContent(input, { practiceId: pid, today: this.today(), prefix: '', describe: this.describe });
    const now = this.ctx.clock.now();
    const id = randomUUID();
    const versionId = randomUUID();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertPlan(tx, { id, practice_id: pid, client_id: clientId, status: 'draft', current_version: 1, next_review_date: null, created_by: s.user.id, created_at: now, updated_at: now, closed_at: null });
      const enc = await this.ctx.crypto.encrypt(pid, contentRef(versionId), JSON.stringify(content), tx);
      await repo.insertVersion(tx, { id: versionId, plan_id: id, practice_id: pid, version: 1, kind: 'initial', content_enc: enc, content_hash: null, signed_by: null, signed_at: null, client_signature_enc: null, client_signed_at: null, created_by: s.user.id, created_at: now, updated_at: now });
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'create', resource: { type: 'treatment_plan', id }, outcome: 'success', details: { clientId } }, tx);
    });
    return this.detail((await repo.findPlan(this.ctx.db, pid, id))!);
  }

  /** The plan for a change at `version`: 409 when another version is current. */
  private async forChange(s: ResolvedSession, id: string, version: number): Promise<repo.PlanRow> {
    this.mayWrite(s);
    const plan = await this.planFor(s, id);
    if (plan.current_version !== version) throw conflict(`version: the plan is at version ${plan.current_version}; reload it`, 'version');
    return plan;
  }

  /** Edits the draft; a signed plan answers 409 (a change to a signed plan is a review). */
  async patch(s: ResolvedSession, id: string, body: { version: number; content: ContentInput }, meta: RequestMeta): Promise<TreatmentPlan> {
    const plan = await this.forChange(s, id, body.version);
    if (plan.status !== 'draft') throw conflict('The plan is signed and cannot be edited; review it to make a new version');
    const content = await checkContent(body.content, { practiceId: plan.practice_id, today: this.today(), prefix: 'content.', describe: this.describe });
    const v = (await repo.findVersion(this.ctx.db, id, plan.current_version))!;
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const enc = await this.ctx.crypto.encrypt(plan.practice_id, contentRef(v.id), JSON.stringify(content), tx);
      if (!(await repo.updateDraftVersion(tx, id, v.version, { content_enc: enc, updated_at: now }))) throw conflict('The plan was signed meanwhile and cannot be edited');
      await repo.updatePlan(tx, id, { updated_at: now });
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'update', resource: { type: 'treatment_plan', id }, outcome: 'success', details: { version: v.version } }, tx);
    });
    return this.detail((await repo.findPlan(this.ctx.db, plan.practice_id, id))!);
  }

  /** Signs the draft: it becomes active, its content hash is kept, the first review is scheduled. Signing twice answers 409. */
  async sign(s: ResolvedSession, id: string, version: number, meta: RequestMeta): Promise<TreatmentPlan> {
    const plan = await this.forChange(s, id, version);
    if (plan.status !== 'draft') throw conflict('The plan is already signed');
    const v = (await repo.findVersion(this.ctx.db, id, version))!;
    const stored = await this.contentOf(v);
    if (!stored) throw conflict('The draft cannot be read; it was changed outside Hearth');
    // The draft is checked again: a target date may have passed since it was written.
    const content = await checkContent({ ...stored, diagnoses: stored.diagnoses.map((d) => d.code) }, { practiceId: plan.practice_id, today: this.today(), prefix: 'content.', describe: this.describe });
    assertSignable(content);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const enc = await this.ctx.crypto.encrypt(plan.practice_id, contentRef(v.id), JSON.stringify(content), tx);
      const hash = contentHash(id, plan.client_id, version, content);
      if (!(await repo.updateDraftVersion(tx, id, version, { content_enc: enc, content_hash: hash, signed_by: s.user.id, signed_at: now, updated_at: now }))) throw conflict('The plan is already signed');
      await repo.updatePlan(tx, id, { status: 'active', next_review_date: addDays(this.today(), content.reviewEveryDays), updated_at: now });
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'update', resource: { type: 'treatment_plan', id }, outcome: 'success', details: { step: 'signed', version } }, tx);
    });
    return this.detail((await repo.findPlan(this.ctx.db, plan.practice_id, id))!);
  }

  /** Reviews a signed plan: a new signed version (with the changes, if any) and the next review scheduled. */
  async review(s: ResolvedSession, id: string, body: { version: number; content?: ContentInput | undefined }, meta: RequestMeta): Promise<TreatmentPlan> {
    const plan = await this.forChange(s, id, body.version);
    if (plan.status === 'draft') throw conflict('The plan is a draft: sign it first');
    if (plan.status === 'closed') throw conflict('The plan is closed');
    let content: PlanContent | null;
    if (body.content) content = await checkContent(body.content, { practiceId: plan.practice_id, today: this.today(), prefix: 'content.', describe: this.describe });
    else content = await this.contentOf((await repo.findVersion(this.ctx.db, id, plan.current_version))!);
    if (!content) throw conflict('The current version cannot be read; it was changed outside Hearth');
    assertSignable(content);
    const now = this.ctx.clock.now();
    const next = plan.current_version + 1;
    const versionId = randomUUID();
    await this.ctx.db.transaction().execute(async (tx) => {
      const locked = await repo.lockPlan(tx, this.ctx.dialect, plan.practice_id, id);
      if (locked?.current_version !== plan.current_version) throw conflict('The plan was reviewed meanwhile; reload it', 'version');
      const enc = await this.ctx.crypto.encrypt(plan.practice_id, contentRef(versionId), JSON.stringify(content), tx);
      const hash = contentHash(id, plan.client_id, next, content);
      await repo.insertVersion(tx, { id: versionId, plan_id: id, practice_id: plan.practice_id, version: next, kind: 'review', content_enc: enc, content_hash: hash, signed_by: s.user.id, signed_at: now, client_signature_enc: null, client_signed_at: null, created_by: s.user.id, created_at: now, updated_at: now });
      await repo.updatePlan(tx, id, { status: 'reviewed', current_version: next, next_review_date: addDays(this.today(), content.reviewEveryDays), updated_at: now });
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'update', resource: { type: 'treatment_plan', id }, outcome: 'success', details: { step: 'reviewed', version: next, changed: Boolean(body.content) } }, tx);
    });
    return this.detail((await repo.findPlan(this.ctx.db, plan.practice_id, id))!);
  }

  /** Closes the plan (treatment ended or replaced): no more reviews. */
  async close(s: ResolvedSession, id: string, version: number, meta: RequestMeta): Promise<TreatmentPlan> {
    const plan = await this.forChange(s, id, version);
    if (plan.status === 'closed') throw conflict('The plan is already closed');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.updatePlan(tx, id, { status: 'closed', next_review_date: null, closed_at: now, updated_at: now });
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'update', resource: { type: 'treatment_plan', id }, outcome: 'success', details: { step: 'closed', version } }, tx);
    });
    return this.detail((await repo.findPlan(this.ctx.db, plan.practice_id, id))!);
  }

  // ---- the record export, the day's list ----

  /** What the client's record export holds: every signed plan with its content and signatures (drafts left out). */
  async exportSection(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<ExportSection> {
    if (!this.access.readsContent(s)) return withheldPlans();
    await this.access.assertContent(s, clientId);
    const plans = await repo.plansOfClient(this.ctx.db, s.user.practiceId, clientId);
    const items: TreatmentPlan[] = [];
    for (const p of plans) {
      if (p.status === 'draft') continue;
      items.push(await this.detail(p));
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'export', resource: { type: 'treatment_plan', id: p.id }, outcome: 'success', details: { clientId } });
    }
    return plansExportSection(items);
  }

  /** Signed plans due for review today or earlier, of the clients this session reaches (owner: all; provider: their reach). */
  async due(s: ResolvedSession, meta: RequestMeta): Promise<PlanDueList> {
    if (!this.access.readsContent(s)) throw forbidden('Your role does not read clinical records');
    const rows = await repo.dueForReview(this.ctx.db, s.user.practiceId, this.today(), 200);
    const names = rows.length ? await this.clientNames(s.user.practiceId) : new Map<string, string>();
    const items: PlanDueList['items'] = [];
    for (const r of rows) {
      const visible = await this.access.assertClient(s, r.client_id).then(
        () => true,
        () => false,
      );
      if (visible) items.push({ id: r.id, clientId: r.client_id, clientName: names.get(r.client_id) ?? 'Client', nextReviewDate: r.next_review_date! });
    }
    await this.ctx.audit.record({ ...byStaff(s, meta), action: 'read', resource: { type: 'treatment_plan_reviews', id: null }, outcome: 'success', details: { count: items.length } });
    return { items };
  }
}
