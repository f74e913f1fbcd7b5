// Typed fields: the one model behind note templates (SOAP, DAP, BIRP and a practice's own) and
// intake / consent forms. A template is a list of field definitions; a note's or a form's content
// is a map from field key to answer. `checkAnswers` is the one rule for what an answer may be,
// used by the server (authority: 400 naming `fields.<key>`) and by the SPA (the same message
// before sending). Drafts may leave required fields empty; signing or submitting may not.
import { z } from 'zod';
import { text, textProblemOf } from './strings.js';

export const FIELD_KINDS = ['text', 'choice', 'checkbox', 'date', 'scale', 'signature'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** A field's key inside its template: lower-case letters, digits and underscores, starting with a letter. */
export const FieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { message: 'must be 1–40 lower-case letters, digits or underscores, starting with a letter' });

const base = {
  key: FieldKey,
  label: text({ min: 1, max: 200 }),
  help: text({ max: 500, multiline: true }).optional(),
  required: z.boolean().default(false),
};

export const ChoiceOption = z.strictObject({ value: FieldKey, label: text({ min: 1, max: 200 }) });
export type ChoiceOption = z.infer<typeof ChoiceOption>;

export const TextField = z.strictObject({ ...base, kind: z.literal('text'), multiline: z.boolean().default(true), maxLength: z.number().int().min(1).max(20_000).default(20_000) });
export const ChoiceField = z.strictObject({
  ...base,
  kind: z.literal('choice'),
  options: z.array(ChoiceOption).min(1, { message: 'must have at least one option' }).max(50, { message: 'must have at most 50 options' }),
  /** Several options may be picked (the answer is a list); otherwise exactly one. */
  multiple: z.boolean().default(false),
});
export const CheckboxField = z.strictObject({ ...base, kind: z.literal('checkbox') });
export const DateField = z.strictObject({ ...base, kind: z.literal('date') });
export const ScaleField = z.strictObject({
  ...base,
  kind: z.literal('scale'),
  min: z.number().int().min(-100).max(100),
  max: z.number().int().min(-100).max(100),
  minLabel: text({ max: 100 }).optional(),
  maxLabel: text({ max: 100 }).optional(),
});
/** Forms only: a typed name plus a drawn signature; the server stores the time, IP and wording version beside it. */
export const SignatureField = z.strictObject({ ...base, kind: z.literal('signature') });

export const FieldDef = z.discriminatedUnion('kind', [TextField, ChoiceField, CheckboxField, DateField, ScaleField, SignatureField]);
export type FieldDef = z.infer<typeof FieldDef>;

/** A template's fields: 1–100, keys unique, option values unique per field, scale min below max. */
export const FieldList = z
  .array(FieldDef)
  .min(1, { message: 'must have at least one field' })
  .max(100, { message: 'must have at most 100 fields' })
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `"${f.key}" is used by two fields` });
      seen.add(f.key);
      if (f.kind === 'choice' && new Set(f.options.map((o) => o.value)).size !== f.options.length) ctx.addIssue({ code: 'custom', path: [i, 'options'], message: 'option values must be unique' });
      if (f.kind === 'scale' && f.min >= f.max) ctx.addIssue({ code: 'custom', path: [i, 'max'], message: 'must be above min' });
    });
  });
export type FieldList = z.infer<typeof FieldList>;

/** A drawn signature: a PNG data URL (at most ~200 KB) and the signer's typed name. */
export const SignatureAnswer = z.strictObject({
  typedName: text({ min: 1, max: 200 }),
  image: z
    .string()
    .max(280_000, { message: 'must be a drawing of at most 200 KB' })
    .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, { message: 'must be a PNG drawing (data:image/png;base64,…)' }),
});
export type SignatureAnswer = z.infer<typeof SignatureAnswer>;

/** What a note's or form's content looks like on the wire: field key → answer (checked by `checkAnswers`). */
export const Answers = z.record(z.string().max(40), z.unknown());
export type Answers = Record<string, unknown>;

export interface AnswerIssue {
  /** `fields.<key>`: the request field at fault. */
  field: string;
  message: string;
}

/**
 * Each answer problem's code, with the values it carries and their types: the one list that both
 * AnswerProblem (the type) and isAnswerProblem (the check of an API's error body) come from.
 */
const PROBLEM_VALUES = {
  unknown_field: {},
  required: {},
  text: {},
  unicode: {},
  control: {},
  too_long: { max: 'number' },
  option_list: {},
  not_an_option: { value: 'string' },
  option_twice: {},
  one_option: {},
  checkbox: {},
  date: {},
  whole_number: {},
  range: { min: 'number', max: 'number' },
  signature: {},
} as const satisfies Record<string, Record<string, 'number' | 'string'>>;

type Problems = typeof PROBLEM_VALUES;
type ValueOf<T> = T extends 'number' ? number : string;

/**
 * What is wrong with an answer, as data: the server's catalogs and the pages word it in the reader's
 * language from this (the English `message` beside it is for developers and logs). For example
 * `{ code: 'required' }`, `{ code: 'too_long'; max: number }`, `{ code: 'range'; min: number; max: number }`.
 */
export type AnswerProblem = { [C in keyof Problems]: { code: C } & { -readonly [K in keyof Problems[C]]: ValueOf<Problems[C][K]> } }[keyof Problems];

/** An AnswerProblem as it came in an API's error body, checked by hand: a known code with its values. */
export function isAnswerProblem(v: unknown): v is AnswerProblem {
  if (!v || typeof v !== 'object') return false;
  const { code, ...values } = v as Record<string, unknown>;
  if (typeof code !== 'string' || !Object.hasOwn(PROBLEM_VALUES, code)) return false;
  const want: Readonly<Record<string, 'number' | 'string'>> = PROBLEM_VALUES[code as AnswerProblem['code']];
  const keys = Object.keys(values);
  return keys.length === Object.keys(want).length && keys.every((k) => Object.hasOwn(want, k) && typeof values[k] === want[k]);
}

/** checkAnswers' finding: the field, the English, and the problem as data. */
export interface AnswerFinding extends AnswerIssue {
  problem: AnswerProblem;
}

type Found = { message: string; problem: AnswerProblem };
const found = (message: string, problem: AnswerProblem): Found => ({ message, problem });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function empty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || v === false;
}

/** A text answer's problem: text()'s own (shared/strings.ts), kept as data. */
function textFinding(issue: z.core.$ZodIssue | undefined): Found | null {
  if (!issue) return null;
  const p = textProblemOf(issue);
  if (p?.problem === 'unicode') return found(issue.message, { code: 'unicode' });
  if (p?.problem === 'control') return found(issue.message, { code: 'control' });
  if (p?.problem === 'long') return found(issue.message, { code: 'too_long', max: p.max });
  return found(issue.message, { code: 'text' });
}

function checkOne(f: FieldDef, v: unknown): Found | null {
  switch (f.kind) {
    case 'text':
      if (typeof v !== 'string') return found('must be text', { code: 'text' });
      return textFinding(text({ max: f.maxLength, multiline: f.multiline }).safeParse(v).error?.issues[0]);
    case 'choice': {
      const values = new Set(f.options.map((o) => o.value));
      if (f.multiple) {
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return found('must be a list of options', { code: 'option_list' });
        const bad = v.find((x) => !values.has(x as string));
        if (bad !== undefined) return found(`"${String(bad)}" is not one of the options`, { code: 'not_an_option', value: String(bad) });
        return new Set(v).size === v.length ? null : found('must not pick an option twice', { code: 'option_twice' });
      }
      if (typeof v !== 'string') return found('must be one of the options', { code: 'one_option' });
      return values.has(v) ? null : found(`"${v}" is not one of the options`, { code: 'not_an_option', value: v });
    }
    case 'checkbox':
      return typeof v === 'boolean' ? null : found('must be true or false', { code: 'checkbox' });
    case 'date':
      return typeof v === 'string' && isCalendarDate(v) ? null : found('must be a date (YYYY-MM-DD)', { code: 'date' });
    case 'scale':
      if (typeof v !== 'number' || !Number.isInteger(v)) return found('must be a whole number', { code: 'whole_number' });
      return v < f.min || v > f.max ? found(`must be from ${f.min} to ${f.max}`, { code: 'range', min: f.min, max: f.max }) : null;
    case 'signature': {
      const r = SignatureAnswer.safeParse(v);
      if (r.success) return null;
      const issue = r.error.issues[0];
      return found(issue ? `${issue.path.join('.') || 'signature'}: ${issue.message}` : 'must be a signature', { code: 'signature' });
    }
  }
}

/**
 * Every problem with `answers` against `fields`: a key no field has, an answer of the wrong shape
 * (an option not in the list, a scale value out of range, …), and, when `complete`, a required
 * field left empty. An empty answer (null, '', [], false) is always allowed in a draft.
 */
export function checkAnswers(fields: readonly FieldDef[], answers: Answers, opts: { complete: boolean }): AnswerFinding[] {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const issues: AnswerFinding[] = [];
  for (const key of Object.keys(answers)) {
    if (!byKey.has(key)) issues.push({ field: `fields.${key}`, message: 'is not a field of this template', problem: { code: 'unknown_field' } });
  }
  for (const f of fields) {
    const v = answers[f.key];
    if (empty(v)) {
      if (opts.complete && f.required) issues.push({ field: `fields.${f.key}`, message: 'is required', problem: { code: 'required' } });
      continue;
    }
    const problem = checkOne(f, v);
    if (problem) issues.push({ field: `fields.${f.key}`, ...problem });
  }
  return issues;
}

/** The answers with empty values dropped, in the template's field order (what is stored and hashed). */
export function normalizeAnswers(fields: readonly FieldDef[], answers: Answers): Answers {
  const out: Answers = {};
  for (const f of fields) {
    const v = answers[f.key];
    if (!empty(v)) out[f.key] = v;
  }
  return out;
}

/**
 * An answer as plain text (the signed view, PDFs, exports): option labels, Yes / No, a scale value
 * with its end's words, a signature's typed name; `empty` for no answer.
 */
export function answerText(f: FieldDef, v: unknown, opts: { empty?: string } = {}): string {
  const none = opts.empty ?? '—';
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return none;
  switch (f.kind) {
    case 'text':
    case 'date':
      return typeof v === 'string' && v ? v : none;
    case 'choice': {
      const label = (x: unknown) => f.options.find((o) => o.value === x)?.label ?? String(x);
      return Array.isArray(v) ? v.map(label).join(', ') : label(v);
    }
    case 'checkbox':
      return v === true ? 'Yes' : 'No';
    case 'scale': {
      const end = v === f.min ? f.minLabel : v === f.max ? f.maxLabel : undefined;
      return `${String(v as number)} (${f.min}–${f.max})${end ? ` ${end}` : ''}`;
    }
    case 'signature':
      return typeof v === 'object' && 'typedName' in v ? String((v as { typedName: unknown }).typedName) : none;
  }
}
