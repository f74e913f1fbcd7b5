import { z } from 'zod';

// Text that reaches storage must be well-formed Unicode (no lone surrogates) and free of
// NUL and other C0 control characters except tab/newline; lengths are counted in code points.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * What text() refused, beside its English message (the issue's `params`): servers and pages word
 * it in the reader's language from this, never by matching the English.
 */
export type TextProblem = { problem: 'unicode' } | { problem: 'control' } | { problem: 'long'; max: number } | { problem: 'short'; min: number } | { problem: 'required' };

/** The TextProblem a text() issue carries (null for an issue text() did not raise, e.g. not a string). */
export function textProblemOf(issue: z.core.$ZodIssue | undefined): TextProblem | null {
  if (issue?.code !== 'custom') return null;
  const p = issue.params as TextProblem | undefined;
  return p && typeof p.problem === 'string' ? p : null;
}

export function text(opts: { min?: number; max: number; multiline?: boolean }) {
  const problem = (p: TextProblem) => ({ params: p });
  return z
    .string()
    .refine((s) => s.isWellFormed(), { message: 'must be valid Unicode text', ...problem({ problem: 'unicode' }) })
    .refine((s) => !CONTROL.test(s) && (opts.multiline || !/[\r\n]/.test(s)), {
      message: 'must not contain control characters',
      ...problem({ problem: 'control' }),
    })
    .refine((s) => [...s].length <= opts.max, { message: `must be at most ${opts.max} characters`, ...problem({ problem: 'long', max: opts.max }) })
    .refine((s) => [...s.trim()].length >= (opts.min ?? 0), {
      message: opts.min && opts.min > 1 ? `must be at least ${opts.min} characters` : 'is required',
      ...problem(opts.min && opts.min > 1 ? { problem: 'short', min: opts.min } : { problem: 'required' }),
    });
}

/** A record's id in a request (path, query or body). */
export const id = z.string().min(1).max(64);

/** A list's page size in a query string: a whole number from 1 to `max`. */
export function pageLimit(max: number, opts: { wholeNumberMessage?: string } = {}) {
  return z.coerce
    .number()
    .int(opts.wholeNumberMessage ? { message: opts.wholeNumberMessage } : undefined)
    .min(1, { message: 'must be at least 1' })
    .max(max, { message: `must be at most ${max}` })
    .optional();
}

export const email = z
  .string()
  .max(254, { message: 'must be at most 254 characters' })
  .refine((s) => s.isWellFormed(), { message: 'must be valid Unicode text' })
  .pipe(z.email({ message: 'must be a valid email address' }));

// Passwords: any Unicode, no composition rules; length and list checks happen server-side
// (they depend on MFA and on the practice and user names). 256 bounds argon2 work.
export const password = z
  .string()
  .min(1, { message: 'is required' })
  .refine((s) => s.isWellFormed(), { message: 'must be valid Unicode text' })
  .refine((s) => [...s].length <= 256, { message: 'must be at most 256 characters' });
