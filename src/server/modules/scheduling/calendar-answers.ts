// The one range query behind the appointment list and the calendar, and the calendar's answer as
// the browser receives it. A month of 2,000 appointments costs tens of milliseconds to read, name,
// check against its schema, serialize, tag and compress; the calendar asks for it again on every
// visit, from every open tab. So the rendered calendar answer (its bytes, its tag, and each
// compressed form once asked for) is remembered, in this process only, per viewer and query, with
// the watermark it was built at: the practice's appointments revision (moved on in the transaction
// of every appointment write, repo.bumpRevision) and its clients version (moved on with every client
// write: the cells carry client names). Both live in the database, so a change made through any
// instance is seen by the next request here. Every read is still checked and audited as before;
// only the building is skipped while nothing changed.
//
// When an answer is not kept (the first load after a change, a restart) and several requests for
// it arrive together (two tabs, a practice opening the calendar at 8:00), they share one build:
// requests with the same key that read the same watermark wait for the build already under way
// instead of each starting their own (single-flight). A build that fails fails each of them and
// keeps nothing, so the next request builds again. Sharing answers a request exactly as building it
// itself would: by the argument below the build's snapshot holds what the watermark the request
// read counts, and the key holds everything that makes one viewer's answer differ from another's.
//
// Why an answer built after reading watermark W is right to keep under W: the query's snapshot is
// taken after W was read, so it holds every write W counts; a write it holds beyond W moved the
// watermark past W, so no later request finds it under W.
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { iso } from '../../lib/clock.js';
import { type TaggedAnswer, taggedAnswer } from '../../http/tagged-answer.js';
import { decodeOffsetCursor, encodeOffsetCursor } from '../../lib/pagination.js';
import type { AppointmentCellList, AppointmentQuery, AppointmentView } from '../../../shared/scheduling.js';
import type { ResolvedSession } from '../auth/index.js';
import type { PracticeService } from '../practices/index.js';
import * as repo from './repo.js';
import { rangeFilter } from './range.js';
import { staffActor } from './rules.js';

const DEFAULT_LIMIT = 100;
/** What the remembered answers may hold in all (plain and compressed bytes), oldest dropped first. */
const MAX_BYTES = 24 * 1024 * 1024;

/** A rendered calendar answer (its bytes, its tag, its compressed forms) and how many items of what total it holds. */
export interface CalendarAnswer {
  readonly tagged: TaggedAnswer;
  readonly returned: number;
  readonly total: number;
}

interface Kept {
  watermark: string;
  answer: CalendarAnswer;
  size: number;
}

type Page<T> = { items: T[]; total: number; nextCursor: string | null };

export class RangeReads {
  /** Insertion order is use order: a hit is moved to the end; the first entries go first. */
  private readonly kept = new Map<string, Kept>();
  private keptBytes = 0;
  /** Builds under way, by key and the watermark they were started at; each gone once it settles. */
  private readonly building = new Map<string, Promise<Kept>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly practices: PracticeService,
    private readonly onlyProvider: (s: ResolvedSession) => Promise<string | null>,
  ) {}

  /**
   * Appointments overlapping [from, to), exact total, in start order, shaped by `shape`. The count
   * and the page come from one snapshot, so the total always matches the items; audited.
   */
  async read<R, T>(
    s: ResolvedSession,
    q: AppointmentQuery,
    meta: RequestMeta,
    view: AppointmentView,
    page: (tx: DbOrTx, f: repo.RangeFilter, offset: number, limit: number) => Promise<R[]>,
    shape: (pid: string, rows: R[]) => Promise<T[]>,
  ): Promise<Page<T>> {
    const filter = rangeFilter(s.user.practiceId, q, await this.onlyProvider(s));
    const answer = await this.query(s, q, filter, page, shape);
    await this.audit(s, q, meta, view, filter, answer.items.length, answer.total);
    return answer;
  }

  /**
   * The calendar cells for `q` as `render` serializes them, remembered until the watermark moves;
   * read the same way and audited once per call, whether it was built now or before.
   */
  async calendar(
    s: ResolvedSession,
    q: AppointmentQuery,
    meta: RequestMeta,
    cells: (pid: string, rows: repo.CellRow[]) => Promise<AppointmentCellList['items']>,
    render: (answer: AppointmentCellList) => string,
  ): Promise<CalendarAnswer> {
    const pid = s.user.practiceId;
    const only = await this.onlyProvider(s);
    const filter = rangeFilter(pid, q, only);
    // Who is asking (the tag is theirs, as http/etag.ts's conditional GET makes it) and what for.
    const principal = `${s.user.id}:${s.session.active_role}`;
    const key = JSON.stringify([principal, only, filter, q.limit ?? DEFAULT_LIMIT, q.cursor ?? null]);
    const [revision, clients] = await Promise.all([repo.revision(this.ctx.db, pid), this.practices.clientsVersion(pid)]);
    const watermark = `${revision}:${clients}`;
    let kept = this.kept.get(key);
    if (kept?.watermark !== watermark) {
      if (kept) this.forget(key, kept);
      kept = await this.shared(key, watermark, async () => {
        const built = await this.query(s, q, filter, repo.pageRangeCells, cells);
        const tagged = taggedAnswer(principal, render(built), (n) => this.grew(key, entry, n));
        const entry: Kept = { watermark, answer: { tagged, returned: built.items.length, total: built.total }, size: 0 };
        return entry;
      });
    }
    this.keep(key, kept);
    await this.audit(s, q, meta, 'calendar', filter, kept.answer.returned, kept.answer.total);
    return kept.answer;
  }

  /**
   * The build of `key` at `watermark` already under way, or `build` started now: one build for the
   * requests that arrive while it runs, its answer or its failure theirs alike.
   */
  private shared(key: string, watermark: string, build: () => Promise<Kept>): Promise<Kept> {
    const flight = JSON.stringify([key, watermark]);
    let running = this.building.get(flight);
    if (!running) {
      running = build().finally(() => this.building.delete(flight));
      this.building.set(flight, running);
    }
    return running;
  }

  private forget(key: string, kept: Kept): void {
    this.kept.delete(key);
    this.keptBytes -= kept.size;
  }

  /** Keeps `kept` as the most recently used, then drops the least recently used beyond the bound. */
  private keep(key: string, kept: Kept): void {
    // Another request may have built and kept the same answer while this one was building it.
    const other = this.kept.get(key);
    if (other) this.forget(key, other);
    kept.size = kept.answer.tagged.body.length + kept.answer.tagged.compressedBytes();
    this.kept.set(key, kept);
    this.keptBytes += kept.size;
    for (const [k, old] of this.kept) {
      if (this.keptBytes <= MAX_BYTES || old === kept) break;
      this.forget(k, old);
    }
  }

  /** A compressed form was added to `kept`: counted, if it is still kept. */
  private grew(key: string, kept: Kept, n: number): void {
    if (this.kept.get(key) !== kept) return;
    kept.size += n;
    this.keptBytes += n;
  }

  private async query<R, T>(
    s: ResolvedSession,
    q: AppointmentQuery,
    filter: repo.RangeFilter,
    page: (tx: DbOrTx, f: repo.RangeFilter, offset: number, limit: number) => Promise<R[]>,
    shape: (pid: string, rows: R[]) => Promise<T[]>,
  ): Promise<Page<T>> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const offset = decodeOffsetCursor(q.cursor);
    const snapshot = this.ctx.dialect === 'postgres' ? this.ctx.db.transaction().setIsolationLevel('repeatable read') : this.ctx.db.transaction();
    const { total, rows } = await snapshot.execute(async (tx) => ({ total: await repo.countRange(tx, filter), rows: await page(tx, filter, offset, limit) }));
    const items = await shape(s.user.practiceId, rows);
    return { items, total, nextCursor: offset + limit < total ? encodeOffsetCursor(offset + limit) : null };
  }

  private async audit(s: ResolvedSession, q: AppointmentQuery, meta: RequestMeta, view: AppointmentView, filter: repo.RangeFilter, returned: number, total: number): Promise<void> {
    await this.ctx.audit.record({
      ...staffActor(s, meta),
      action: 'read',
      resource: { type: 'appointment_list', id: s.user.practiceId },
      outcome: 'success',
      details: { returned, total, from: iso(filter.from), to: iso(filter.to), providerId: filter.providerId ?? null, clientId: q.clientId ?? null, status: q.status ?? null, view },
    });
  }
}

