// A labelled single choice drawn by the browser's own <select>, for the client's pages (the call's
// device pickers, the portal's booking and waitlist forms): on a phone it opens the system's own
// picker, it needs no script of its own, and it runs under the client build's Preact, where React
// Aria's collection components (SelectField's Select/ListBox) cannot (scripts/web-build/client-entry.ts).
// Its props are SelectField's; its error shows the same way, under the field.
import { useId } from 'react';
import type { SelectFieldProps } from './SelectField.js';

export function NativeSelect({ name, label, value, onChange, options, form, testId, description, isRequired, className, placeholder }: SelectFieldProps) {
  const id = useId();
  const error = form?.errors[name];
  const known = options.some((o) => o.id === value);
  const notes = [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div
      className={`field select-field native-select ${className ?? ''}`}
      data-testid={testId ?? `select-${name}`}
      data-invalid={error !== undefined ? 'true' : undefined}
      data-required={isRequired ? 'true' : undefined}
    >
      {/* A required choice's star is drawn by styles.css (hidden from screen readers, which hear "required"). */}
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        className="select-native"
        value={known ? value : ''}
        required={isRequired}
        aria-invalid={error !== undefined ? true : undefined}
        aria-describedby={notes || undefined}
        onChange={(e) => {
          onChange(e.currentTarget.value);
          form?.clear(name);
        }}
      >
        {!known ? (
          <option value="" disabled>
            {placeholder ?? ''}
          </option>
        ) : null}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      {description ? (
        <p id={`${id}-description`} className="field-description">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
