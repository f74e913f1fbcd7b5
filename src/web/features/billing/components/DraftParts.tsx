// The pieces of the draft invoice form: the appointments to bill (checkboxes), the other charges
// (description, units, rate, taxable), and the live totals table.
import { Button, Checkbox, CheckboxGroup, Input, Label, TextField } from 'react-aria-components';
import type { BillingSettings } from '../../../../shared/billing.js';
import { type CurrencyCode, formatMoney } from '../../../../shared/money.js';
import { FieldNotes, type FormErrorsApi } from '../../../components/forms.js';
import { TableHead } from '../../../components/TableHead.js';
import type { DraftTotals } from '../model/draft.js';
import { type Candidate, candidateCharge, type ManualRow } from '../model/draft-form.js';
import { appointmentStatusLabel, shortDateTime } from '../model/labels.js';

export function AppointmentChoices({ candidates, value, onChange, fees, currency, form }: { candidates: readonly Candidate[]; value: string[]; onChange: (v: string[]) => void; fees: Pick<BillingSettings, 'lateCancelFee' | 'noShowFee'>; currency: CurrencyCode; form: FormErrorsApi }) {
  if (candidates.length === 0) {
    return (
      <p className="muted" data-testid="unbilled-none">
        No attended sessions, late cancellations or no-shows of the last year are waiting to be billed for this client. Add a charge below instead.
      </p>
    );
  }
  return (
    <CheckboxGroup className="field appointment-choices" value={value} onChange={(v) => { onChange(v); form.clear('appointmentIds'); }} isInvalid={form.errors.appointmentIds !== undefined} validationBehavior="aria" name="appointmentIds">
      <Label>Sessions not billed yet</Label>
      {candidates.map((c) => {
        const charge = candidateCharge(c, fees);
        return (
          <Checkbox key={c.appointmentId} value={c.appointmentId} className="checkbox" isDisabled={!charge} data-testid="unbilled-appointment" data-appointment-id={c.appointmentId}>
            <span className="box" aria-hidden="true" />
            <span className="choice-text">
              <span className="nowrap">{shortDateTime(c.start)}</span> · {c.service ?? 'Session'} · <span className={c.status === 'completed' || c.status === 'checked_in' ? '' : 'status-note'}>{appointmentStatusLabel(c.status)}</span>
              <span className="muted"> · {charge ? formatMoney(charge.rateMinor, currency) : 'no fee under the practice’s policy'}</span>
            </span>
          </Checkbox>
        );
      })}
      <FieldNotes error={form.errors.appointmentIds} />
    </CheckboxGroup>
  );
}

function LineField({ name, label, value, onChange, form, testId, inputMode, className }: { name: string; label: string; value: string; onChange: (v: string) => void; form: FormErrorsApi; testId: string; inputMode?: 'decimal' | 'numeric' | 'text'; className?: string }) {
  return (
    <TextField className={`field ${className ?? ''}`} name={name} value={value} onChange={(v) => { onChange(v); form.clear(name); }} isInvalid={form.errors[name] !== undefined} validationBehavior="aria">
      <Label>{label}</Label>
      <Input data-testid={testId} inputMode={inputMode} />
      <FieldNotes error={form.errors[name]} />
    </TextField>
  );
}

export function ManualLines({ rows, onChange, form, currency, taxLabel }: { rows: ManualRow[]; onChange: (rows: ManualRow[]) => void; form: FormErrorsApi; currency: CurrencyCode; taxLabel: string }) {
  const set = (i: number, patch: Partial<ManualRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="manual-lines">
      {rows.map((r, i) => (
        <fieldset key={r.key} className="fieldset manual-line" data-testid="manual-line">
          <legend>Charge {i + 1}</legend>
          <LineField name={`lines.${i}.description`} label="Description" value={r.description} onChange={(v) => set(i, { description: v })} form={form} testId="line-description" className="grow" />
          <LineField name={`lines.${i}.units`} label="Units" value={r.units} onChange={(v) => set(i, { units: v })} form={form} testId="line-units" inputMode="numeric" className="narrow" />
          <LineField name={`lines.${i}.rateCents`} label={`Rate (${currency})`} value={r.rate} onChange={(v) => set(i, { rate: v })} form={form} testId="line-rate" inputMode="decimal" className="narrow" />
          <Checkbox className="checkbox" isSelected={r.taxable} onChange={(v) => set(i, { taxable: v })} data-testid="line-taxable">
            <span className="box" aria-hidden="true" />
            <span>Charge {taxLabel}</span>
          </Checkbox>
          <Button className="btn small danger" onPress={() => onChange(rows.filter((_, j) => j !== i))} data-testid="line-remove" aria-label={`Remove charge ${i + 1}`}>
            Remove
          </Button>
        </fieldset>
      ))}
      <Button
        className="btn"
        onPress={() => onChange([...rows, { key: `m${Date.now()}${rows.length}`, description: '', units: '1', rate: '', taxable: false }])}
        data-testid="add-line"
      >
        Add a charge
      </Button>
    </div>
  );
}

export function TotalsTable({ totals, descriptions, currency, taxLabel }: { totals: DraftTotals; descriptions: Record<string, string>; currency: CurrencyCode; taxLabel: string }) {
  const m = (n: number) => formatMoney(n, currency);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Invoice totals">
      <table className="table totals-table" data-testid="draft-totals" data-total-cents={totals.totalMinor}>
        <caption className="visually-hidden">What the invoice will ask for, line by line</caption>
        <TableHead columns={['Line', { label: 'Total', className: 'num' }, { label: 'Amount', className: 'num' }, { label: 'Reduction', className: 'num' }, { label: taxLabel, className: 'num' }]} />
        <tbody>
          {totals.lines.map((l) => (
            <tr key={l.key}>
              <td>{descriptions[l.key] || 'Charge'}</td>
              <td className="num">{m(l.totalMinor)}</td>
              <td className="num">{m(l.grossMinor)}</td>
              <td className="num">{l.reductionMinor ? `−${m(l.reductionMinor)}` : m(0)}</td>
              <td className="num">{m(l.taxMinor)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num" data-testid="draft-total">
              <strong>{m(totals.totalMinor)}</strong>
            </td>
            <td className="num">{m(totals.subtotalMinor)}</td>
            <td className="num">{totals.reductionMinor ? `−${m(totals.reductionMinor)}` : m(0)}</td>
            <td className="num">{m(totals.taxMinor)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
