// When a scheduled video or audio visit can be joined: the one definition the server (the portal's
// join route, the join links in reminders and invitations) and the portal's Join button share, so
// the button, its text and the server's answer always agree.

/** Minutes before a visit's start at which it can be joined. */
export const JOIN_WINDOW_MINUTES = 10;

const MIN = 60_000;

/** The window of a visit from `start` to `end` (ms): open from `opensAt` (inclusive) until `closesAt` (exclusive). */
export function joinWindow(start: number, end: number): { opensAt: number; closesAt: number } {
  return { opensAt: start - JOIN_WINDOW_MINUTES * MIN, closesAt: end };
}

/** Where `now` is in the visit's window. */
export function joinState(now: number, start: number, end: number): 'before' | 'open' | 'over' {
  const w = joinWindow(start, end);
  return now < w.opensAt ? 'before' : now < w.closesAt ? 'open' : 'over';
}
