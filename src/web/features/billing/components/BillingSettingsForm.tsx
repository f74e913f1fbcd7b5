// The practice's billing settings (owner): currency, sales tax, what a late cancellation and a
// no-show cost, automatic invoicing, days to pay, and the practice as invoices and superbills name
// it. Sends only what changed, with the version it started from (a stale save is refused).
import { useState } from 'react';
import { AUTO_INVOICE, BillingSettingsPatch, FEE_POLICIES, type BillingSettings, type FeeRule } from '../../../../shared/billing.js';
import { CURRENCY_CODES, type CurrencyCode } from '../../../../shared/money.js';
import { ErrorSummary, Field, NumberField, SubmitForm, TextAreaField, useFormErrors, useSavedNote, useSubmit } from '../../../components/forms.js';
import { SelectField } from '../../../components/SelectField.js';
import { useBillingSettingsActions } from '../api/settings.js';
import { amountInput, amountProblem, parseAmount } from '../model/money-input.js';
import { showErrors } from './show-errors.js';

const LABELS: Record<string, string> = {
  currency: 'Currency',
  taxRate: 'Sales tax rate',
  taxLabel: 'Tax name',
  'lateCancelFee.policy': 'Late cancellation fee',
  'lateCancelFee.amountCents': 'Late cancellation amount',
  'noShowFee.policy': 'No-show fee',
  'noShowFee.amountCents': 'No-show amount',
  autoInvoice: 'Automatic invoicing',
  dueDays: 'Days to pay',
  'identity.legalName': 'Legal name',
  'identity.address': 'Address',
  'identity.taxId': 'Tax id (EIN)',
  'identity.npi': 'Practice NPI',
  'identity.phone': 'Billing phone',
  version: 'Settings',
};

const POLICY_LABELS: Record<(typeof FEE_POLICIES)[number], string> = { none: 'No fee', flat: 'A flat fee', service_rate: 'The session’s full rate' };
const AUTO_LABELS: Record<(typeof AUTO_INVOICE)[number], string> = { off: 'Off: staff create invoices', per_appointment: 'An invoice for each attended session', monthly: 'One invoice per client each month' };

function FeeFields({ name, label, rule, onChange, currency, form }: { name: 'lateCancelFee' | 'noShowFee'; label: string; rule: { policy: string; amount: string }; onChange: (r: { policy: string; amount: string }) => void; currency: CurrencyCode; form: ReturnType<typeof useFormErrors> }) {
  return (
    <div className="grid-2">
      <SelectField name={`${name}.policy`} label={label} value={rule.policy} onChange={(policy) => onChange({ ...rule, policy })} options={FEE_POLICIES.map((p) => ({ id: p, label: POLICY_LABELS[p] }))} form={form} testId={`${name}-policy`} />
      {rule.policy === 'flat' ? <Field name={`${name}.amountCents`} label={`Amount (${currency})`} value={rule.amount} onChange={(amount) => onChange({ ...rule, amount })} form={form} testId={`${name}-amount`} /> : null}
    </div>
  );
}

const feeState = (r: FeeRule | BillingSettings['lateCancelFee'], c: CurrencyCode): { policy: string; amount: string } => ({ policy: r.policy, amount: r.amountCents ? amountInput(r.amountCents, c) : '' });

export function BillingSettingsForm({ settings, canWrite }: { settings: BillingSettings; canWrite: boolean }) {
  const { save } = useBillingSettingsActions();
  const form = useFormErrors(LABELS);
  const { busy, submit } = useSubmit(form);
  const { saved, setSaved, edited } = useSavedNote();
  const [currency, setCurrency] = useState<CurrencyCode>(settings.currency);
  const [taxRate, setTaxRate] = useState(settings.taxRate);
  const [taxLabel, setTaxLabel] = useState(settings.taxLabel ?? '');
  const [late, setLate] = useState(feeState(settings.lateCancelFee, settings.currency));
  const [noShow, setNoShow] = useState(feeState(settings.noShowFee, settings.currency));
  const [auto, setAuto] = useState<string>(settings.autoInvoice);
  const [dueDays, setDueDays] = useState(String(settings.dueDays));
  const id0 = settings.identity;
  const [identity, setIdentity] = useState({ legalName: id0?.legalName ?? '', address: id0?.address ?? '', taxId: id0?.taxId ?? '', npi: id0?.npi ?? '', phone: id0?.phone ?? '' });
  const setId = (k: keyof typeof identity) => edited((v: string) => setIdentity({ ...identity, [k]: v }));

  const send = () => {
    const fees: Record<string, FeeRule> = {};
    const problems: Record<string, string> = {};
    for (const [name, r] of [['lateCancelFee', late], ['noShowFee', noShow]] as const) {
      const cents = r.policy === 'flat' ? parseAmount(r.amount, currency) : 0;
      if (cents === null) problems[`${name}.amountCents`] = amountProblem(currency);
      fees[name] = { policy: r.policy as FeeRule['policy'], amountCents: cents ?? 0 };
    }
    if (Object.keys(problems).length) return showErrors(form, problems);
    const anyIdentity = Object.values(identity).some((v) => v.trim() !== '');
    const body = {
      ...(currency !== settings.currency ? { currency } : {}),
      taxRate: taxRate.trim(),
      taxLabel: taxLabel.trim() || null,
      ...fees,
      autoInvoice: auto,
      dueDays: dueDays.trim() === '' ? Number.NaN : Number(dueDays),
      ...(anyIdentity ? { identity: { legalName: identity.legalName.trim(), address: identity.address.trim(), taxId: identity.taxId.trim(), npi: identity.npi.trim(), ...(identity.phone.trim() ? { phone: identity.phone.trim() } : {}) } } : {}),
      version: settings.version,
    };
    void submit(BillingSettingsPatch.safeParse(body), async (data) => {
      await save(data);
      setSaved(true);
    });
  };

  return (
    <SubmitForm onSubmit={send} aria-label="Billing settings" data-testid="billing-settings-form" className="form">
      <ErrorSummary form={form} />
      <fieldset className="fieldset stack" disabled={!canWrite}>
        <legend>Money</legend>
        <div className="grid-2">
          <SelectField name="currency" label="Currency" value={currency} onChange={edited((v: string) => setCurrency(v as CurrencyCode))} options={CURRENCY_CODES.map((c) => ({ id: c, label: c }))} form={form} testId="billing-currency" description="Can change only until the first invoice is issued." />
          <Field name="taxRate" label="Sales tax rate (%)" value={taxRate} onChange={edited(setTaxRate)} form={form} testId="billing-tax-rate" inputMode="text" description="e.g. 8.875; 0 when sessions are not taxed. Tax applies only to charges marked taxable." />
          <Field name="taxLabel" label="Tax name on invoices" value={taxLabel} onChange={edited(setTaxLabel)} form={form} testId="billing-tax-label" description="e.g. Sales tax, GST." maxLength={40} />
          <NumberField name="dueDays" label="Days to pay" value={dueDays} onChange={edited(setDueDays)} form={form} min={0} max={365} testId="billing-due-days" description="An issued invoice is due this many days later." />
        </div>
      </fieldset>
      <fieldset className="fieldset stack" disabled={!canWrite}>
        <legend>Fees and automatic invoicing</legend>
        <FeeFields name="lateCancelFee" label="Late cancellation fee" rule={late} onChange={edited(setLate)} currency={currency} form={form} />
        <FeeFields name="noShowFee" label="No-show fee" rule={noShow} onChange={edited(setNoShow)} currency={currency} form={form} />
        <SelectField name="autoInvoice" label="Automatic invoicing" value={auto} onChange={edited(setAuto)} options={AUTO_INVOICE.map((a) => ({ id: a, label: AUTO_LABELS[a] }))} form={form} testId="billing-auto-invoice" />
      </fieldset>
      <fieldset className="fieldset stack" disabled={!canWrite}>
        <legend>The practice on invoices and superbills</legend>
        <div className="grid-2">
          <Field name="identity.legalName" label="Legal name" value={identity.legalName} onChange={setId('legalName')} form={form} testId="billing-legal-name" maxLength={200} />
          <Field name="identity.taxId" label="Tax id (EIN)" value={identity.taxId} onChange={setId('taxId')} form={form} testId="billing-tax-id" description="e.g. 12-3456789" />
          <Field name="identity.npi" label="Practice NPI" value={identity.npi} onChange={setId('npi')} form={form} testId="billing-npi" inputMode="numeric" description="10 digits" />
          <Field name="identity.phone" label="Billing phone" value={identity.phone} onChange={setId('phone')} form={form} testId="billing-phone" type="tel" description="Optional." />
        </div>
        <TextAreaField name="identity.address" label="Address" value={identity.address} onChange={setId('address')} form={form} rows={3} testId="billing-address" />
      </fieldset>
      {canWrite ? (
        <div className="actions">
          <button type="submit" className="btn primary" disabled={busy} data-testid="billing-settings-save">
            {busy ? 'Saving…' : 'Save billing settings'}
          </button>
          <span role="status" data-testid="billing-settings-saved">
            {saved ? 'Saved.' : ''}
          </span>
        </div>
      ) : null}
    </SubmitForm>
  );
}
