// The client list is sorted by name, but names are encrypted at rest, so the database cannot sort
// them. Each instance keeps, per practice, the decrypted names it needs for sorting and paging, in
// memory only, tagged with the practice's clients_version. A list request checks that version (one
// small query) and rebuilds the index when another instance or process changed a client. Writes in
// this instance update the index in place. A page is always cut from one consistent index, so it is
// complete with an exact total, or the request fails as a whole. Name searches use prefix
// structures built from the same snapshot (name-search.ts), dropped and rebuilt with the sort orders.
import type { AppContext } from '../../context.js';
import type { ClientStatus } from '../../../shared/clients.js';
import type { z } from 'zod';
import { NamePrefixIndex, type NameSearch } from './name-search.js';
import * as repo from './repo.js';

export interface IndexEntry {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  preferredName: string | null;
  pronouns: string | null;
  status: z.infer<typeof ClientStatus>;
  updatedAt: number;
  providerIds: string[];
}

export type SortKey = 'lastName' | 'firstName' | 'updatedAt';

interface PracticeIndex {
  version: number;
  entries: Map<string, IndexEntry>;
  sorted: Map<SortKey, IndexEntry[]>;
  /** Name prefix structures by view (a status, or '*' for every client), built on a view's first search. */
  prefixes: Map<string, NamePrefixIndex>;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

const COMPARE: Record<SortKey, (a: IndexEntry, b: IndexEntry) => number> = {
  lastName: (a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName) || (a.id < b.id ? -1 : 1),
  firstName: (a, b) => collator.compare(a.firstName, b.firstName) || collator.compare(a.lastName, b.lastName) || (a.id < b.id ? -1 : 1),
  updatedAt: (a, b) => a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : 1),
};

const MAX_PRACTICES = 200;

export class ClientListIndex {
  private readonly practices = new Map<string, PracticeIndex>();
  private readonly building = new Map<string, Promise<PracticeIndex>>();

  constructor(
    private readonly ctx: AppContext,
    /** The practice's client version (owned by the practices module). */
    private readonly versionOf: (practiceId: string) => Promise<number>,
  ) {}

  /** The practice's index, no older than the database's version. */
  private async current(practiceId: string): Promise<PracticeIndex> {
    const version = await this.versionOf(practiceId);
    const index = this.practices.get(practiceId);
    return index && index.version === version ? index : this.build(practiceId, version);
  }

  private sortedOf(index: PracticeIndex, key: SortKey): IndexEntry[] {
    let list = index.sorted.get(key);
    if (!list) {
      list = [...index.entries.values()].sort(COMPARE[key]);
      index.sorted.set(key, list);
    }
    return list;
  }

  /** Entries in the requested order, from an index no older than the database's version. */
  async sorted(practiceId: string, key: SortKey): Promise<{ version: number; entries: IndexEntry[] }> {
    const index = await this.current(practiceId);
    return { version: index.version, entries: this.sortedOf(index, key) };
  }

  /**
   * A page of the clients whose names match a name search (in the list's order for `s.key`,
   * reversed when `s.desc`), of one status or all, with the exact total; from one snapshot.
   */
  async searchNames(practiceId: string, status: IndexEntry['status'] | null, s: NameSearch): Promise<{ total: number; page: IndexEntry[] }> {
    const index = await this.current(practiceId);
    const sorted = this.sortedOf(index, s.key);
    const view = status ?? '*';
    let prefixes = index.prefixes.get(view);
    if (!prefixes) {
      const member = status ? (e: IndexEntry) => e.status === status : null;
      prefixes = new NamePrefixIndex(member ? sorted.filter(member) : sorted, member);
      index.prefixes.set(view, prefixes);
    }
    return prefixes.search(sorted, s);
  }

  /** Every entry by id, from an index no older than the database's version (read-only: do not change it). */
  async byId(practiceId: string): Promise<ReadonlyMap<string, IndexEntry>> {
    return (await this.current(practiceId)).entries;
  }

  /** After a committed write: apply it in place if this index saw every earlier version, else drop it. */
  applied(practiceId: string, newVersion: number, entries: IndexEntry[]): void {
    const index = this.practices.get(practiceId);
    if (!index) return;
    if (index.version !== newVersion - 1) {
      this.practices.delete(practiceId);
      return;
    }
    for (const e of entries) index.entries.set(e.id, e);
    index.version = newVersion;
    index.sorted.clear();
    index.prefixes.clear();
  }

  private build(practiceId: string, version: number): Promise<PracticeIndex> {
    const key = `${practiceId}@${version}`;
    const pending = this.building.get(key);
    if (pending) return pending;
    const job = (async () => {
      const { crypto, db } = this.ctx;
      const [rows, links] = await Promise.all([repo.listIndexRows(db, practiceId), repo.providerLinks(db, practiceId)]);
      const entries = new Map<string, IndexEntry>();
      for (const r of rows) {
        const ref = (column: string) => ({ table: 'clients', column, rowId: r.id });
        entries.set(r.id, {
          id: r.id,
          firstName: await crypto.decrypt(ref('first_name_enc'), r.first_name_enc),
          lastName: await crypto.decrypt(ref('last_name_enc'), r.last_name_enc),
          dateOfBirth: await crypto.decrypt(ref('dob_enc'), r.dob_enc),
          preferredName: await crypto.decryptNullable(ref('preferred_name_enc'), r.preferred_name_enc),
          pronouns: await crypto.decryptNullable(ref('pronouns_enc'), r.pronouns_enc),
          status: r.status,
          updatedAt: r.updated_at,
          providerIds: links.get(r.id) ?? [],
        });
      }
      // The rows may be newer than `version` (a write landed meanwhile): then the next request
      // sees a higher version and rebuilds; never the other way round, since version was read first.
      const index: PracticeIndex = { version, entries, sorted: new Map(), prefixes: new Map() };
      if (this.practices.size >= MAX_PRACTICES && !this.practices.has(practiceId)) {
        this.practices.delete(this.practices.keys().next().value!);
      }
      this.practices.set(practiceId, index);
      return index;
    })().finally(() => this.building.delete(key));
    this.building.set(key, job);
    return job;
  }
}

/**
 * One page of a sorted list (walked backwards when `desc`) and the exact count of the entries that
 * pass `filter`. With no filter the page is cut straight from the list: nothing is copied or
 * scanned, so the plain first page costs the same for 50 clients or 10,000.
 */
export function pageOf<T>(sorted: readonly T[], desc: boolean, filter: ((e: T) => boolean) | null, offset: number, limit: number): { total: number; page: T[] } {
  const n = sorted.length;
  if (!filter) {
    const from = Math.min(offset, n);
    const to = Math.min(offset + limit, n);
    return { total: n, page: desc ? sorted.slice(n - to, n - from).reverse() : sorted.slice(from, to) };
  }
  const page: T[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = sorted[desc ? n - 1 - i : i]!;
    if (!filter(e)) continue;
    if (total >= offset && total < offset + limit) page.push(e);
    total++;
  }
  return { total, page };
}
