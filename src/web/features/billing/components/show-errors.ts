// Errors found before sending (an amount that is not an amount), shown like the schema's: each on
// its field and in the form's summary.
import { z } from 'zod';
import type { FormErrorsApi } from '../../../components/forms.js';

export function showErrors(form: FormErrorsApi, errors: Record<string, string>): void {
  form.fromZod(new z.ZodError(Object.entries(errors).map(([field, message]) => ({ code: 'custom' as const, path: field.split('.'), message, input: undefined }))));
}
