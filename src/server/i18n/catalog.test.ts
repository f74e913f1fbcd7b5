// Every message a client (or a status subscriber) gets from the server has its Spanish: the same
// ids in both catalogs, the same placeholders and select keys, each parses as ICU MessageFormat.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { CATALOGS, t } from './index.js';

/** Placeholder names and select/plural keys, sorted: what a translation must keep. */
function shape(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
    out.add(`{${e.value}}`);
    if (e.type === TYPE.select || e.type === TYPE.plural) {
      for (const [key, option] of Object.entries(e.options)) {
        out.add(`${e.value}=${key}`);
        shape(option.value, out);
      }
    }
    if (e.type === TYPE.tag) shape(e.children, out);
  }
  return out;
}

describe('server catalogs', () => {
  const ids = Object.keys(CATALOGS.en).sort();

  it('Spanish has exactly the English ids, none empty', () => {
    expect(Object.keys(CATALOGS.es).sort()).toEqual(ids);
    for (const id of ids) expect((CATALOGS.es as Record<string, string>)[id]?.trim(), id).toBeTruthy();
  });

  it.each(ids)('%s parses in both languages with the same placeholders and keys', (id) => {
    const en = [...shape(parse((CATALOGS.en as Record<string, string>)[id]!, { ignoreTag: true }))].sort();
    const es = [...shape(parse((CATALOGS.es as Record<string, string>)[id]!, { ignoreTag: true }))].sort();
    expect(es).toEqual(en);
  });

  it('Spanish is not English left in place (beyond names and links)', () => {
    const same = ids.filter((id) => id !== 'mail.signature' && (CATALOGS.es as Record<string, string>)[id] === (CATALOGS.en as Record<string, string>)[id]);
    expect(same).toEqual([]);
  });

  it('formats selects and values', () => {
    expect(t('es', 'reminders.cancel.intro', { withProvider: 'yes', provider: 'Dra. Ruiz', when: 'lunes' })).toBe('Su cita con Dra. Ruiz del lunes fue cancelada.');
    expect(t('en', 'status.label', { status: 'in_progress' })).toBe('In progress');
    expect(t('es', 'status.label', { status: 'resolved' })).toBe('Resuelto');
  });
});
