// A form and its text fields drawn by the browser's own elements, for the client's first screens
// (the portal's sign-in, its code step): the same props, classes and behaviour as forms.tsx's
// Field and SubmitForm, without React Aria's interaction code (13-18 kB gzip a screen; issue 19's
// light client path, scripts/bundle-budget.ts). The label is a <label for>, the description and
// the error are named by aria-describedby, an error sets aria-invalid, and a required field says
// so with `required` (the form is noValidate: the schema's words, not the browser's, say what is
// wrong). The staff app's sign-in shares these through components/sign-in.tsx.
import { type FormEvent, type ReactNode, useId } from 'react';
import type { FieldProps } from './form-state.js';

export function NativeField(p: FieldProps) {
  const id = useId();
  const error = p.form.errors[p.name];
  const notes = [p.description ? `${id}-description` : '', error !== undefined ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div
      className={`${p.className ? `field ${p.className}` : 'field'} native-field`}
      data-invalid={error !== undefined ? 'true' : undefined}
      data-required={p.isRequired ? 'true' : undefined}
    >
      {/* A required field's star is drawn by styles.css (hidden from screen readers, which hear "required"). */}
      <label htmlFor={id}>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value}
        onChange={(e) => {
          p.onChange(e.currentTarget.value);
          p.form.clear(p.name);
        }}
        required={p.isRequired}
        aria-invalid={error !== undefined ? true : undefined}
        aria-describedby={notes || undefined}
        autoComplete={p.autoComplete}
        inputMode={p.inputMode}
        autoFocus={p.autoFocus}
        maxLength={p.maxLength}
        min={p.min}
        max={p.max}
        data-testid={p.testId ?? `field-${p.name}`}
      />
      {p.description ? (
        <p id={`${id}-description`} className="field-description">
          {p.description}
        </p>
      ) : null}
      {error !== undefined ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A form (class "form" unless told) that calls `onSubmit` instead of navigating; the browser does not validate it. */
export function NativeSubmitForm({
  onSubmit,
  className = 'form',
  children,
  ...aria
}: {
  onSubmit: () => void;
  className?: string;
  children: ReactNode;
  'aria-label'?: string;
  'aria-labelledby'?: string;
}) {
  return (
    <form
      {...aria}
      noValidate
      className={className}
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
