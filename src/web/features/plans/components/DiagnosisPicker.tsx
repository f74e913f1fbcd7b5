// Picking a plan's diagnoses: search the practice's own code list and the imported ICD-10-CM file
// by code or words; each pick shows as a removable chip. A well-formed code found nowhere can still
// be added (the server says whether the practice's list knows it).
import { useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { isIcd10Code, normaliseIcd10 } from '../../../../shared/billing-codes.js';
import type { PlanDiagnosis } from '../../../../shared/plans.js';
import type { FormErrorsApi } from '../../../components/forms.js';
import { useIcd10Search, usePracticeCodes } from '../api/plans.js';

export function DiagnosisPicker({ value, onChange, form }: { value: PlanDiagnosis[]; onChange: (v: PlanDiagnosis[]) => void; form: FormErrorsApi }) {
  const [q, setQ] = useState('');
  const own = usePracticeCodes();
  const search = useIcd10Search(q);
  const term = q.trim().toLowerCase();
  const picked = new Set(value.map((d) => d.code));
  const ownHits = term.length >= 1 ? (own.data?.items ?? []).filter((c) => c.code.toLowerCase().startsWith(term.replace(/\s/g, '')) || c.description.toLowerCase().includes(term)) : (own.data?.items ?? []);
  const hits = [...ownHits, ...(search.data?.items ?? [])].filter((c, i, all) => all.findIndex((x) => x.code === c.code) === i && !picked.has(c.code)).slice(0, 8);
  const typed = isIcd10Code(q) ? normaliseIcd10(q) : null;
  const add = (d: PlanDiagnosis) => {
    onChange([...value, d]);
    setQ('');
  };
  const errorAt = value.findIndex((_d, i) => form.errors[`content.diagnoses.${i}`] !== undefined);
  return (
    <fieldset className="plan-dx" data-testid="plan-diagnoses">
      <legend>Diagnoses (ICD-10-CM)</legend>
      {value.length ? (
        <ul className="plan-chips" aria-label="Chosen diagnoses">
          {value.map((d, i) => (
            <li key={d.code} className={form.errors[`content.diagnoses.${i}`] ? 'chip invalid' : 'chip'}>
              <span>
                <strong>{d.code}</strong> {d.description}
              </span>
              <Button className="btn small link" aria-label={`Remove ${d.code}`} onPress={() => onChange(value.filter((x) => x.code !== d.code))}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No diagnosis chosen yet.</p>
      )}
      {errorAt >= 0 ? <p className="field-error">{form.errors[`content.diagnoses.${errorAt}`]}</p> : null}
      <TextField className="field" value={q} onChange={setQ} name="dx-search">
        <Label>Find a code</Label>
        <Input data-testid="plan-dx-search" placeholder="F41.1 or anxiety" autoComplete="off" />
      </TextField>
      {term.length >= 1 ? (
        <ul className="rows plan-dx-hits" aria-label="Matching codes" data-testid="plan-dx-hits">
          {hits.map((c) => (
            <li key={c.code}>
              <span>
                <strong>{c.code}</strong> {c.description}
              </span>
              <Button className="btn small" onPress={() => add({ code: c.code, description: c.description })} aria-label={`Add ${c.code} ${c.description}`}>
                Add
              </Button>
            </li>
          ))}
          {typed && !picked.has(typed) && !hits.some((h) => h.code === typed) ? (
            <li>
              <span>
                <strong>{typed}</strong> <span className="muted">(not in the lists searched)</span>
              </span>
              <Button className="btn small" onPress={() => add({ code: typed, description: '' })}>
                Add {typed}
              </Button>
            </li>
          ) : null}
          {!hits.length && !typed ? <li className="muted">{search.isFetching ? 'Searching…' : 'No matching code.'}</li> : null}
        </ul>
      ) : null}
    </fieldset>
  );
}
