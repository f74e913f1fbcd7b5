// Who and what appears on claims besides the practice: payers (with their coding override), a
// provider's billing profile (credentials, licence, NPI; encrypted) and a client's billing profile
// (sliding scale, payer, diagnoses in claim order; encrypted). Billing staff write them, compliance
// reads them; a provider reads and writes their own profile and their own clients'. Audited.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../errors.js';
import type { ClientBillingProfile, Payer, PayerInput, ProviderBillingProfile } from '../../../shared/billing.js';
import { roleCan } from '../../../shared/roles.js';
import type { z } from 'zod';
import type { ClientBillingProfilePatch } from '../../../shared/billing.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import type { BillingAccess } from './access.js';
import * as repo from './repo.js';

const provRef = (userId: string) => ({ table: 'billing_provider_profiles', column: 'profile_enc', rowId: userId });
const dxRef = (clientId: string) => ({ table: 'billing_client_profiles', column: 'diagnoses_enc', rowId: clientId });

function presentPayer(r: repo.PayerRow): Payer {
  return { id: r.id, name: r.name, overridePos: r.override_pos, overrideModifiers: r.override_modifiers ? r.override_modifiers.split(',') : null, active: Number(r.active) === 1 };
}

export class ProfilesPart {
  constructor(
    private readonly ctx: AppContext,
    private readonly access: BillingAccess,
    private readonly clients: ClientService,
  ) {}

  /** Billing roles with `permission`, or a provider acting on their own (the caller checks which). */
  private may(s: ResolvedSession, permission: 'billing.read' | 'billing.write'): 'billing' | 'provider' {
    const role = this.access.role(s);
    if (roleCan(role, permission)) return 'billing';
    if (role === 'provider') return 'provider';
    throw forbidden('Your active role does not allow this');
  }

  // ---- payers ----

  async payers(s: ResolvedSession, meta: RequestMeta): Promise<{ items: Payer[] }> {
    const items = (await repo.payers(this.ctx.db, s.user.practiceId)).map(presentPayer);
    await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'read', resource: { type: 'billing_payers', id: null }, outcome: 'success', details: { count: items.length } });
    return { items };
  }

  async createPayer(s: ResolvedSession, input: PayerInput, meta: RequestMeta): Promise<Payer> {
    const pid = s.user.practiceId;
    if (await repo.findPayerByName(this.ctx.db, pid, input.name)) throw conflict('name: the practice already has a payer with this name', 'name');
    const now = this.ctx.clock.now();
    const row: repo.PayerRow = {
      id: randomUUID(),
      practice_id: pid,
      name: input.name,
      override_pos: input.overridePos ?? null,
      override_modifiers: input.overrideModifiers?.length ? input.overrideModifiers.join(',') : null,
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    };
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertPayer(tx, row);
      await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'create', resource: { type: 'billing_payer', id: row.id }, outcome: 'success' }, tx);
    });
    return presentPayer(row);
  }

  async updatePayer(s: ResolvedSession, id: string, input: Partial<PayerInput>, meta: RequestMeta): Promise<Payer> {
    const pid = s.user.practiceId;
    const r = await repo.findPayer(this.ctx.db, pid, id);
    if (!r) throw notFound('Payer');
    if (input.name !== undefined && input.name !== r.name && (await repo.findPayerByName(this.ctx.db, pid, input.name))) throw conflict('name: the practice already has a payer with this name', 'name');
    const set: Partial<repo.PayerRow> = { updated_at: this.ctx.clock.now() };
    if (input.name !== undefined) set.name = input.name;
    if (input.overridePos !== undefined) set.override_pos = input.overridePos;
    if (input.overrideModifiers !== undefined) set.override_modifiers = input.overrideModifiers?.length ? input.overrideModifiers.join(',') : null;
    if (input.active !== undefined) set.active = input.active ? 1 : 0;
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.updatePayer(tx, id, set);
      await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'update', resource: { type: 'billing_payer', id }, outcome: 'success', details: { fields: Object.keys(input) } }, tx);
    });
    return presentPayer({ ...r, ...set });
  }

  // ---- provider profiles ----

  private async assertProvider(s: ResolvedSession, userId: string, permission: 'billing.read' | 'billing.write'): Promise<void> {
    const as = this.may(s, permission);
    if (as === 'provider' && userId !== s.user.id) throw notFound('Provider');
    if (!(await this.clients.providers(s)).some((p) => p.id === userId)) throw notFound('Provider');
  }

  async providerProfile(s: ResolvedSession, userId: string, meta: RequestMeta): Promise<ProviderBillingProfile> {
    await this.assertProvider(s, userId, 'billing.read');
    const row = await repo.providerProfile(this.ctx.db, s.user.practiceId, userId);
    await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'read', resource: { type: 'billing_provider_profile', id: userId }, outcome: 'success' });
    if (!row) return { credentials: '', licence: '', npi: '' };
    return JSON.parse(await this.ctx.crypto.decrypt(provRef(userId), row.profile_enc)) as ProviderBillingProfile;
  }

  async putProviderProfile(s: ResolvedSession, userId: string, input: ProviderBillingProfile, meta: RequestMeta): Promise<ProviderBillingProfile> {
    const pid = s.user.practiceId;
    await this.assertProvider(s, userId, 'billing.write');
    await this.ctx.db.transaction().execute(async (tx) => {
      const enc = await this.ctx.crypto.encrypt(pid, provRef(userId), JSON.stringify(input), tx);
      await repo.upsertProviderProfile(tx, { user_id: userId, practice_id: pid, profile_enc: enc, updated_at: this.ctx.clock.now() });
      await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'update', resource: { type: 'billing_provider_profile', id: userId }, outcome: 'success' }, tx);
    });
    return input;
  }

  /** A provider's billing profile for a part that has checked access (superbills); null when none is kept. Not audited. */
  async providerProfileOf(practiceId: string, userId: string): Promise<ProviderBillingProfile | null> {
    const row = await repo.providerProfile(this.ctx.db, practiceId, userId);
    return row ? (JSON.parse(await this.ctx.crypto.decrypt(provRef(userId), row.profile_enc)) as ProviderBillingProfile) : null;
  }

  // ---- client profiles ----

  /** A client's billing profile for a part that has checked access (superbills, invoices). Not audited. */
  async clientProfileOf(practiceId: string, clientId: string): Promise<ClientBillingProfile> {
    const row = await repo.clientProfile(this.ctx.db, practiceId, clientId);
    const codes = row?.diagnoses_enc ? (JSON.parse(await this.ctx.crypto.decrypt(dxRef(clientId), row.diagnoses_enc)) as string[]) : [];
    const descriptions = await repo.diagnosisDescriptions(this.ctx.db, practiceId, codes);
    return {
      clientId,
      slidingScalePercent: row?.sliding_scale_percent ?? null,
      payerId: row?.payer_id ?? null,
      diagnoses: codes.map((code) => ({ code, description: descriptions.get(code) ?? '' })),
      autopay: Number(row?.autopay ?? 0) === 1,
      cardOnFile: Boolean(row?.stripe_payment_method_id),
    };
  }

  async clientProfile(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<ClientBillingProfile> {
    this.may(s, 'billing.read');
    await this.access.assertClient(s, clientId);
    const out = await this.clientProfileOf(s.user.practiceId, clientId);
    await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'read', resource: { type: 'client_billing_profile', id: clientId }, outcome: 'success' });
    return out;
  }

  /** Changes a client's billing profile. Each diagnosis must be on the practice's list or in the imported CMS file when either exists (400 naming diagnoses[i]). */
  async updateClientProfile(s: ResolvedSession, clientId: string, patch: z.infer<typeof ClientBillingProfilePatch>, meta: RequestMeta): Promise<ClientBillingProfile> {
    const pid = s.user.practiceId;
    this.may(s, 'billing.write');
    await this.access.assertClient(s, clientId);
    if (patch.payerId) {
      const payer = await repo.findPayer(this.ctx.db, pid, patch.payerId);
      if (!payer || Number(payer.active) !== 1) throw invalid('payerId', 'not an active payer of this practice');
    }
    if (patch.diagnoses) {
      const seen = new Set<string>();
      patch.diagnoses.forEach((code, i) => {
        if (seen.has(code)) throw invalid(`diagnoses[${i}]`, 'lists the same code twice');
        seen.add(code);
      });
      if (await repo.hasDiagnosisLists(this.ctx.db, pid)) {
        const known = await repo.knownDiagnosisCodes(this.ctx.db, pid, patch.diagnoses);
        patch.diagnoses.forEach((code, i) => {
          if (!known.has(code)) throw invalid(`diagnoses[${i}]`, "is not on the practice's diagnosis list or in the ICD-10-CM code file");
        });
      }
    }
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const set: Partial<repo.ClientProfileRow> = { updated_by: s.user.id, updated_at: now };
      if (patch.slidingScalePercent !== undefined) set.sliding_scale_percent = patch.slidingScalePercent === null || patch.slidingScalePercent === '0' ? null : patch.slidingScalePercent;
      if (patch.payerId !== undefined) set.payer_id = patch.payerId;
      if (patch.diagnoses !== undefined) set.diagnoses_enc = patch.diagnoses.length ? await this.ctx.crypto.encrypt(pid, dxRef(clientId), JSON.stringify(patch.diagnoses), tx) : null;
      if (patch.autopay === false) Object.assign(set, { autopay: 0, autopay_consent_at: null });
      await repo.upsertClientProfile(tx, { client_id: clientId, practice_id: pid, sliding_scale_percent: null, payer_id: null, diagnoses_enc: null, autopay: 0, autopay_consent_at: null, stripe_customer_id: null, stripe_payment_method_id: null, updated_by: s.user.id, updated_at: now, ...set }, set);
      await this.ctx.audit.record({ ...this.access.who(s, meta), action: 'update', resource: { type: 'client_billing_profile', id: clientId }, outcome: 'success', details: { fields: Object.keys(patch) } }, tx);
    });
    return this.clientProfileOf(pid, clientId);
  }
}
