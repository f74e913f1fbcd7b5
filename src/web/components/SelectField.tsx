// A labelled single-choice select (React Aria) that shows its error like the text fields do.
import { useIntl } from 'react-intl';
import { Button, type Key, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import { FieldLabel, FieldNotes, type FormErrorsApi } from './forms.js';

export interface SelectOption {
  id: string;
  label: string;
}

/** A labelled single choice's props (this React Aria select's, and NativeSelect's). */
export interface SelectFieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly SelectOption[];
  form?: FormErrorsApi;
  testId?: string;
  description?: string;
  isRequired?: boolean;
  className?: string;
  placeholder?: string;
}

export function SelectField({ name, label, value, onChange, options, form, testId, description, isRequired, className, placeholder }: SelectFieldProps) {
  const error = form?.errors[name];
  return (
    <Select
      className={`field select-field ${className ?? ''}`}
      name={name}
      selectedKey={value === '' && !options.some((o) => o.id === '') ? null : value}
      onSelectionChange={(k: Key | null) => {
        onChange(k === null ? '' : String(k));
        form?.clear(name);
      }}
      isInvalid={error !== undefined}
      isRequired={isRequired}
      validationBehavior="aria"
      placeholder={placeholder}
      data-testid={testId ?? `select-${name}`}
    >
      <FieldLabel label={label} isRequired={isRequired} />
      <Button className="btn select-btn">
        <SelectValue />
        <span aria-hidden="true">{ARROW}</span>
      </Button>
      <FieldNotes description={description} error={error} />
      <Popover className="popover">
        <ListBox className="listbox">
          {options.map((o) => (
            <ListBoxItem key={o.id} id={o.id} className="listbox-item" textValue={o.label}>
              {o.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}

/** Not a word: the same arrow in every language. */
const ARROW = ' ▾';

/** The choice of a list filter that filters nothing ("All statuses", "All providers"). */
export const FILTER_ALL = 'all';

/** A list's status filter: "All statuses", then each status by its words; no status shows as All. */
export function StatusFilter<S extends string>({ value, onChange, statuses, labels }: { value: string; onChange: (v: string) => void; statuses: readonly S[]; labels: Record<S, string> }) {
  const intl = useIntl();
  const all = intl.formatMessage({ id: 'components.select.all-statuses', defaultMessage: 'All statuses' });
  const label = intl.formatMessage({ id: 'components.select.status', defaultMessage: 'Status' });
  return <SelectField name="status" label={label} value={value || FILTER_ALL} onChange={onChange} options={[{ id: FILTER_ALL, label: all }, ...statuses.map((s) => ({ id: s, label: labels[s] }))]} testId="status-filter" />;
}
