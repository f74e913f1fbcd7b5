// The in-memory name prefix search against a brute-force scan that models the blind index itself
// (every prefix, by characters, of every name word cut to MAX_PREFIX; all query words needed):
// a randomised 10,000-client list, many queries, every sort both ways, status and provider filters,
// pages from the first to past the end. The same comparison over a real database is search.test.ts.
import { describe, expect, it } from 'vitest';
import type { IndexEntry, SortKey } from './list-index.js';
import { NamePrefixIndex, queryWords } from './name-search.js';
import { MAX_PREFIX, nameWords } from './normalise.js';
import { seededRandom } from '../../testing/random.js';

const SYLLABLES = ['mar', 'ma', 'ri', 'a', 'ana', 'gar', 'cí', 'Ö', 'bri', 'en', 'zo', 'ë', 'lu', 'ç', 'ñ', 'ka', 'wei', 'ß', 'ø', 'mü', 'll', 'er', '𠀀', 'é', 'o'];
const SEPARATORS = ["'", '-', ' ', '’', ''];

function makeName(r: () => number, words: number): string {
  const out: string[] = [];
  for (let w = 0; w < words; w++) {
    let word = '';
    const n = r() < 0.03 ? 14 : 1 + Math.floor(r() * 4); // now and then a word longer than MAX_PREFIX
    for (let s = 0; s < n; s++) word += SYLLABLES[Math.floor(r() * SYLLABLES.length)]!;
    if (r() < 0.5) word = word[0]!.toUpperCase() + word.slice(1);
    if (r() < 0.1) word = word.toUpperCase();
    out.push(word);
  }
  let name = out[0]!;
  for (const w of out.slice(1)) name += SEPARATORS[Math.floor(r() * SEPARATORS.length)]! + w;
  return name;
}

const STATUSES = ['active', 'inactive', 'discharged'] as const;
const PROVIDERS = ['p1', 'p2', 'p3'];

function entries(r: () => number, n: number): IndexEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `c${String(i).padStart(5, '0')}`,
    firstName: makeName(r, r() < 0.2 ? 2 : 1),
    lastName: makeName(r, r() < 0.3 ? 2 : 1),
    dateOfBirth: '1980-01-01',
    preferredName: r() < 0.3 ? makeName(r, 1) : null,
    pronouns: null,
    status: STATUSES[Math.floor(r() * 3)]!,
    updatedAt: Math.floor(r() * 1000),
    providerIds: PROVIDERS.filter(() => r() < 0.3),
  }));
}

/** The blind index's terms of an entry: every prefix (1..MAX_PREFIX characters) of every name word. */
function terms(e: IndexEntry): Set<string> {
  const out = new Set<string>();
  for (const word of [e.firstName, e.lastName, e.preferredName ?? ''].flatMap(nameWords)) {
    const chars = [...word].slice(0, MAX_PREFIX);
    for (let n = 1; n <= chars.length; n++) out.add(chars.slice(0, n).join(''));
  }
  return out;
}

const ORDER: Record<SortKey, (a: IndexEntry, b: IndexEntry) => number> = {
  lastName: (a, b) => a.lastName.localeCompare(b.lastName) || (a.id < b.id ? -1 : 1),
  firstName: (a, b) => a.firstName.localeCompare(b.firstName) || (a.id < b.id ? -1 : 1),
  updatedAt: (a, b) => a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : 1),
};

describe('name prefix search', () => {
  const seed = 16_003;
  const r = seededRandom(seed);
  const all = entries(r, 10_000);
  const termsOf = new Map(all.map((e) => [e, terms(e)]));
  const sorted = { lastName: [...all].sort(ORDER.lastName), firstName: [...all].sort(ORDER.firstName), updatedAt: [...all].sort(ORDER.updatedAt) };
  const views = new Map<string, NamePrefixIndex>();
  const viewOf = (status: IndexEntry['status'] | null, key: SortKey) => {
    const name = status ?? '*';
    let v = views.get(name);
    if (!v) {
      const member = status ? (e: IndexEntry) => e.status === status : null;
      v = new NamePrefixIndex(member ? sorted[key].filter(member) : sorted[key], member);
      views.set(name, v);
    }
    return v;
  };

  // Queries: prefixes of real words (any length, any case, accents as written), whole names,
  // two words, words past MAX_PREFIX, and words nobody has.
  const words = all.flatMap((e) => [e.firstName, e.lastName, e.preferredName ?? '']).filter(Boolean);
  const queries = new Set<string>(['m', 'M', 'mar', 'MAR', 'már', 'Mär', 'zoe', 'ZOË', 'o', 'obri', "o'bri", 'ss', 'ß', 'oe', 'ø', '𠀀', 'qqq', 'x', 'ma mar', 'mar ma', 'ana gar', '  mar  ']);
  for (let i = 0; i < 250; i++) {
    const w = words[Math.floor(r() * words.length)]!;
    const chars = [...w];
    const cutAt = 1 + Math.floor(r() * chars.length);
    let q = chars.slice(0, cutAt).join('');
    if (r() < 0.3) q = q.toUpperCase();
    if (r() < 0.2) q = `${q} ${[...words[Math.floor(r() * words.length)]!].slice(0, 2).join('')}`;
    if (r() < 0.05) q = `${w}zz`;
    queries.add(q);
  }
  for (const e of all.slice(0, 20)) queries.add(`${e.firstName} ${e.lastName}`);
  for (const w of words.filter((x) => [...x].length > MAX_PREFIX + 2).slice(0, 10)) queries.add(w);

  it('finds the same clients, in the same order, with the same totals, as a brute-force scan', () => {
    const keys: SortKey[] = ['lastName', 'firstName', 'updatedAt'];
    let checked = 0;
    let nonEmpty = 0;
    for (const q of queries) {
      const qw = queryWords(q);
      expect(qw.length, q).toBeGreaterThan(0);
      const needed = [...new Set(nameWords(q).map((w) => [...w].slice(0, MAX_PREFIX).join('')))];
      for (const key of keys) {
        for (const desc of [false, true]) {
          const status = r() < 0.5 ? null : STATUSES[Math.floor(r() * 3)]!;
          const provider = r() < 0.7 ? null : PROVIDERS[Math.floor(r() * PROVIDERS.length)]!;
          const keep = provider ? (e: IndexEntry) => e.providerIds.includes(provider) : null;
          const ordered = desc ? [...sorted[key]].reverse() : sorted[key];
          const expected = ordered.filter((e) => (!status || e.status === status) && (!keep || keep(e)) && needed.every((t) => termsOf.get(e)!.has(t)));
          const limit = 1 + Math.floor(r() * 100);
          for (const offset of [0, Math.floor(r() * expected.length), Math.max(0, expected.length - 1), expected.length, expected.length + 7]) {
            const got = viewOf(status, key).search(sorted[key], { words: qw, keep, key, desc, offset, limit });
            expect(got.total, `${q} ${key} ${desc} ${status} ${provider} seed ${seed}`).toBe(expected.length);
            expect(
              got.page.map((e) => e.id),
              `${q} ${key} ${desc} ${status} ${provider} @${offset}+${limit} seed ${seed}`,
            ).toEqual(expected.slice(offset, offset + limit).map((e) => e.id));
            checked++;
          }
          if (expected.length) nonEmpty++;
        }
      }
    }
    expect(checked).toBeGreaterThan(7000);
    expect(nonEmpty).toBeGreaterThan(900);
  }, 120_000); // pure computation over 10,000 names: a busy CI core took 34-62 s; it checks answers, not time

  it('counts a prefix exactly, a client whose several words begin with it once', () => {
    const view = viewOf(null, 'lastName');
    const mar = all.filter((e) => termsOf.get(e)!.has('mar')).length;
    expect(mar).toBeGreaterThan(500);
    expect(view.count('mar')).toBe(mar);
    const twice = all.filter((e) => [e.firstName, e.lastName, e.preferredName ?? ''].flatMap(nameWords).filter((w) => w.startsWith('mar')).length > 1).length;
    expect(twice, 'the list holds clients with several words beginning with "mar"').toBeGreaterThan(20);
    for (const p of ['m', 'ma', 'a', 'z', 'zz', 'qqq', '𠀀']) expect(view.count(p), p).toBe(all.filter((e) => termsOf.get(e)!.has(p)).length);
  });

  it('reads a query as the blind index does: case and accents folded, punctuation splits words, nothing searchable is no word', () => {
    expect(queryWords("  Zoë O'Brien ")).toEqual(['zoe', 'obrien']);
    expect(queryWords('MAR mar Mär')).toEqual(['mar']);
    expect(queryWords('!!! ...')).toEqual([]);
    expect([...queryWords('a'.repeat(40))[0]!]).toHaveLength(MAX_PREFIX);
  });
});
