// Name prefix search over the client list index, in memory. The names are encrypted at rest; the
// database only holds blind indexes of every name-word prefix (record.ts searchTerms), which answer
// "which clients match" but not in the list's order, so every search used to fetch every match and
// filter the whole sorted list. Here each view of a practice's list (every client, or one status)
// keeps its name words in one sorted array: the clients whose name has a word starting with a
// prefix are one contiguous range of it, found by binary search. The exact number of distinct
// clients in that range is counted without visiting it (see `count`), and the first page in the
// list's order is cut by walking the sorted list from the right end until the page is full, or,
// when the matches are few, by sorting just those matches by their place in the list.
//
// Matching is exactly the blind index's: a query word (nameWords, cut to MAX_PREFIX characters)
// matches a client when it begins one of the words of their first, last or preferred name (each
// cut to MAX_PREFIX characters); a query of several words needs every one of them to match.
// Built from an index snapshot and never changed: a change to the practice's clients drops it
// together with the sort orders (list-index.ts), and the next search builds it again.
import type { IndexEntry, SortKey } from './list-index.js';
import { MAX_PREFIX, nameWords } from './normalise.js';

/** A word as the blind index keeps it: at most MAX_PREFIX characters (code points). */
function cut(word: string): string {
  const chars = [...word];
  return chars.length > MAX_PREFIX ? chars.slice(0, MAX_PREFIX).join('') : word;
}

/** The distinct words a query searches for (empty when it holds no letters or digits). */
export function queryWords(q: string): string[] {
  return [...new Set(nameWords(q).map(cut))];
}

const WORDS = new WeakMap<IndexEntry, readonly string[]>();

/** An entry's distinct name words, cut as the blind index cuts them, in code-unit order (entries are never changed in place). */
export function entryWords(e: IndexEntry): readonly string[] {
  let words = WORDS.get(e);
  if (!words) {
    words = [...new Set([e.firstName, e.lastName, e.preferredName ?? ''].flatMap(nameWords).map(cut))].sort();
    WORDS.set(e, words);
  }
  return words;
}

/** Whether every query word begins one of the entry's words. */
export function matchesAll(e: IndexEntry, words: readonly string[]): boolean {
  const own = entryWords(e);
  return words.every((q) => own.some((w) => w.startsWith(q)));
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** First index in [lo, hi) where `past` holds (it holds for a suffix of the range), or hi. */
function firstWhere(lo: number, hi: number, past: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const lowerBound = (xs: Int32Array, x: number) => firstWhere(0, xs.length, (i) => xs[i]! >= x);

export interface NameSearch {
  /** Distinct query words (queryWords), at least one. */
  words: readonly string[];
  /** The provider filters (providerId, a provider's own clients), or null for none. */
  keep: ((e: IndexEntry) => boolean) | null;
  key: SortKey;
  desc: boolean;
  offset: number;
  limit: number;
}

/** One view of a practice's list (every client, or those of one status) with its name words in order. */
export class NamePrefixIndex {
  /** Every (word, entry) pair of the view, by word in code-unit order. */
  private readonly keys: string[];
  private readonly owner: Int32Array;
  /**
   * repeats[L]: the positions (ascending) of words sharing at least L leading code units with the
   * same entry's previous word (in that entry's own word order). Among the words beginning with a
   * prefix of length L, each entry's first one is not a repeat and its later ones are, so the
   * distinct entries of a range are its length less its repeats.
   */
  private readonly repeats: Int32Array[] = [];
  private readonly ordered = new Map<SortKey, readonly IndexEntry[]>();
  private readonly ranks = new Map<SortKey, Int32Array>();
  private readonly position = new Map<IndexEntry, number>();

  constructor(
    /** The view's entries (any order). */
    private readonly entries: readonly IndexEntry[],
    /** Which entries of the practice's sorted list belong to the view; null: every one. */
    private readonly member: ((e: IndexEntry) => boolean) | null,
  ) {
    const words: string[] = [];
    const owners: number[] = [];
    const shared: number[] = [];
    entries.forEach((e, i) => {
      this.position.set(e, i);
      let prev = '';
      for (const w of entryWords(e)) {
        words.push(w);
        owners.push(i);
        shared.push(commonPrefix(prev, w));
        prev = w;
      }
    });
    const order = Array.from(words.keys()).sort((a, b) => (words[a]! < words[b]! ? -1 : words[a]! > words[b]! ? 1 : a - b));
    this.keys = order.map((j) => words[j]!);
    this.owner = Int32Array.from(order, (j) => owners[j]!);
    const lists: number[][] = [];
    order.forEach((j, p) => {
      for (let l = 1; l <= shared[j]!; l++) (lists[l] ??= []).push(p);
    });
    lists.forEach((list, l) => {
      this.repeats[l] = Int32Array.from(list);
    });
  }

  /** The positions of the words beginning with `prefix`: [lo, hi). */
  private range(prefix: string): { lo: number; hi: number } {
    const lo = firstWhere(0, this.keys.length, (i) => this.keys[i]! >= prefix);
    // From lo on every word is >= prefix: those beginning with it come first.
    const hi = firstWhere(lo, this.keys.length, (i) => !this.keys[i]!.startsWith(prefix));
    return { lo, hi };
  }

  /** How many entries of the view have a word beginning with `prefix`, without visiting them. */
  count(prefix: string): number {
    const { lo, hi } = this.range(prefix);
    const rep = this.repeats[prefix.length];
    return hi - lo - (rep ? lowerBound(rep, hi) - lowerBound(rep, lo) : 0);
  }

  /** The view's entries in the list's order for `key` (`sorted` is the practice's whole list in that order). */
  private orderedBy(key: SortKey, sorted: readonly IndexEntry[]): readonly IndexEntry[] {
    let list = this.ordered.get(key);
    if (!list) {
      list = this.member ? sorted.filter(this.member) : sorted;
      this.ordered.set(key, list);
    }
    return list;
  }

  /** Each view entry's place in the list's order for `key`. */
  private rankBy(key: SortKey, list: readonly IndexEntry[]): Int32Array {
    let rank = this.ranks.get(key);
    if (!rank) {
      rank = new Int32Array(this.entries.length);
      for (const [r, e] of list.entries()) rank[this.position.get(e)!] = r;
      this.ranks.set(key, rank);
    }
    return rank;
  }

  /** The view positions of the entries in [lo, hi) that match every word and the filters, each once. */
  private matchesIn(lo: number, hi: number, s: NameSearch): number[] {
    const seen = new Uint8Array(this.entries.length);
    const out: number[] = [];
    for (let p = lo; p < hi; p++) {
      const i = this.owner[p]!;
      if (seen[i]) continue;
      seen[i] = 1;
      const e = this.entries[i]!;
      if (s.keep && !s.keep(e)) continue;
      if (s.words.length > 1 && !matchesAll(e, s.words)) continue;
      out.push(i);
    }
    return out;
  }

  /**
   * The page [offset, offset + limit) of the matching entries in the list's order, and their
   * exact total. `sorted` is the practice's whole list in the order of `s.key`, from the same
   * snapshot as this view.
   */
  search(sorted: readonly IndexEntry[], s: NameSearch): { total: number; page: IndexEntry[] } {
    // The rarest word drives: its range holds every match.
    let driver = { lo: 0, hi: 0 };
    s.words.forEach((w, n) => {
      const r = this.range(w);
      if (n === 0 || r.hi - r.lo < driver.hi - driver.lo) driver = r;
    });
    const span = driver.hi - driver.lo;
    if (span === 0) return { total: 0, page: [] };
    let found: number[] | null = null;
    let total: number;
    if (s.words.length === 1 && !s.keep) total = this.count(s.words[0]!);
    else total = (found = this.matchesIn(driver.lo, driver.hi, s)).length;
    const want = Math.min(s.limit, total - s.offset);
    if (want <= 0) return { total, page: [] };

    const list = this.orderedBy(s.key, sorted);
    // Walking the list visits about (offset + want) * list / total entries; gathering visits the
    // range and sorts the matches. Either gives the same page.
    const walk = ((s.offset + want) * list.length) / total;
    const gather = (found ? 0 : span) + total * Math.log2(total + 1);
    const page: IndexEntry[] = [];
    if (walk <= gather) {
      let skip = s.offset;
      const step = s.desc ? -1 : 1;
      for (let r = s.desc ? list.length - 1 : 0; r >= 0 && r < list.length && page.length < want; r += step) {
        const e = list[r]!;
        if ((s.keep && !s.keep(e)) || !matchesAll(e, s.words)) continue;
        if (skip > 0) skip--;
        else page.push(e);
      }
      return { total, page };
    }
    found ??= this.matchesIn(driver.lo, driver.hi, s);
    const rank = this.rankBy(s.key, list);
    const sign = s.desc ? -1 : 1;
    found.sort((a, b) => sign * (rank[a]! - rank[b]!));
    for (const i of found.slice(s.offset, s.offset + want)) page.push(this.entries[i]!);
    return { total, page };
  }
}
