// The client page's Billing panel: what the client owes (or has as credit), their open invoices,
// their billing profile (sliding scale, payer, diagnoses, autopay) and "Record payment". Shown only
// to roles that read invoices; the profile is changed by roles that write them.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import { ClientBillingProfilePatch, type ClientBalance, type ClientBillingProfile } from '../../../../shared/billing.js';
import { isIcd10Code } from '../../../../shared/billing-codes.js';
import { formatMoney } from '../../../../shared/money.js';
import { Card } from '../../../components/Card.js';
import { Fact } from '../../../components/facts.js';
import { ErrorSummary, Field, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { useMe } from '../../../session/useMe.js';
import { useClientBillingProfile, useSaveClientBillingProfile } from '../api/clientBilling.js';
import { useClientBalance } from '../api/payments.js';
import { usePayers } from '../api/settings.js';
import { billingAccess } from '../model/access.js';
import { invoiceTitle, shortDate } from '../model/labels.js';
import { ClientBillingDocuments } from './ClientBillingDocuments.js';
import { PaymentDialog } from './PaymentDialog.js';
import { showErrors } from './show-errors.js';
import { StatusBadge } from './StatusBadge.js';
import './billing.css';

export function ClientBillingPanel({ clientId }: { clientId: string }) {
  const me = useMe();
  const access = billingAccess(me.data?.permissions);
  const balance = useClientBalance(clientId, access.read);
  const profile = useClientBillingProfile(clientId, access.read);
  const [paying, setPaying] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (!access.read) return null;
  return (
    <Card id="client-billing-h" title="Billing" testId="client-billing">
      <p role="status" className={notice ? 'notice' : undefined}>
        {notice}
      </p>
      <QueryState query={balance} what="the balance" testId="client-balance">
        {(b) => (
          <>
            <BalanceFacts b={b} />
            <div className="actions">
              {access.recordPayments ? (
                <Button className="btn primary" onPress={() => { setNotice(null); setPaying(true); }} data-testid="client-record-payment">
                  Record payment
                </Button>
              ) : null}
              {access.writeInvoices ? (
                <Link className="btn" to="/billing/new">
                  New invoice
                </Link>
              ) : null}
            </div>
            {paying ? <PaymentDialog clientId={clientId} currency={b.currency} suggestedCents={Math.max(0, b.balanceCents)} onClose={() => setPaying(false)} onDone={(m) => { setPaying(false); setNotice(m); }} /> : null}
          </>
        )}
      </QueryState>
      {/* Statements and superbills are clinical enough to keep from front desk (the server refuses them too). */}
      {access.writeInvoices || access.readSettings ? <ClientBillingDocuments clientId={clientId} /> : null}
      <h3>Billing profile</h3>
      <QueryState query={profile} what="the billing profile" testId="client-billing-profile">
        {(p) => <ProfileView p={p} canWrite={access.writeInvoices || access.billingWrite} readPayers={access.readSettings} />}
      </QueryState>
    </Card>
  );
}

function BalanceFacts({ b }: { b: ClientBalance }) {
  const m = (n: number) => formatMoney(n, b.currency);
  return (
    <>
      <dl className="facts">
        <Fact label={b.balanceCents < 0 ? 'Credit' : 'Owes'} testId="client-balance-figure">
          <span className="balance-figure">{m(Math.abs(b.balanceCents))}</span>
        </Fact>
        <Fact label="Open invoices">{m(b.outstandingCents)}</Fact>
        <Fact label="Unapplied payments">{m(b.unappliedCents)}</Fact>
      </dl>
      {b.openInvoices.length ? (
        <ul className="rows" data-testid="client-open-invoices">
          {b.openInvoices.map((inv) => (
            <li key={inv.id}>
              <span>
                <Link to={`/billing/invoices/${inv.id}`}>{invoiceTitle(inv)}</Link> <StatusBadge status={inv.status} /> <span className="muted">due {shortDate(inv.dueAt)}</span>
              </span>
              <span className="num">{m(inv.balanceCents)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No open invoices.</p>
      )}
    </>
  );
}

function ProfileView({ p, canWrite, readPayers }: { p: ClientBillingProfile; canWrite: boolean; readPayers: boolean }) {
  const [editing, setEditing] = useState(false);
  const payers = usePayers(readPayers);
  const payerName = payers.data?.items.find((x) => x.id === p.payerId)?.name;
  if (editing) return <ProfileForm p={p} payers={payers.data?.items ?? []} onDone={() => setEditing(false)} />;
  return (
    <>
      <dl className="facts">
        <Fact label="Sliding scale">{p.slidingScalePercent ? `${p.slidingScalePercent}% off sessions` : 'None: full rate'}</Fact>
        <Fact label="Payer">{p.payerId ? (payerName ?? 'On file') : 'Self-pay'}</Fact>
        <Fact label="Diagnoses">{p.diagnoses.length ? p.diagnoses.map((d) => `${d.code}${d.description ? ` ${d.description}` : ''}`).join('; ') : null}</Fact>
        <Fact label="Autopay">{p.autopay ? 'On (the client’s card is charged when an invoice is issued)' : p.cardOnFile ? 'Off; a card is saved' : 'Off'}</Fact>
      </dl>
      {canWrite ? (
        <Button className="btn" onPress={() => setEditing(true)} data-testid="client-billing-edit">
          Edit billing profile
        </Button>
      ) : null}
    </>
  );
}

function ProfileForm({ p, payers, onDone }: { p: ClientBillingProfile; payers: { id: string; name: string; active: boolean }[]; onDone: () => void }) {
  const save = useSaveClientBillingProfile();
  const form = useFormErrors({ slidingScalePercent: 'Sliding scale', payerId: 'Payer', diagnoses: 'Diagnoses', autopay: 'Autopay' });
  const { busy, submit } = useSubmit(form);
  const [scale, setScale] = useState(p.slidingScalePercent ?? '');
  const [payerId, setPayerId] = useState(p.payerId ?? '');
  const [codes, setCodes] = useState(p.diagnoses.map((d) => d.code).join(', '));
  const [autopayOff, setAutopayOff] = useState(false);
  const send = () => {
    const list = codes.split(/[\s,;]+/).filter(Boolean);
    const bad = list.filter((c) => !isIcd10Code(c));
    if (bad.length) return showErrors(form, { diagnoses: `${bad.join(', ')} ${bad.length === 1 ? 'is not an ICD-10-CM code' : 'are not ICD-10-CM codes'}: a letter, a digit, a letter or digit, then optionally a dot and 1–4 more (e.g. F41.1)` });
    const body = { slidingScalePercent: scale.trim() || null, payerId: payerId || null, diagnoses: list, ...(autopayOff ? { autopay: false } : {}) };
    void submit(ClientBillingProfilePatch.safeParse(body), async (data) => {
      await save(p.clientId, data);
      onDone();
    });
  };
  return (
    <SubmitForm onSubmit={send} aria-label="Billing profile" className="form inset">
      <ErrorSummary form={form} testId="client-billing-error" />
      <div className="grid-2">
        <Field name="slidingScalePercent" label="Sliding scale (% off sessions)" value={scale} onChange={setScale} form={form} testId="client-sliding-scale" description="e.g. 40 for 40% off; empty for the full rate." />
        <SelectField name="payerId" label="Payer" value={payerId} onChange={setPayerId} options={[{ id: '', label: 'Self-pay' }, ...payers.filter((x) => x.active || x.id === p.payerId).map((x) => ({ id: x.id, label: x.name }))]} form={form} testId="client-payer" />
      </div>
      <Field name="diagnoses" label="Diagnoses (ICD-10-CM, in claim order)" value={codes} onChange={setCodes} form={form} testId="client-diagnoses" description="Codes from the practice’s list, separated by commas, e.g. F41.1, F32.0" />
      {p.autopay ? (
        <label className="checkbox">
          <input type="checkbox" checked={autopayOff} onChange={(e) => setAutopayOff(e.target.checked)} data-testid="client-autopay-off" /> Turn autopay off (only the client can turn it on, in the portal)
        </label>
      ) : null}
      <div className="actions">
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="client-billing-save">
          Save
        </Button>
        <Button className="btn" onPress={onDone}>
          Cancel
        </Button>
      </div>
    </SubmitForm>
  );
}
