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
// Why an answer built after reading watermark W is right to keep under W: the query's snapshot is
// taken after W was read, so it holds every write W counts; a write it holds beyond W moved the
// watermark past W, so no later request finds it under W.
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { iso } from '../../lib/clock.js';
import { answerTag } from '../../http/etag.js';
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
/** Smaller answers travel uncompressed (as app.ts's compression threshold). */
const COMPRESS_FROM = 1024;

export type Encoding = 'br' | 'gzip';

/** A rendered calendar answer: its JSON bytes, its tag, and how many items of what total it holds. */
export interface CalendarAnswer {
  readonly tag: string;
  readonly body: Buffer;
  readonly returned: number;
  readonly total: number;
  /** The body in `encoding` (compressed on first use, then kept), or the body itself when small. */
  bytes(encoding: Encoding | null): { encoding: Encoding | null; body: Buffer };
  /** The bytes of the compressed forms made so far. */
  compressedBytes(): number;
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
    if (kept) this.forget(key, kept);
    if (kept?.watermark !== watermark) {
      const built = await this.query(s, q, filter, repo.pageRangeCells, cells);
      const entry: Kept = { watermark, answer: rendered(principal, render(built), built.items.length, built.total, (n) => this.grew(key, entry, n)), size: 0 };
      kept = entry;
    }
    this.keep(key, kept);
    await this.audit(s, q, meta, 'calendar', filter, kept.answer.returned, kept.answer.total);
    return kept.answer;
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
    kept.size = kept.answer.body.length + kept.answer.compressedBytes();
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

/** The answer for `principal` with its tag; compressed forms made on first use (brotli quality 4, gzip level 6, as app.ts). */
function rendered(principal: string, json: string, returned: number, total: number, grew: (n: number) => void): CalendarAnswer {
  const body = Buffer.from(json, 'utf8');
  const compressed = new Map<Encoding, Buffer>();
  return {
    tag: answerTag(principal, json),
    body,
    returned,
    total,
    bytes(encoding) {
      if (encoding === null || body.length < COMPRESS_FROM) return { encoding: null, body };
      let out = compressed.get(encoding);
      if (!out) {
        out = encoding === 'br' ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }) : gzipSync(body, { level: 6 });
        compressed.set(encoding, out);
        grew(out.length);
      }
      return { encoding, body: out };
    },
    compressedBytes: () => [...compressed.values()].reduce((n, b) => n + b.length, 0),
  };
}

/**
 * The encoding to send for an Accept-Encoding header: brotli or gzip, whichever the client rates
 * higher (brotli on a tie, as app.ts's compression prefers it), or none. `*` stands for both; q=0
 * refuses.
 */
export function preferredEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const q: Record<string, number> = {};
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';').map((p) => p.trim());
    if (!name) continue;
    const qp = params.find((p) => p.startsWith('q='));
    const value = qp === undefined ? 1 : Number(qp.slice(2));
    q[name === 'x-gzip' ? 'gzip' : name] = Number.isFinite(value) ? value : 0;
  }
  const rate = (e: Encoding) => q[e] ?? q['*'] ?? 0;
  const br = rate('br');
  const gz = rate('gzip');
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}
