// Recording money received by hand (cash, check, an external card terminal): method, amount,
// reference and the day it came in. From an invoice it is applied to that invoice; from the
// client's page to their oldest open invoices, what is left staying as the client's credit.
import { DateTime } from 'luxon';
import { useState } from 'react';
import { ManualPayment, MANUAL_METHODS } from '../../../../shared/billing.js';
import { type CurrencyCode, formatMoney } from '../../../../shared/money.js';
import { DialogButtons, ModalDialog } from '../../../components/ModalDialog.js';
import { ErrorSummary, Field, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { NativeField } from '../../../components/NativeField.js';
import { SelectField } from '../../../components/SelectField.js';
import { browserZone, isIsoDate, today } from '../../../lib/time.js';
import { useRecordPayment } from '../api/payments.js';
import { METHOD_LABELS } from '../model/labels.js';
import { amountInput, amountProblem, parseAmount } from '../model/money-input.js';
import { showErrors } from './show-errors.js';

const LABELS = { method: 'Method', amountCents: 'Amount', reference: 'Reference', receivedAt: 'Received on', invoiceIds: 'Invoice' };

/** The instant a payment received on `date` is recorded at: now for today, else noon that day. */
export function receivedInstant(date: string, zone: string): string | undefined {
  if (!isIsoDate(date)) return undefined;
  if (date === today(zone)) return DateTime.now().setZone(zone).toISO({ suppressMilliseconds: true }) ?? undefined;
  return DateTime.fromISO(date, { zone }).set({ hour: 12 }).toISO({ suppressMilliseconds: true }) ?? undefined;
}

export function PaymentDialog({ clientId, currency, invoiceIds, suggestedCents, onClose, onDone }: { clientId: string; currency: CurrencyCode; invoiceIds?: string[]; suggestedCents: number; onClose: () => void; onDone: (message: string) => void }) {
  const zone = browserZone();
  const record = useRecordPayment();
  const form = useFormErrors(LABELS);
  const { busy, submit } = useSubmit(form);
  const [method, setMethod] = useState<string>('card_terminal');
  const [amount, setAmount] = useState(suggestedCents > 0 ? amountInput(suggestedCents, currency) : '');
  const [reference, setReference] = useState('');
  const [date, setDate] = useState(today(zone));

  const send = () => {
    const cents = parseAmount(amount, currency);
    const body = { clientId, method, amountCents: cents ?? Number.NaN, ...(reference.trim() ? { reference: reference.trim() } : {}), receivedAt: receivedInstant(date, zone), ...(invoiceIds?.length ? { invoiceIds } : {}) };
    if (cents === null) return showErrors(form, { amountCents: amountProblem(currency) });
    const parsed = ManualPayment.safeParse(body);
    void submit(parsed, async (data) => {
      const p = await record(data);
      onDone(`Payment of ${formatMoney(p.amountCents, currency)} recorded${p.unappliedCents > 0 ? `; ${formatMoney(p.unappliedCents, currency)} kept as the client’s credit` : ''}.`);
    });
  };

  return (
    <ModalDialog title="Record a payment" onClose={onClose} testId="payment-dialog">
      <SubmitForm onSubmit={send} aria-label="Record a payment">
        <ErrorSummary form={form} />
        <SelectField name="method" label="Method" value={method} onChange={setMethod} options={MANUAL_METHODS.map((m) => ({ id: m, label: METHOD_LABELS[m] }))} form={form} testId="payment-method" isRequired />
        <Field name="amountCents" label={`Amount (${currency})`} value={amount} onChange={setAmount} form={form} testId="payment-amount" isRequired description={invoiceIds?.length ? 'Anything over this invoice’s balance is kept as the client’s credit.' : 'Applied to the client’s oldest open invoices first; anything left is kept as their credit.'} />
        <Field name="reference" label="Reference" value={reference} onChange={setReference} form={form} testId="payment-reference" description="Optional: a check number or the terminal’s receipt number." maxLength={100} />
        <NativeField name="payment-date" label="Received on" type="date" value={date} onChange={setDate} error={form.errors.receivedAt} testId="payment-date" />
        <DialogButtons submit={busy ? 'Recording…' : 'Record payment'} onCancel={onClose} busy={busy} submitTestId="payment-submit" />
      </SubmitForm>
    </ModalDialog>
  );
}
