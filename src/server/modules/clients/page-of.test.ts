// pageOf cuts the list's page without copying or scanning when nothing filters: the same page and
// total as the plain way (reverse, filter, slice) for every order, filter, offset and limit.
import { describe, expect, it } from 'vitest';
import { pageOf } from './list-index.js';

function plain<T>(sorted: readonly T[], desc: boolean, filter: ((e: T) => boolean) | null, offset: number, limit: number) {
  const all = (desc ? [...sorted].reverse() : [...sorted]).filter((e) => !filter || filter(e));
  return { total: all.length, page: all.slice(offset, offset + limit) };
}

describe('pageOf', () => {
  const lists = [[], [1], [1, 2, 3], Array.from({ length: 137 }, (_, i) => i)];
  const filters = [null, (n: number) => n % 3 === 0, () => false, () => true];
  it.each(lists.map((l) => [l.length, l] as const))('matches reverse + filter + slice over %i entries', (_n, list) => {
    for (const desc of [false, true])
      for (const filter of filters)
        for (const offset of [0, 1, 2, 25, 50, 136, 137, 500])
          for (const limit of [1, 25, 50, 100]) expect(pageOf(list, desc, filter, offset, limit)).toEqual(plain(list, desc, filter, offset, limit));
  });

  it('does not change the sorted list it pages', () => {
    const list = [1, 2, 3, 4];
    expect(pageOf(list, true, null, 0, 2).page).toEqual([4, 3]);
    expect(list).toEqual([1, 2, 3, 4]);
  });
});
