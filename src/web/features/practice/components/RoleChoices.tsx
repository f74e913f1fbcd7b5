// The staff roles as checkboxes (inviting a colleague, changing someone's roles).
import { Checkbox, CheckboxGroup, FieldError, Label } from 'react-aria-components';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../../../../shared/roles.js';
import type { FormErrorsApi } from '../../../components/forms.js';

export function RoleChoices({ value, onChange, form, name, label }: { value: StaffRole[]; onChange: (v: StaffRole[]) => void; form: FormErrorsApi; name: string; label: string }) {
  const error = form.errors[name];
  return (
    <CheckboxGroup
      className="field role-choices"
      value={value}
      onChange={(v) => {
        onChange(v as StaffRole[]);
        form.clear(name);
      }}
      isInvalid={error !== undefined}
      validationBehavior="aria"
      name={name}
    >
      <Label>{label}</Label>
      {STAFF_ROLES.map((r) => (
        <Checkbox key={r} value={r} className="checkbox" data-testid={`role-${r}`}>
          <span className="box" aria-hidden="true" />
          <span>{ROLE_LABELS[r]}</span>
        </Checkbox>
      ))}
      <FieldError className="field-error">{error}</FieldError>
    </CheckboxGroup>
  );
}
