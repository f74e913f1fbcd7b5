// Spanish coverage of what a client sees (issue 19): every message written in a client-facing file
// (src/web/i18n/client-facing.json) has Spanish in an es.json, the Spanish parses as ICU and uses
// the same placeholders as the English, and one id never means two English texts.
import { describe, expect, it } from 'vitest';
import { clientFacingFiles, extractFromSource, extractMessages, placeholders, spanishCatalog } from './lib/i18n-messages.js';

const where = (m: { file: string; line: number }) => `${m.file}:${m.line}`;

describe('the extraction', () => {
  it('finds descriptors, JSX messages and defineMessages, and ignores the rest', () => {
    const found = extractFromSource(
      'x.tsx',
      `const a = intl.formatMessage({ id: 'a.one', defaultMessage: 'One {n}' });
       const m = defineMessages({ two: { id: 'a.two', defaultMessage: \`Two\` } });
       const j = <FormattedMessage id="a.three" defaultMessage={'Three'} values={{}} />;
       const other = { id: 'x', name: 'not a message' };`,
    );
    expect(found.map((m) => [m.id, m.defaultMessage, m.line])).toEqual([
      ['a.one', 'One {n}', 1],
      ['a.two', 'Two', 2],
      ['a.three', 'Three', 3],
    ]);
  });
  it('reads the placeholders of plurals, selects and tags, and refuses broken ICU', () => {
    expect(placeholders('{count, plural, one {# visit with {name}} other {# visits}} <b>{when}</b>')).toEqual(['<b>', 'count', 'name', 'when']);
    expect(() => placeholders('Hola {nombre')).toThrow();
  });
});

describe('Spanish for every client-facing message', () => {
  const files = clientFacingFiles();
  const messages = extractMessages(files);
  const es = spanishCatalog();

  it('reads the client-facing files and finds their messages', () => {
    expect(files).toContain('src/web/app/portal/PortalLayout.tsx');
    expect(messages.length).toBeGreaterThan(50);
  });

  it('every message has Spanish', () => {
    const missing = messages.filter((m) => !(m.id in es.messages)).map((m) => `${where(m)} ${m.id} "${m.defaultMessage}"`);
    expect(missing, `${missing.length} client-facing messages without Spanish`).toEqual([]);
  });

  it('every Spanish text parses as ICU and has the English placeholders', () => {
    const bad: string[] = [];
    for (const m of messages) {
      const text = es.messages[m.id];
      if (text === undefined) continue;
      try {
        const [en, sp] = [placeholders(m.defaultMessage), placeholders(text)];
        if (en.join() !== sp.join()) bad.push(`${where(m)} ${m.id}: English {${en.join()}} vs Spanish {${sp.join()}}`);
      } catch (e) {
        bad.push(`${where(m)} ${m.id}: ${(e as Error).message}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('one id, one English text; one id, one Spanish text', () => {
    const english = new Map<string, (typeof messages)[number]>();
    const clashes = [...es.conflicts];
    for (const m of messages) {
      const first = english.get(m.id);
      if (first && first.defaultMessage !== m.defaultMessage) clashes.push(`${m.id}: ${where(first)} and ${where(m)} say different things`);
      english.set(m.id, first ?? m);
    }
    expect(clashes).toEqual([]);
  });

  it('no Spanish for an id no client-facing file uses (a typo, or a message since removed)', () => {
    const ids = new Set(messages.map((m) => m.id));
    // Spanish may also serve the server's catalogs (src/server/**/locales): only src/web's es.json are checked here.
    expect(Object.keys(es.messages).filter((id) => !ids.has(id))).toEqual([]);
  });
});
