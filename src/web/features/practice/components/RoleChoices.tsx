// The staff roles as checkboxes (inviting a colleague, changing someone's roles).
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../../../../shared/roles.js';
import { CheckboxChoices } from '../../../components/CheckboxChoices.js';
import type { FormErrorsApi } from '../../../components/forms.js';

const ROLE_OPTIONS = STAFF_ROLES.map((r) => ({ id: r, label: ROLE_LABELS[r] }));

export function RoleChoices({ value, onChange, form, name, label }: { value: StaffRole[]; onChange: (v: StaffRole[]) => void; form: FormErrorsApi; name: string; label: string }) {
  return <CheckboxChoices name={name} label={label} value={value} onChange={onChange} options={ROLE_OPTIONS} form={form} testIdPrefix="role-" />;
}
