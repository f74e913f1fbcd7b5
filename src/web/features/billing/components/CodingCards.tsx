// How the practice codes its claims: payers (with a place of service or modifiers that replace the
// computed ones on that payer's superbills) and its own list of ICD-10-CM diagnosis codes.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { DiagnosisCodeInput, PayerInput } from '../../../../shared/billing.js';
import { normaliseIcd10, POS_CODE_VALUES } from '../../../../shared/billing-codes.js';
import { Card } from '../../../components/Card.js';
import { ErrorSummary, Field, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { Toggle } from '../../../components/Toggle.js';
import { useDiagnosisCodeActions, useDiagnosisCodes, usePayerActions, usePayers } from '../api/settings.js';

const POS_LABELS: Record<string, string> = { '': 'Worked out from the call', '02': '02 — telehealth, not at home', '10': '10 — telehealth at home', '11': '11 — office' };

export function PayersCard({ canWrite }: { canWrite: boolean }) {
  const payers = usePayers();
  const { add, change } = usePayerActions();
  const form = useFormErrors({ name: 'Payer name', overridePos: 'Place of service', overrideModifiers: 'Modifiers' });
  const { busy, submit } = useSubmit(form);
  const [name, setName] = useState('');
  const [pos, setPos] = useState('');
  const [mods, setMods] = useState('');
  const send = () => {
    const modifiers = mods.split(/[\s,]+/).filter(Boolean).map((m) => m.toUpperCase());
    void submit(PayerInput.safeParse({ name: name.trim(), overridePos: pos || null, overrideModifiers: modifiers.length ? modifiers : null }), async (body) => {
      await add(body);
      setName('');
      setPos('');
      setMods('');
    });
  };
  return (
    <Card id="payers-h" title="Payers" testId="payers-card">
      <p className="field-description">Insurers a client’s superbill is meant for. Telehealth codes are worked out from each call (POS 10 or 02, modifier 95; 93 for audio only); a payer that wants other codes can replace them here.</p>
      <QueryState query={payers} what="payers" testId="payers">
        {(d) =>
          d.items.length ? (
            <ul className="code-list">
              {d.items.map((p) => (
                <li key={p.id} data-testid="payer-row">
                  <span>
                    <strong>{p.name}</strong>
                    <span className="muted"> · POS {p.overridePos ?? 'from the call'} · modifiers {p.overrideModifiers?.join(', ') ?? 'from the call'}</span>
                  </span>
                  {canWrite ? (
                    <Toggle isSelected={p.active} onChange={(active) => void change(p.id, { active })}>
                      {p.active ? 'In use' : 'Not in use'}
                    </Toggle>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No payers yet: superbills use the codes worked out from each call.</p>
          )
        }
      </QueryState>
      {canWrite ? (
        <SubmitForm onSubmit={send} aria-label="Add a payer" className="form inset">
          <ErrorSummary form={form} testId="payer-error" />
          <div className="grid-2">
            <Field name="name" label="Payer name" value={name} onChange={setName} form={form} testId="payer-name" maxLength={200} />
            <SelectField name="overridePos" label="Place of service" value={pos} onChange={setPos} options={['', ...POS_CODE_VALUES].map((c) => ({ id: c, label: POS_LABELS[c] ?? c }))} form={form} testId="payer-pos" />
            <Field name="overrideModifiers" label="Modifiers instead of the computed ones" value={mods} onChange={setMods} form={form} testId="payer-modifiers" description="Optional, e.g. GT or 95, GT." />
          </div>
          <Button type="submit" className="btn" isDisabled={busy} data-testid="payer-add">
            Add payer
          </Button>
        </SubmitForm>
      ) : null}
    </Card>
  );
}

export function DiagnosisCodesCard({ canWrite }: { canWrite: boolean }) {
  const codes = useDiagnosisCodes();
  const { add, remove } = useDiagnosisCodeActions();
  const form = useFormErrors({ code: 'ICD-10-CM code', description: 'Description' });
  const { busy, submit } = useSubmit(form);
  const [code, setCode] = useState('');
  const [description, setDescription] = useState('');
  const send = () =>
    void submit(DiagnosisCodeInput.safeParse({ code: normaliseIcd10(code), ...(description.trim() ? { description: description.trim() } : {}) }), async (body) => {
      await add(body);
      setCode('');
      setDescription('');
    });
  return (
    <Card id="diagnosis-codes-h" title="Diagnosis codes" testId="diagnosis-codes-card">
      <p className="field-description">The ICD-10-CM codes the practice uses; a client’s diagnoses are chosen from them. An operator can import the full CMS code file with a command.</p>
      <QueryState query={codes} what="diagnosis codes" testId="diagnosis-codes">
        {(d) =>
          d.items.length ? (
            <ul className="code-list">
              {d.items.map((c) => (
                <li key={c.code} data-testid="diagnosis-code-row">
                  <span>
                    <code>{c.code}</code> {c.description}
                  </span>
                  {canWrite ? (
                    <Button className="btn small" onPress={() => void remove(c.code)} aria-label={`Remove ${c.code}`}>
                      Remove
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No codes on the practice’s list yet.</p>
          )
        }
      </QueryState>
      {canWrite ? (
        <SubmitForm onSubmit={send} aria-label="Add a diagnosis code" className="form inset">
          <ErrorSummary form={form} testId="diagnosis-code-error" />
          <div className="grid-2">
            <Field name="code" label="ICD-10-CM code" value={code} onChange={setCode} form={form} testId="diagnosis-code" description="e.g. F41.1" maxLength={8} />
            <Field name="description" label="Description" value={description} onChange={setDescription} form={form} testId="diagnosis-description" description="Optional, e.g. Generalized anxiety disorder." maxLength={300} />
          </div>
          <Button type="submit" className="btn" isDisabled={busy} data-testid="diagnosis-code-add">
            Add code
          </Button>
        </SubmitForm>
      ) : null}
    </Card>
  );
}
