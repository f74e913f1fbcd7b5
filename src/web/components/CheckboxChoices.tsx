// A labelled group of checkboxes (several choices from a list) that shows its error like the text
// fields do and clears it on a change: staff roles, a client's providers.
import { Checkbox, CheckboxGroup, FieldError, Label } from 'react-aria-components';
import type { SelectOption } from './SelectField.js';
import type { FormErrorsApi } from './forms.js';

export function CheckboxChoices<T extends string>(p: {
  name: string;
  label: string;
  value: T[];
  onChange: (v: T[]) => void;
  options: readonly (SelectOption & { id: T })[];
  form: FormErrorsApi;
  /** Each checkbox's data-testid is this prefix and its option's id. */
  testIdPrefix: string;
}) {
  const error = p.form.errors[p.name];
  return (
    <CheckboxGroup
      className="field role-choices"
      value={p.value}
      onChange={(v) => {
        p.onChange(v as T[]);
        p.form.clear(p.name);
      }}
      isInvalid={error !== undefined}
      validationBehavior="aria"
      name={p.name}
    >
      <Label>{p.label}</Label>
      {p.options.map((o) => (
        <Checkbox key={o.id} value={o.id} className="checkbox" data-testid={`${p.testIdPrefix}${o.id}`}>
          <span className="box" aria-hidden="true" />
          <span>{o.label}</span>
        </Checkbox>
      ))}
      <FieldError className="field-error">{error}</FieldError>
    </CheckboxGroup>
  );
}
