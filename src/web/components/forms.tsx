// Form helpers: one error map per form, filled from the shared zod schema before sending and
// from the API's {field, issues} after; each message sits on its input (aria-invalid +
// aria-describedby via React Aria) and in a role=alert summary that names the field.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { FieldError, Form, type FormProps, Input, Label, Text, TextArea, TextField } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import type { z } from 'zod';
import { isApiError } from '../api/client.js';
import { problemText } from './problemText.js';

export type FieldErrors = Record<string, string>;

export function useFormErrors(labels: Record<string, string>) {
  const intl = useIntl();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<string | null>(null);

  const fromZod = useCallback((err: z.ZodError) => {
    const next: FieldErrors = {};
    for (const issue of err.issues) {
      const key = issue.path.map(String).join('.');
      if (!(key in next)) next[key] = problemText(intl, issue.message);
    }
    setErrors(next);
    setSummary(intl.formatMessage({ id: 'components.form.correct-fields', defaultMessage: 'Please correct the highlighted fields.' }));
  }, [intl]);

  const fromApi = useCallback((e: unknown) => {
    const next: FieldErrors = {};
    if (isApiError(e)) {
      for (const i of e.issues) if (!(i.field in next)) next[i.field] = problemText(intl, i.message);
      // Server messages read "field: problem"; beside the field itself, the problem is enough.
      if (e.field && !(e.field in next)) next[e.field] = e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
      setSummary(e.status === 429 && e.retryAfterSeconds
        ? intl.formatMessage(
            { id: 'components.form.rate-limited', defaultMessage: '{problem} Try again in {seconds, plural, one {# second} other {# seconds}}.' },
            { problem: e.message, seconds: e.retryAfterSeconds },
          )
        : e.message);
    } else {
      setSummary(intl.formatMessage({ id: 'components.form.failed', defaultMessage: 'Something went wrong. Please try again.' }));
    }
    setErrors(next);
  }, [intl]);

  const clear = useCallback((name?: string) => {
    if (name === undefined) {
      setErrors({});
      setSummary(null);
    } else {
      setErrors((prev) => {
        if (!(name in prev)) return prev;
        const { [name]: _, ...rest } = prev;
        return rest;
      });
    }
  }, []);

  return { errors, summary, fromZod, fromApi, clear, labels, setSummary };
}

export type FormErrorsApi = ReturnType<typeof useFormErrors>;

export function ErrorSummary({ form, testId = 'form-error' }: { form: FormErrorsApi; testId?: string }) {
  const entries = Object.entries(form.errors);
  return (
    <div role="alert" data-testid={testId} className={form.summary || entries.length ? 'error-summary' : undefined}>
      {form.summary || entries.length ? (
        <>
          {form.summary ? <p>{form.summary}</p> : null}
          {entries.length ? (
            <ul>
              {entries.map(([field, message]) => (
                <li key={field}>
                  <FormattedMessage id="components.form.field-problem" defaultMessage="{field} {problem}" values={{ field: form.labels[field] ?? field, problem: message }} />
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

export interface FieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  form: FormErrorsApi;
  type?: 'text' | 'email' | 'password' | 'number' | 'tel';
  autoComplete?: string;
  inputMode?: 'numeric' | 'text' | 'email';
  description?: ReactNode;
  isRequired?: boolean;
  autoFocus?: boolean;
  testId?: string;
  maxLength?: number;
  min?: number;
  max?: number;
  /** More classes beside "field" (e.g. "amount-field" for a narrow amount). */
  className?: string;
}

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

/**
 * A shared schema's check of `value`, with the schema's module loaded first: a first screen (the
 * light client path, scripts/bundle-budget.ts) imports no schema, so it downloads no zod; the page
 * starts the same import when it is drawn (`useSchemas`), so by the time the person sends the form
 * the module is there.
 */
export async function checkWith<M, T>(load: () => Promise<M>, pick: (m: M) => z.ZodType<T>, value: unknown): Promise<z.ZodSafeParseResult<T>> {
  return pick(await load()).safeParse(value);
}

/** Starts loading a page's schemas once it is drawn (see checkWith); a failure shows when sending. */
export function useSchemas(load: () => Promise<unknown>): void {
  useEffect(() => {
    load().catch(() => undefined);
  }, [load]);
}

/**
 * Sending a form: a failed check of the shared schema lands on the fields; otherwise `send` gets
 * the parsed value and an error it throws lands on the form (then `onError` runs, e.g. to empty a
 * one-time code). The check may still be loading its schema (checkWith): the form is busy
 * meanwhile, and a schema that cannot load (the network is gone) is said on the form like a failed
 * send. `busy` is true while checking and sending.
 */
export function useSubmit(form: FormErrorsApi) {
  const [busy, setBusy] = useState(false);
  const submit = async <T,>(check: z.ZodSafeParseResult<T> | Promise<z.ZodSafeParseResult<T>>, send: (data: T) => Promise<unknown>, onError?: () => void) => {
    setBusy(true);
    try {
      const parsed = await check;
      if (!parsed.success) return form.fromZod(parsed.error);
      form.clear();
      await send(parsed.data);
    } catch (e) {
      form.fromApi(e);
      onError?.();
    } finally {
      setBusy(false);
    }
  };
  return { busy, setBusy, submit };
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
