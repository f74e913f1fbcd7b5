// Form state without any drawing library: one error map per form, filled from the shared zod
// schema before sending and from the API's {field, issues} after, the role=alert summary that
// names each field, and sending (check, then send, busy meanwhile). ./forms.tsx draws fields with
// React Aria; ./native-form.tsx with the browser's own elements (a client's first screens). Both
// take FieldProps.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { z } from 'zod';
import { fieldReason, isApiError } from '../api/client.js';
import { apiProblemText, problemText } from './problemText.js';

export type FieldErrors = Record<string, string>;

const { correctFields: CORRECT_FIELDS } = defineMessages({ correctFields: { id: 'components.form.correct-fields', defaultMessage: 'Please correct the highlighted fields.' } });

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
    setSummary(intl.formatMessage(CORRECT_FIELDS));
  }, [intl]);

  const fromApi = useCallback((e: unknown) => {
    const next: FieldErrors = {};
    if (isApiError(e)) {
      for (const i of e.issues) if (!(i.field in next)) next[i.field] = problemText(intl, i.message);
      // Server messages read "field: problem"; beside the field itself, the problem is enough.
      if (e.field && !(e.field in next)) next[e.field] = fieldReason(e) ?? e.message;
      // A refusal of this form's own fields is said once beside each field and once in the list
      // below the summary, as the form's own checks say it: the summary does not repeat it.
      const ownFields = Object.keys(next).some((field) => field in labels);
      setSummary(e.status === 429 && e.retryAfterSeconds
        ? intl.formatMessage(
            { id: 'components.form.rate-limited', defaultMessage: '{problem} Try again in {seconds, plural, one {# second} other {# seconds}}.' },
            { problem: apiProblemText(intl, e), seconds: e.retryAfterSeconds },
          )
        : ownFields ? intl.formatMessage(CORRECT_FIELDS) : apiProblemText(intl, e));
    } else {
      setSummary(intl.formatMessage({ id: 'components.form.failed', defaultMessage: 'Something went wrong. Please try again.' }));
    }
    setErrors(next);
  }, [intl, labels]);

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
