// Which appointments of a series a change applies to: this one, this and following, or all.
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { EDIT_SCOPES, type EditScope } from '../../../../shared/scheduling.js';
import { SCOPE_LABELS } from '../model/labels.js';

export function ScopeChoice({ label, value, onChange, testId, itemTestId }: { label: string; value: EditScope; onChange: (s: EditScope) => void; testId?: string; itemTestId?: string }) {
  return (
    <RadioGroup className="field radio-group" value={value} onChange={(v) => onChange(v as EditScope)} {...(testId ? { 'data-testid': testId } : {})}>
      <Label>{label}</Label>
      {EDIT_SCOPES.map((s) => (
        <Radio key={s} value={s} className="radio" {...(itemTestId ? { 'data-testid': `${itemTestId}-${s}` } : {})}>
          <span className="dot" aria-hidden="true" /> {SCOPE_LABELS[s]}
        </Radio>
      ))}
    </RadioGroup>
  );
}
