// Browser scenarios whose figures are times on an emulated network (a client's first screens on a
// weak cell, cold and warm). They run with the call scenarios (vitest.calls.config.ts, one file at
// a time), not among the browser scenarios (two files at a time), so one fewer browser shares the
// cores while a page is timed.
export const TIMED_PAGE_SCENARIOS = ['e2e/weak-cell.e2e.ts'];
