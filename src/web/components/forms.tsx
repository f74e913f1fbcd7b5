// Form helpers: one error map per form, filled from the shared zod schema before sending and
// from the API's {field, issues} after; each message sits on its input (aria-invalid +
// aria-describedby via React Aria) and in a role=alert summary that names the field.
import { useState, type ReactNode } from 'react';
import { FieldError, Form, type FormProps, Input, Label, Text, TextArea, TextField } from 'react-aria-components';
import { useIntl } from 'react-intl';
import type { FieldProps, FormErrorsApi } from './form-state.js';

// The state, the summary and sending live in ./form-state.tsx (no React Aria: a first screen's
// native form uses them too); every form imports them from here as before.
export * from './form-state.js';

/** Not a word: the same star in every language. */
const REQUIRED_MARK = ' *';

/** A field's label, with a star (hidden from screen readers) when the field is required. */
export function FieldLabel({ label, isRequired }: { label: ReactNode; isRequired?: boolean }) {
  return (
    <Label>
      {label}
      {isRequired ? <span aria-hidden="true">{REQUIRED_MARK}</span> : null}
    </Label>
  );
}

/** Under a field: its description when it has one, then its error (React Aria shows it while invalid). */
export function FieldNotes({ description, error }: { description?: ReactNode; error: string | undefined }) {
  return (
    <>
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      <FieldError className="field-error">{error}</FieldError>
    </>
  );
}

export function Field(p: FieldProps) {
  const error = p.form.errors[p.name];
  return (
    <TextField
      className={p.className ? `field ${p.className}` : 'field'}
      name={p.name}
      type={p.type ?? 'text'}
      value={p.value}
      onChange={(v) => {
        p.onChange(v);
        p.form.clear(p.name);
      }}
      isRequired={p.isRequired}
      isInvalid={error !== undefined}
      validationBehavior="aria"
      autoComplete={p.autoComplete}
      inputMode={p.inputMode}
      autoFocus={p.autoFocus}
      maxLength={p.maxLength}
    >
      <FieldLabel label={p.label} isRequired={p.isRequired} />
      <Input data-testid={p.testId ?? `field-${p.name}`} min={p.min} max={p.max} />
      <FieldNotes description={p.description} error={error} />
    </TextField>
  );
}

/** A whole number (minutes, seconds, a count): the phone's number pad; the range is the schema's. */
export function NumberField(p: Omit<FieldProps, 'type' | 'inputMode'>) {
  return <Field {...p} type="number" inputMode="numeric" />;
}

/** A whole number as typed, for the shared schema to check: empty is NaN (refused), never 0. */
export const typedNumber = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

/** One whole-number setting: its field name, words, bounds and meaning (and a testId where tests name it). */
export interface NumberSetting {
  name: string;
  label: string;
  min: number;
  max: number;
  description: string;
  testId?: string;
}

/** Whole-number settings side by side, their values (as typed) keyed by name. */
export function NumberFields<N extends string>({ fields, values, onChange, form }: { fields: readonly (NumberSetting & { name: N })[]; values: Record<N, string>; onChange: (name: N, v: string) => void; form: FormErrorsApi }) {
  return (
    <div className="grid-2">
      {fields.map((f) => (
        <NumberField key={f.name} name={f.name} label={f.label} min={f.min} max={f.max} value={values[f.name]} onChange={(v) => onChange(f.name, v)} form={form} description={f.description} testId={f.testId} />
      ))}
    </div>
  );
}

/**
 * A settings form's "saved" note: set after a save, gone again with the next change. `edited(set)`
 * is a field's onChange that sets its value and takes the note away.
 */
export function useSavedNote() {
  const [saved, setSaved] = useState(false);
  const edited =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setSaved(false);
    };
  return { saved, setSaved, edited };
}

/** A password being chosen (sign-up, invitation, reset): hidden, required, and offered to password managers as new. */
export function NewPasswordField({ name = 'password', label, ...p }: Omit<FieldProps, 'name' | 'label' | 'type' | 'autoComplete' | 'isRequired'> & { name?: string; label?: string }) {
  const intl = useIntl();
  label ??= intl.formatMessage({ id: 'components.form.password', defaultMessage: 'Password' });
  return <Field {...p} name={name} label={label} type="password" autoComplete="new-password" isRequired />;
}

/** A several-line text field (a message, staff notes) whose error sits under it and clears on typing. */
export function TextAreaField(p: { name: string; label: string; value: string; onChange: (v: string) => void; form: FormErrorsApi; rows: number; testId: string; description?: ReactNode }) {
  return (
    <TextField
      className="field"
      name={p.name}
      value={p.value}
      onChange={(v) => {
        p.onChange(v);
        p.form.clear(p.name);
      }}
      isInvalid={p.form.errors[p.name] !== undefined}
      validationBehavior="aria"
    >
      <Label>{p.label}</Label>
      <TextArea className="textarea" rows={p.rows} data-testid={p.testId} />
      <FieldNotes description={p.description} error={p.form.errors[p.name]} />
    </TextField>
  );
}

/** A React Aria form (class "form" unless told) that calls `onSubmit` instead of navigating. */
export function SubmitForm({ onSubmit, className = 'form', ...props }: Omit<FormProps, 'onSubmit' | 'className'> & { className?: string; onSubmit: () => void }) {
  return (
    <Form
      {...props}
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    />
  );
}
