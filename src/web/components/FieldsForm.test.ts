// The typed-field renderer and builder: a built field is always a valid FieldDef, keys follow
// labels, errors land on their input (aria-invalid + aria-describedby), and signed content reads
// as words.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createIntl, IntlProvider } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { FIELD_KINDS, FieldList, type FieldDef } from '../../shared/fields.js';
import { answerText, checkAnswers, isAnswerProblem } from '../../shared/fields.js';
import spanish from './es.json' with { type: 'json' };
import { answerProblemText, fieldIssueText } from './fieldIssues.js';
import { answerErrors, FieldsForm } from './FieldsForm.js';
import { fieldOfKind, keyOf } from './TemplateBuilder.js';

const FIELDS: FieldDef[] = [
  { key: 'mood', label: 'Mood', kind: 'text', required: true, multiline: true, maxLength: 200 },
  { key: 'risk', label: 'Risk', kind: 'choice', required: false, multiple: false, options: [{ value: 'low', label: 'Low' }, { value: 'high', label: 'High' }] },
  { key: 'seen', label: 'Seen on', kind: 'date', required: false },
  { key: 'distress', label: 'Distress', kind: 'scale', required: false, min: 0, max: 4, minLabel: 'None', maxLabel: 'Severe' },
];

describe('TemplateBuilder helpers', () => {
  it('keys are made of labels, valid and unique', () => {
    expect(keyOf('Focus of the session')).toBe('focus_of_the_session');
    expect(keyOf('1st impression')).toBe('f_1st_impression');
    expect(keyOf('Mood', ['mood', 'mood_2'])).toBe('mood_3');
    expect(keyOf('')).toMatch(/^[a-z]/);
  });

  it('a field of every kind, made from another, is a valid template field', () => {
    for (const kind of FIELD_KINDS) {
      const f = fieldOfKind(kind, { key: 'q', label: 'Question', required: true, help: 'Why' });
      expect(FieldList.safeParse([f]).success, kind).toBe(true);
      expect(f).toMatchObject({ key: 'q', label: 'Question', required: true, help: 'Why', kind });
    }
  });
});

/** The markup of an element in a language (English needs no catalog: the defaults are English). */
const render = (el: ReactElement, locale: 'en' | 'es' = 'en') => renderToStaticMarkup(createElement(IntlProvider, { locale, messages: locale === 'es' ? spanish : {}, defaultLocale: 'en' }, el));

describe('FieldsForm', () => {
  it('an error sits on its input: aria-invalid and described by the message', () => {
    const errors = answerErrors(FIELDS, { risk: 'maybe' }, true);
    expect(errors).toEqual({ 'fields.mood': 'is required', 'fields.risk': '"maybe" is not one of the options' });
    const html = render(createElement(FieldsForm, { fields: FIELDS, value: { seen: '2026-13-01' }, errors: { ...errors, 'fields.seen': 'must be a date (YYYY-MM-DD)' } }));
    const textarea = /<textarea[^>]*data-testid="field-mood"[^>]*>/.exec(html)?.[0] ?? '';
    expect(textarea).toContain('aria-invalid="true"');
    const date = /<input[^>]*type="date"[^>]*>/.exec(html)?.[0] ?? '';
    expect(date).toContain('aria-invalid="true"');
    const described = /aria-describedby="([^"]+)"/.exec(date)?.[1] ?? '';
    expect(html).toContain(`id="${described.split(' ').pop()}" class="field-error">must be a date (YYYY-MM-DD)`);
    // A scale of five points is a radio group whose ends say their words.
    expect(html).toContain('aria-label="0 (None)"');
    expect(html).toContain('aria-label="4 (Severe)"');
  });

  it('read-only (signed) content is words, not inputs', () => {
    const html = render(createElement(FieldsForm, { fields: FIELDS, value: { mood: 'Brighter', risk: 'high', distress: 4 }, readOnly: true }));
    expect(html).not.toMatch(/<(input|textarea)/);
    expect(html).toContain('Brighter');
    expect(answerText(FIELDS[1] as FieldDef, 'high')).toBe('High');
    expect(answerText(FIELDS[3] as FieldDef, 4)).toBe('4 (0–4) Severe');
    expect(answerText(FIELDS[2] as FieldDef, undefined)).toBe('—');
  });

  it("in Spanish, Hearth's words are Spanish and the practice's own questions stay as written", () => {
    const consent: FieldDef = { key: 'agree', label: 'I agree to telehealth', kind: 'checkbox', required: true };
    const html = render(createElement(FieldsForm, { fields: [consent, FIELDS[0]!], value: { agree: true, mood: 'Brighter' }, readOnly: true }), 'es');
    expect(html).toContain('Sí');
    expect(html).not.toContain('>Yes<');
    expect(html).toContain('I agree to telehealth');
  });

  it("an answer the API refused reads from the problem it sent, in the reader's language; a request's shape as said, or plainly", () => {
    const en = createIntl({ locale: 'en', defaultLocale: 'en' });
    const es = createIntl({ locale: 'es', messages: spanish, defaultLocale: 'en' });
    // The problem as the API's error body carries it, checked before it is worded.
    expect(isAnswerProblem({ code: 'range', min: 1, max: 10 })).toBe(true);
    expect(isAnswerProblem({ code: 'required' })).toBe(true);
    expect(isAnswerProblem({ code: 'range', min: '1', max: 10 })).toBe(false);
    expect(isAnswerProblem({ code: 'range', min: 1 })).toBe(false);
    expect(isAnswerProblem({ code: 'required', extra: 1 })).toBe(false);
    expect(isAnswerProblem({ code: 'toString' })).toBe(false);
    expect(isAnswerProblem(null)).toBe(false);
    const range = { field: 'fields.pain', message: 'must be from 1 to 10', problem: { code: 'range', min: 1, max: 10 } } as const;
    expect(answerProblemText(es, range)).toBe('Elija un número del 1 al 10.');
    expect(answerProblemText(en, range)).toBe('Choose a number from 1 to 10.');
    // Not an answer's problem: the server's English for English readers, a plain Spanish request otherwise.
    expect(fieldIssueText(en, 'must be an object')).toBe('must be an object');
    expect(fieldIssueText(es, 'must be an object')).toBe('Por favor, revise esta respuesta.');
  });

  it("checkAnswers' problems read as sentences from their data, in the reader's language", () => {
    const en = createIntl({ locale: 'en', defaultLocale: 'en' });
    const es = createIntl({ locale: 'es', messages: spanish, defaultLocale: 'en' });
    const fields: FieldDef[] = [
      { kind: 'scale', key: 'pain', label: 'Pain', min: 0, max: 10, required: true },
      { kind: 'choice', key: 'mood', label: 'Mood', options: [{ value: 'ok', label: 'OK' }], multiple: false, required: false },
      { kind: 'text', key: 'note', label: 'Note', maxLength: 5, multiline: false, required: false },
    ];
    const say = (intl: typeof en, answers: Record<string, unknown>, complete = false) => checkAnswers(fields, answers, { complete }).map((f) => answerProblemText(intl, f));
    expect(say(es, {}, true)).toEqual(['Por favor, responda esta pregunta.']);
    expect(say(es, { pain: 11 })).toEqual(['Elija un número del 0 al 10.']);
    expect(say(en, { pain: 2.5 })).toEqual(['Enter a whole number.']);
    expect(say(en, { mood: 'sad' })).toEqual(['Choose one of the options.']);
    // No sentence of its own: the English for English readers, a plain Spanish request otherwise.
    expect(say(en, { note: 'far too long' })).toEqual(['must be at most 5 characters']);
    expect(say(es, { note: 'far too long' })).toEqual(['Por favor, revise esta respuesta.']);
  });
});
