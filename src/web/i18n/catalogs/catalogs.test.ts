// The two halves of the SPA's Spanish (./es.ts for the first screens, ./es-more.ts after) hold every
// es.json's words once: none lost between the two literal folder lists, none in both.
import { describe, expect, it } from 'vitest';
import { spanishCatalog } from '../../../../scripts/lib/i18n-messages.js';
import first from './es.js';
import more from './es-more.js';

describe('the Spanish catalogs', () => {
  it('together are every es.json, and no id is in both', () => {
    const all = spanishCatalog().messages;
    expect({ ...first, ...more }).toEqual(all);
    expect(Object.keys(first).filter((id) => id in more)).toEqual([]);
  });

  it('the first screens\u2019 half carries the join link, the call and the portal sign-in; the rest waits', () => {
    for (const id of ['calls.page.loading', 'portal.security.password-hint', 'components.signin.submit']) expect(first[id], id).toBeTruthy();
    expect(Object.keys(more).length).toBeGreaterThan(50);
    expect(Object.keys(more).every((id) => !id.startsWith('calls.') && !id.startsWith('portal.'))).toBe(true);
  });
});
