// Paged lists (clients, appointments, requests): a stack of the cursors of the pages visited, the
// "Showing 26–50 of 112" line, and how a whole-or-error list query stands.
import { useState } from 'react';
import { transient } from '../api/retry.js';

export const numberFmt = new Intl.NumberFormat('en-US');

/** Cursor paging: a stack of the cursors of the pages visited; a new `filterKey` starts over. */
export function useCursorPaging(filterKey: string) {
  const [paging, setPaging] = useState<{ key: string; stack: (string | null)[] }>({ key: filterKey, stack: [null] });
  const stack = paging.key === filterKey ? paging.stack : [null];
  return {
    cursor: stack[stack.length - 1] ?? null,
    pageIndex: stack.length - 1,
    previous: () => setPaging({ key: filterKey, stack: stack.slice(0, -1) }),
    next: (cursor: string) => setPaging({ key: filterKey, stack: [...stack, cursor] }),
    /** Back to the first page (and forget the pages visited). */
    reset: () => setPaging({ key: filterKey, stack: [null] }),
  };
}

export type CursorPaging = ReturnType<typeof useCursorPaging>;

/** The rows a page shows, counted from 1: "26–50 of 112" in parts. */
export function pageSpan(offset: number, count: number, total: number): { from: string; to: string; total: string } {
  return { from: numberFmt.format(offset + 1), to: numberFmt.format(offset + count), total: numberFmt.format(total) };
}

interface ListQuery {
  isError: boolean;
  isSuccess: boolean;
  isFetching: boolean;
  isPlaceholderData: boolean;
  failureCount: number;
  error: unknown;
}

/**
 * How a list query stands: failing (an error, or retrying after one: then no rows are shown at
 * all, never stale or partial ones), a final error (not retried), showing its data, settled.
 */
export function listState<T>(q: ListQuery & { data: T | undefined }) {
  const failing = q.isError || (q.failureCount > 0 && q.isFetching);
  const finalError = q.isError && !transient(q.error) && !q.isFetching;
  const showing = q.isSuccess && !failing;
  /** The data to show: only while showing. */
  const shown = showing ? q.data : undefined;
  return { failing, finalError, showing, shown, settled: showing && !q.isPlaceholderData && !q.isFetching };
}
