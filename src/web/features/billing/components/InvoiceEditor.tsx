// "New invoice" (/billing/new) and editing a draft (/billing/invoices/:id/edit): pick the client,
// tick their sessions not billed yet, add other charges and a discount, and see the totals as the
// server will work them out (shared/money.ts). Save as a draft, or issue at once (the client is
// then told in the portal). An issued invoice is never edited here: it is voided or credited.
import { useEffect, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../api/client.js';
import { InvoiceCreate, InvoicePatch, type BillingSettings, type Invoice } from '../../../../shared/billing.js';
import { ErrorSummary, Field, SubmitForm, TextAreaField, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { useMe } from '../../../session/useMe.js';
import { useClientBillingProfile, useUnbilledFor } from '../api/clientBilling.js';
import { useInvoice, useInvoiceActions } from '../api/invoices.js';
import { useBillingSettings } from '../api/settings.js';
import { billingAccess } from '../model/access.js';
import { type Candidate, type DraftForm, draftLabels, liveTotals, readDraft } from '../model/draft-form.js';
import { amountInput } from '../model/money-input.js';
import { invoiceTitle } from '../model/labels.js';
import { showErrors } from './show-errors.js';
import { ClientPicker, type PickedClient } from './ClientPicker.js';
import { AppointmentChoices, ManualLines, TotalsTable } from './DraftParts.js';
import './billing.css';

export function NewInvoicePage() {
  const me = useMe();
  const settings = useBillingSettings();
  const [client, setClient] = useState<PickedClient | null>(null);
  if (me.data && !billingAccess(me.data.permissions).writeInvoices) return <NoWrite />;
  return (
    <div data-testid="new-invoice-page">
      <p className="breadcrumb">
        <Link to="/billing">Billing</Link>
      </p>
      <h1>New invoice</h1>
      <ClientPicker label="Client" picked={client} onPick={setClient} testId="invoice-client" description="The invoice is for one client. Type part of their name." />
      <QueryState query={settings} what="billing settings" testId="invoice-settings">
        {(s) => (client ? <DraftEditor key={client.id} settings={s} clientId={client.id} /> : null)}
      </QueryState>
    </div>
  );
}

export function EditInvoicePage() {
  const { id = '' } = useParams();
  const settings = useBillingSettings();
  const invoice = useInvoice(id);
  return (
    <div data-testid="edit-invoice-page">
      <p className="breadcrumb">
        <Link to={`/billing/invoices/${id}`}>Back to the invoice</Link>
      </p>
      <QueryState query={invoice} what="the invoice" testId="edit-invoice">
        {(inv) =>
          inv.status !== 'draft' ? (
            <>
              <h1>{invoiceTitle(inv)}</h1>
              <p role="alert" className="notice warn">
                This invoice has been issued, so it cannot be edited. Void it and issue a replacement, or give a credit note.
              </p>
            </>
          ) : (
            <>
              <h1>Edit {invoiceTitle(inv).toLowerCase()} for {inv.clientName ?? 'the client'}</h1>
              <QueryState query={settings} what="billing settings" testId="invoice-settings">
                {(s) => <DraftEditor settings={s} clientId={inv.clientId} invoice={inv} />}
              </QueryState>
            </>
          )
        }
      </QueryState>
    </div>
  );
}

/** A client out of this role's reach (or a role that may not invoice) is told so, not shown an error. */
function unbilledUnavailable(e: unknown): boolean {
  return isApiError(e) && (e.status === 403 || e.status === 404);
}

function NoWrite() {
  return (
    <div data-testid="new-invoice-page">
      <h1>New invoice</h1>
      <p>Your role does not create invoices. Providers, billing staff and practice owners do.</p>
    </div>
  );
}

/** The draft's own appointment lines as candidates (the unbilled list no longer holds them). */
function ownCandidates(inv: Invoice | undefined): Candidate[] {
  if (!inv) return [];
  return inv.lines
    .filter((l) => l.appointmentId)
    .map((l) => ({ appointmentId: l.appointmentId ?? '', start: l.serviceDate ?? '', service: l.description, status: l.kind === 'no_show' ? 'no_show' : l.kind === 'late_cancel' ? 'late_cancel' : 'completed', rateCents: l.rateCents }));
}

function initialForm(clientId: string, inv: Invoice | undefined): DraftForm {
  if (!inv) return { clientId, appointmentIds: [], manual: [], discount: '', memo: '' };
  const discount = inv.lines.reduce((s, l) => s + l.discountCents, 0);
  return {
    clientId,
    appointmentIds: inv.lines.flatMap((l) => (l.appointmentId ? [l.appointmentId] : [])),
    manual: inv.lines.filter((l) => l.kind === 'manual').map((l) => ({ key: l.id, description: l.description, units: String(l.units), rate: amountInput(l.rateCents, inv.currency), taxable: l.taxRate !== '0' })),
    discount: discount ? amountInput(discount, inv.currency) : '',
    memo: inv.memo ?? '',
  };
}

function DraftEditor({ settings, clientId, invoice }: { settings: BillingSettings; clientId: string; invoice?: Invoice }) {
  const navigate = useNavigate();
  const actions = useInvoiceActions();
  const unbilled = useUnbilledFor(clientId);
  const profile = useClientBillingProfile(clientId);
  const [f, setF] = useState<DraftForm>(() => initialForm(clientId, invoice));
  const form = useFormErrors(draftLabels(f.manual.length));
  const { busy, submit } = useSubmit(form);
  const currency = settings.currency;
  const taxLabel = settings.taxLabel ?? 'Sales tax';
  const candidates = useMemo(() => [...ownCandidates(invoice), ...(unbilled.data ?? []).map((r) => ({ appointmentId: r.appointmentId, start: r.start, service: r.service, status: r.status, rateCents: r.rateCents }))], [invoice, unbilled.data]);
  const ctx = { currency, fees: settings, slidingScale: profile.data?.slidingScalePercent ?? null };
  const read = readDraft(f, candidates, ctx);
  const { errors, summary, setSummary } = form;
  // Once every highlighted field is corrected, "Please correct the highlighted fields" goes too.
  useEffect(() => {
    if (Object.keys(errors).length === 0 && summary === 'Please correct the highlighted fields.') setSummary(null);
  }, [errors, summary, setSummary]);
  const totals = liveTotals(read, settings.taxRate);
  const descriptions = Object.fromEntries([...candidates.map((c) => [c.appointmentId, c.service ?? 'Session']), ...f.manual.map((m) => [m.key, m.description])]);

  const save = (thenIssue: boolean) => {
    if (Object.keys(read.errors).length) {
      showErrors(form, read.errors);
      return;
    }
    if (!read.body.appointmentIds && !read.body.lines) {
      showErrors(form, { appointmentIds: 'Tick at least one session, or add a charge.' });
      return;
    }
    const parsed = invoice ? InvoicePatch.safeParse({ appointmentIds: read.body.appointmentIds ?? [], lines: read.body.lines ?? [], discountCents: read.body.discountCents ?? 0, memo: read.body.memo ?? null, version: invoice.version }) : InvoiceCreate.safeParse(read.body);
    void submit(parsed as ReturnType<typeof InvoiceCreate.safeParse>, async () => {
      const id = invoice ? (await actions.edit(invoice.id, parsed.data as InvoicePatch)).id : await actions.create(parsed.data as InvoiceCreate);
      if (thenIssue) await actions.issue(id);
      await navigate(`/billing/invoices/${id}`);
    });
  };

  return (
    <SubmitForm onSubmit={() => save(false)} aria-label="Invoice" data-testid="draft-form" className="form draft-form">
      <ErrorSummary form={form} />
      <section aria-labelledby="draft-sessions-h">
        <h2 id="draft-sessions-h">Sessions</h2>
        {unbilledUnavailable(unbilled.error) ? (
          <p className="muted" data-testid="unbilled-unavailable">
            {isApiError(unbilled.error) && unbilled.error.status === 403
              ? 'The list of sessions not billed yet is not open to your role. Billing staff and practice owners bill sessions; you can add other charges below.'
              : 'This server cannot list the sessions not billed yet; add the charges below.'}
          </p>
        ) : (
          <QueryState query={unbilled} what="sessions not billed yet" testId="unbilled">
            {() => <AppointmentChoices candidates={candidates} value={f.appointmentIds} onChange={(v) => setF({ ...f, appointmentIds: v })} fees={settings} currency={currency} form={form} />}
          </QueryState>
        )}
        {profile.data?.slidingScalePercent ? <p className="field-description">This client’s sliding scale takes {profile.data.slidingScalePercent}% off each session.</p> : null}
      </section>
      <section aria-labelledby="draft-charges-h">
        <h2 id="draft-charges-h">Other charges</h2>
        <ManualLines rows={f.manual} onChange={(manual) => setF({ ...f, manual })} form={form} currency={currency} taxLabel={taxLabel.toLowerCase()} />
      </section>
      <Field className="amount-field" name="discountCents" label={`Discount on the whole invoice (${currency})`} value={f.discount} onChange={(discount) => setF({ ...f, discount })} form={form} testId="draft-discount" description="Optional. Spread over the lines in proportion to their amounts." />
      <TextAreaField name="memo" label="Note on the invoice" value={f.memo} onChange={(memo) => setF({ ...f, memo })} form={form} rows={2} testId="draft-memo" description="Optional. The client sees it on the invoice; keep clinical details out." />
      <section aria-labelledby="draft-totals-h" aria-live="polite">
        <h2 id="draft-totals-h">Totals</h2>
        {totals.problem ? (
          <p className="field-error" data-testid="draft-problem">{totals.problem}</p>
        ) : totals.lines.length ? (
          <TotalsTable totals={totals} descriptions={descriptions} currency={currency} taxLabel={taxLabel} />
        ) : (
          <p className="muted">Tick a session or add a charge to see the totals.</p>
        )}
      </section>
      <div className="actions">
        <Button type="submit" className="btn" isDisabled={busy} data-testid="save-draft">
          Save draft
        </Button>
        <Button className="btn primary" isDisabled={busy} onPress={() => save(true)} data-testid="issue-now">
          {busy ? 'Saving…' : 'Save and issue'}
        </Button>
      </div>
    </SubmitForm>
  );
}
