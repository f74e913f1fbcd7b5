// The practice's billing settings (currency, sales tax, fee policy, automatic invoicing, due days,
// its identity on invoices), created lazily with defaults on first read. The owner writes them;
// billing staff and compliance read them. A stale version answers 409; the currency is fixed once
// anything has been issued. Audited.
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { conflict } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import type { BillingSettings, BillingSettingsPatch, PracticeIdentity } from '../../../shared/billing.js';
import type { CurrencyCode } from '../../../shared/money.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import * as repo from './repo.js';
import type { Insertable } from 'kysely';
import type { BillingSettingsTable, FeePolicy } from './table.js';

const ref = (practiceId: string, column: string) => ({ table: 'billing_settings', column, rowId: practiceId });

/** A practice's settings row before anyone changed it: USD, no tax, no fees, manual invoicing, 14 days, numbers from 1. */
export function defaultSettingsRow(practiceId: string, now: number): Insertable<BillingSettingsTable> {
  return {
    practice_id: practiceId,
    currency: 'USD',
    tax_rate: '0',
    tax_label: null,
    late_cancel_fee: 'none',
    late_cancel_fee_cents: 0,
    no_show_fee: 'none',
    no_show_fee_cents: 0,
    auto_invoice: 'off',
    due_days: 14,
    next_invoice_number: 1,
    next_credit_number: 1,
    identity_enc: null,
    stripe_key_enc: null,
    stripe_webhook_secret_enc: null,
    stripe_account_label: null,
    stripe_connected_at: null,
    updated_by: null,
    updated_at: now,
    version: 1,
  };
}

export class BillingSettingsPart {
  constructor(private readonly ctx: AppContext) {}

  /** The practice's settings row, with the defaults inserted first if it has none yet. */
  async row(practiceId: string, db: DbOrTx = this.ctx.db): Promise<repo.SettingsRow> {
    const found = await repo.settingsRow(db, practiceId);
    if (found) return found;
    await repo.insertSettingsIfMissing(db, defaultSettingsRow(practiceId, this.ctx.clock.now()));
    return (await repo.settingsRow(db, practiceId))!;
  }

  /** The practice's identity as printed on invoices and superbills, or null before it is set. */
  async identity(practiceId: string, row?: repo.SettingsRow, db: DbOrTx = this.ctx.db): Promise<PracticeIdentity | null> {
    const r = row ?? (await this.row(practiceId, db));
    const plain = await this.ctx.crypto.decryptNullable(ref(practiceId, 'identity_enc'), r.identity_enc, db);
    return plain === null ? null : (JSON.parse(plain) as PracticeIdentity);
  }

  async present(row: repo.SettingsRow, db: DbOrTx = this.ctx.db): Promise<BillingSettings> {
    return {
      currency: row.currency as CurrencyCode,
      taxRate: row.tax_rate,
      taxLabel: row.tax_label,
      lateCancelFee: { policy: row.late_cancel_fee, amountCents: Number(row.late_cancel_fee_cents) },
      noShowFee: { policy: row.no_show_fee, amountCents: Number(row.no_show_fee_cents) },
      autoInvoice: row.auto_invoice,
      dueDays: Number(row.due_days),
      identity: await this.identity(row.practice_id, row, db),
      stripe: { connected: row.stripe_key_enc !== null, accountLabel: row.stripe_account_label, connectedAt: row.stripe_connected_at === null ? null : iso(Number(row.stripe_connected_at)) },
      version: Number(row.version),
    };
  }

  async get(s: ResolvedSession, meta: RequestMeta): Promise<BillingSettings> {
    const out = await this.present(await this.row(s.user.practiceId));
    await this.ctx.audit.record({ ...byStaff(s, meta), action: 'read', resource: { type: 'billing_settings', id: s.user.practiceId }, outcome: 'success' });
    return out;
  }

  async update(s: ResolvedSession, patch: BillingSettingsPatch, meta: RequestMeta): Promise<BillingSettings> {
    const pid = s.user.practiceId;
    await this.row(pid);
    return this.ctx.db.transaction().execute(async (tx) => {
      const row = (await repo.settingsRow(tx, pid))!;
      if (patch.version !== undefined && patch.version !== Number(row.version)) {
        throw conflict('The billing settings were changed meanwhile; reload them and try again', 'version');
      }
      if (patch.currency !== undefined && patch.currency !== row.currency && (await repo.anyIssued(tx, pid))) {
        throw conflict('currency: the practice has issued invoices in its currency; it cannot change now', 'currency');
      }
      const set: Partial<repo.SettingsRow> = { updated_by: s.user.id, updated_at: this.ctx.clock.now() };
      if (patch.currency !== undefined) set.currency = patch.currency;
      if (patch.taxRate !== undefined) set.tax_rate = patch.taxRate;
      if (patch.taxLabel !== undefined) set.tax_label = patch.taxLabel;
      if (patch.lateCancelFee) Object.assign(set, { late_cancel_fee: patch.lateCancelFee.policy as FeePolicy, late_cancel_fee_cents: patch.lateCancelFee.amountCents });
      if (patch.noShowFee) Object.assign(set, { no_show_fee: patch.noShowFee.policy as FeePolicy, no_show_fee_cents: patch.noShowFee.amountCents });
      if (patch.autoInvoice !== undefined) set.auto_invoice = patch.autoInvoice;
      if (patch.dueDays !== undefined) set.due_days = patch.dueDays;
      if (patch.identity !== undefined) set.identity_enc = await this.ctx.crypto.encrypt(pid, ref(pid, 'identity_enc'), JSON.stringify(patch.identity), tx);
      if ((await repo.updateSettings(tx, pid, Number(row.version), set)) !== 1) {
        throw conflict('The billing settings were changed meanwhile; reload them and try again', 'version');
      }
      const changed = Object.keys(patch).filter((k) => k !== 'version');
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'setting_change', resource: { type: 'billing_settings', id: pid }, outcome: 'success', details: { fields: changed } }, tx);
      return this.present((await repo.settingsRow(tx, pid))!, tx);
    });
  }
}
