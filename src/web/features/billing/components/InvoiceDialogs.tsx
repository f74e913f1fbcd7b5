// The invoice's changes that need words or a second thought: issuing (the client is told),
// deleting a draft, voiding (a reason; optionally a replacement draft), a credit note (the whole
// invoice or some lines) and a refund (at most what was paid).
import { useState } from 'react';
import { Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import { CreditNoteCreate, InvoiceVoid, RefundCreate, type Invoice } from '../../../../shared/billing.js';
import { formatMoney } from '../../../../shared/money.js';
import { DialogButtons, ModalDialog } from '../../../components/ModalDialog.js';
import { ErrorSummary, Field, SubmitForm, TextAreaField, useFormErrors, useSubmit } from '../../../components/forms.js';
import { FieldNotes } from '../../../components/forms.js';
import { Toggle } from '../../../components/Toggle.js';
import { useInvoiceActions } from '../api/invoices.js';
import { amountInput, amountProblem, parseAmount } from '../model/money-input.js';
import { invoiceTitle } from '../model/labels.js';
import { showErrors } from './show-errors.js';

type Done = (message: string, goTo?: string) => void;

/** "Are you sure?" for an act without fields (issue, delete a draft). */
export function ConfirmDialog({ title, body, confirm, danger = false, onConfirm, onClose, testId }: { title: string; body: string; confirm: string; danger?: boolean; onConfirm: () => Promise<unknown>; onClose: () => void; testId: string }) {
  const form = useFormErrors({});
  const { busy, submit } = useSubmit(form);
  return (
    <ModalDialog title={title} onClose={onClose} testId={testId}>
      <SubmitForm onSubmit={() => void submit({ success: true, data: null } as const, onConfirm)} aria-label={title}>
        <ErrorSummary form={form} />
        <p>{body}</p>
        <DialogButtons submit={confirm} danger={danger} onCancel={onClose} busy={busy} submitTestId={`${testId}-confirm`} />
      </SubmitForm>
    </ModalDialog>
  );
}

export function VoidDialog({ inv, onClose, onDone }: { inv: Invoice; onClose: () => void; onDone: Done }) {
  const actions = useInvoiceActions();
  const form = useFormErrors({ reason: 'Reason', replace: 'Replacement' });
  const { busy, submit } = useSubmit(form);
  const [reason, setReason] = useState('');
  const [replace, setReplace] = useState(true);
  const send = () =>
    void submit(InvoiceVoid.safeParse({ reason: reason.trim(), replace }), async (body) => {
      const { replacementId: replacement } = await actions.void(inv.id, body);
      onDone(replacement ? `${invoiceTitle(inv)} is void. Its replacement is a draft: correct it and issue it.` : `${invoiceTitle(inv)} is void.`, replacement ? `/billing/invoices/${replacement}/edit` : undefined);
    });
  return (
    <ModalDialog title={`Void ${invoiceTitle(inv)}?`} onClose={onClose} testId="void-dialog">
      <SubmitForm onSubmit={send} aria-label="Void the invoice">
        <ErrorSummary form={form} />
        <p>A void invoice asks for nothing and cannot be issued again; its sessions can be billed anew.{inv.paidCents > 0 ? ` The ${formatMoney(inv.paidCents, inv.currency)} already paid is kept as the client’s credit.` : ''}</p>
        <TextAreaField name="reason" label="Reason" value={reason} onChange={setReason} form={form} rows={2} testId="void-reason" description="Kept with the invoice for the practice’s records." />
        <Toggle isSelected={replace} onChange={setReplace} testId="void-replace">
          Open a replacement draft with the same lines
        </Toggle>
        <DialogButtons submit={busy ? 'Voiding…' : replace ? 'Void and replace' : 'Void invoice'} danger onCancel={onClose} busy={busy} submitTestId="void-confirm" />
      </SubmitForm>
    </ModalDialog>
  );
}

export function CreditNoteDialog({ inv, onClose, onDone }: { inv: Invoice; onClose: () => void; onDone: Done }) {
  const actions = useInvoiceActions();
  const form = useFormErrors({ reason: 'Reason', lineIds: 'Lines' });
  const { busy, submit } = useSubmit(form);
  const [reason, setReason] = useState('');
  const [lineIds, setLineIds] = useState<string[]>([]);
  const send = () =>
    void submit(CreditNoteCreate.safeParse({ reason: reason.trim(), ...(lineIds.length ? { lineIds } : {}) }), async (body) => {
      const id = await actions.creditNote(inv.id, body);
      onDone('Credit note issued.', `/billing/invoices/${id}`);
    });
  return (
    <ModalDialog title={`Credit note for ${invoiceTitle(inv)}`} onClose={onClose} testId="credit-dialog" wide>
      <SubmitForm onSubmit={send} aria-label="Credit note">
        <ErrorSummary form={form} />
        <p>A credit note takes lines off this issued invoice exactly (their amounts and tax). Tick the lines to credit, or none to credit the whole invoice.</p>
        <CheckboxGroup className="field" value={lineIds} onChange={setLineIds} isInvalid={form.errors.lineIds !== undefined} validationBehavior="aria">
          <Label>Lines</Label>
          {inv.lines.map((l) => (
            <Checkbox key={l.id} value={l.id} className="checkbox" data-testid="credit-line">
              <span className="box" aria-hidden="true" />
              <span>
                {l.description} · {formatMoney(l.totalCents, inv.currency)}
              </span>
            </Checkbox>
          ))}
          <FieldNotes error={form.errors.lineIds} />
        </CheckboxGroup>
        <TextAreaField name="reason" label="Reason" value={reason} onChange={setReason} form={form} rows={2} testId="credit-reason" />
        <DialogButtons submit={busy ? 'Issuing…' : lineIds.length ? `Credit ${lineIds.length} ${lineIds.length === 1 ? 'line' : 'lines'}` : 'Credit the whole invoice'} onCancel={onClose} busy={busy} submitTestId="credit-confirm" />
      </SubmitForm>
    </ModalDialog>
  );
}

export function RefundDialog({ inv, onClose, onDone }: { inv: Invoice; onClose: () => void; onDone: Done }) {
  const actions = useInvoiceActions();
  const form = useFormErrors({ amountCents: 'Amount', reason: 'Reason', paymentId: 'Payment' });
  const { busy, submit } = useSubmit(form);
  const refundable = Math.max(0, inv.paidCents);
  const [amount, setAmount] = useState(amountInput(refundable, inv.currency));
  const [reason, setReason] = useState('');
  const send = () => {
    const cents = parseAmount(amount, inv.currency);
    if (cents === null) return showErrors(form, { amountCents: amountProblem(inv.currency) });
    if (cents > refundable) return showErrors(form, { amountCents: `must be at most ${formatMoney(refundable, inv.currency)}, what was paid on this invoice` });
    void submit(RefundCreate.safeParse({ amountCents: cents, ...(reason.trim() ? { reason: reason.trim() } : {}) }), async (body) => {
      const r = await actions.refund(inv.id, body);
      onDone(r.status === 'pending' ? `Refund of ${formatMoney(r.amountCents, inv.currency)} sent; it shows as refunded once the card processor confirms it.` : `Refund of ${formatMoney(r.amountCents, inv.currency)} recorded.`);
    });
  };
  return (
    <ModalDialog title={`Refund on ${invoiceTitle(inv)}`} onClose={onClose} testId="refund-dialog">
      <SubmitForm onSubmit={send} aria-label="Refund">
        <ErrorSummary form={form} />
        <p>Card payments are refunded to the card; money received by hand is recorded as given back. Up to {formatMoney(refundable, inv.currency)} can be refunded.</p>
        <Field name="amountCents" label={`Amount (${inv.currency})`} value={amount} onChange={setAmount} form={form} testId="refund-amount" isRequired />
        <TextAreaField name="reason" label="Reason" value={reason} onChange={setReason} form={form} rows={2} testId="refund-reason" description="Optional." />
        <DialogButtons submit={busy ? 'Refunding…' : 'Refund'} danger onCancel={onClose} busy={busy} submitTestId="refund-confirm" />
      </SubmitForm>
    </ModalDialog>
  );
}
