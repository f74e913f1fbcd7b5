// checkAnswers and normalizeAnswers: the one rule for what a typed field's answer may be, used by
// the server (400 naming `fields.<key>`) and by the SPA before sending.
import { describe, expect, it } from 'vitest';
import { checkAnswers, FieldList, normalizeAnswers, type FieldDef } from './fields.js';

const FIELDS: FieldDef[] = FieldList.parse([
  { key: 'story', label: 'Story', kind: 'text', required: true },
  { key: 'line', label: 'One line', kind: 'text', multiline: false, maxLength: 10 },
  { key: 'risk', label: 'Risk', kind: 'choice', options: [{ value: 'low', label: 'Low' }, { value: 'high', label: 'High' }] },
  { key: 'topics', label: 'Topics', kind: 'choice', multiple: true, options: [{ value: 'work', label: 'Work' }, { value: 'sleep', label: 'Sleep' }] },
  { key: 'agreed', label: 'Agreed', kind: 'checkbox', required: true },
  { key: 'seen', label: 'Seen on', kind: 'date' },
  { key: 'mood', label: 'Mood', kind: 'scale', min: 0, max: 10 },
  { key: 'sig', label: 'Signature', kind: 'signature' },
]);

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const check = (answers: Record<string, unknown>, complete = false) => checkAnswers(FIELDS, answers, { complete });

describe('checkAnswers', () => {
  it('takes a complete, well-formed set of answers', () => {
    expect(check({ story: 'A', line: 'short', risk: 'low', topics: ['work', 'sleep'], agreed: true, seen: '2026-02-28', mood: 10, sig: { typedName: 'Ada', image: PNG } }, true)).toEqual([]);
  });

  it('lets a draft leave required fields empty, not a signature or submission', () => {
    expect(check({ story: '', agreed: false })).toEqual([]);
    expect(check({ story: '', agreed: false }, true)).toEqual([
      { field: 'fields.story', message: 'is required', problem: { code: 'required' } },
      { field: 'fields.agreed', message: 'is required', problem: { code: 'required' } },
    ]);
  });

  it('names each bad answer by its field', () => {
    const issues = check({ nope: 1, line: 'far too long for it', risk: 'extreme', topics: ['work', 'work'], agreed: 'yes', seen: '2026-02-30', mood: 11, sig: { typedName: 'Ada', image: 'data:image/jpeg;base64,AAAA' } });
    expect(issues.map((i) => i.field)).toEqual(['fields.nope', 'fields.line', 'fields.risk', 'fields.topics', 'fields.agreed', 'fields.seen', 'fields.mood', 'fields.sig']);
    expect(issues.find((i) => i.field === 'fields.nope')!.message).toBe('is not a field of this template');
    expect(issues.find((i) => i.field === 'fields.risk')!.message).toBe('"extreme" is not one of the options');
    expect(issues.find((i) => i.field === 'fields.mood')!.message).toBe('must be from 0 to 10');
    expect(issues.find((i) => i.field === 'fields.seen')!.message).toBe('must be a date (YYYY-MM-DD)');
    // Each problem as data too, for the words of the reader's language (no English to match).
    expect(issues.map((i) => i.problem)).toEqual([
      { code: 'unknown_field' },
      { code: 'too_long', max: 10 },
      { code: 'not_an_option', value: 'extreme' },
      { code: 'option_twice' },
      { code: 'checkbox' },
      { code: 'date' },
      { code: 'range', min: 0, max: 10 },
      { code: 'signature' },
    ]);
  });

  it('refuses answers of the wrong shape', () => {
    expect(check({ story: 5 })[0]).toMatchObject({ field: 'fields.story', message: 'must be text' });
    expect(check({ topics: 'work' })[0]).toMatchObject({ field: 'fields.topics', message: 'must be a list of options' });
    expect(check({ topics: ['golf'] })[0]).toMatchObject({ field: 'fields.topics' });
    expect(check({ mood: 2.5 })[0]).toMatchObject({ field: 'fields.mood', message: 'must be a whole number' });
    expect(check({ line: 'two\nlines' })[0]).toMatchObject({ field: 'fields.line', problem: { code: 'control' } });
    expect(check({ story: 'bad \uD800 surrogate' })[0]).toMatchObject({ field: 'fields.story', problem: { code: 'unicode' } });
  });
});

describe('normalizeAnswers', () => {
  it("drops empty answers and keeps the template's field order", () => {
    expect(Object.keys(normalizeAnswers(FIELDS, { mood: 3, story: 'A', line: '', topics: [], agreed: false, risk: 'low' }))).toEqual(['story', 'risk', 'mood']);
  });
});

describe('FieldList', () => {
  it('refuses duplicate keys, duplicate option values and a scale whose min is not below max', () => {
    expect(FieldList.safeParse([{ key: 'a', label: 'A', kind: 'checkbox' }, { key: 'a', label: 'B', kind: 'checkbox' }]).success).toBe(false);
    expect(FieldList.safeParse([{ key: 'a', label: 'A', kind: 'choice', options: [{ value: 'x', label: 'X' }, { value: 'x', label: 'Y' }] }]).success).toBe(false);
    expect(FieldList.safeParse([{ key: 'a', label: 'A', kind: 'scale', min: 3, max: 3 }]).success).toBe(false);
    expect(FieldList.safeParse([]).success).toBe(false);
  });
});
