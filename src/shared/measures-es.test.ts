// The Spanish texts of the measures line up with the English item for item and option for option:
// an answer index means the same thing in both languages, so the score does not depend on the language.
import { describe, expect, it } from 'vitest';
import { CRISIS_RESOURCES, crisisResources, INSTRUMENT_DEFS, INSTRUMENTS, instrumentText } from './measures.js';
import { INSTRUMENT_TEXTS_ES } from './measures-es.js';

describe('Spanish measures', () => {
  it.each(INSTRUMENTS)('%s: the same number of items, options and difficulty options as the English, none empty', (id) => {
    const en = INSTRUMENT_DEFS[id];
    const es = INSTRUMENT_TEXTS_ES[id];
    expect(es.items).toHaveLength(en.items.length);
    expect(es.options).toHaveLength(en.options.length);
    expect(es.difficulty?.options.length ?? null).toBe(en.difficulty?.options.length ?? null);
    for (const t of [es.title, es.stem, ...es.items, ...es.options, es.difficulty?.question ?? 'x', ...(es.difficulty?.options ?? [])]) expect(t.trim()).not.toBe('');
    // Every Spanish text differs from its English one (nothing left untranslated).
    es.items.forEach((t, i) => expect(t).not.toBe(en.items[i]));
    es.options.forEach((t, i) => expect(t).not.toBe(en.options[i]));
    expect(new Set(es.options).size).toBe(es.options.length);
  });

  it('the published wording of the PHQ-9 risk item and the frequency answers', () => {
    expect(INSTRUMENT_TEXTS_ES.phq9.items[8]).toBe('Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera');
    expect(INSTRUMENT_TEXTS_ES.phq9.options).toEqual(['Ningún día', 'Varios días', 'Más de la mitad de los días', 'Casi todos los días']);
  });

  it('instrumentText chooses by locale: es and es-MX are Spanish, anything else English', () => {
    expect(instrumentText('gad7', 'es').items[0]).toBe(INSTRUMENT_TEXTS_ES.gad7.items[0]);
    expect(instrumentText('gad7', 'es-MX').stem).toBe(INSTRUMENT_TEXTS_ES.gad7.stem);
    expect(instrumentText('gad7', 'en').items).toEqual(INSTRUMENT_DEFS.gad7.items);
    expect(instrumentText('pcl5', 'fr').title).toBe(INSTRUMENT_DEFS.pcl5.title);
  });

  it('the Spanish crisis resources reach the same services: 988 (press 2), Crisis Text Line and 911', () => {
    const es = crisisResources('es');
    const text = es.map((r) => `${r.how} ${r.href}`).join(' ');
    for (const n of ['988', '741741', '911', 'presione 2']) expect(text).toContain(n);
    expect(crisisResources('en')).toBe(CRISIS_RESOURCES);
    expect(es.every((r) => /^(tel|sms):/.test(r.href))).toBe(true);
  });
});
