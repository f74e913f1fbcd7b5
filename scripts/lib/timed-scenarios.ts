// Browser scenarios whose figures are times on an emulated network (a client's first screens on a
// weak cell, cold and warm). They run with the call scenarios (vitest.calls.config.ts, one file at
// a time, the job .ci/run runs first whenever it wants a core), not among the browser scenarios
// (two files at a time beside three other jobs), so a figure is the page's and the network's, not
// a moment the test machine's other work took the cores.
export const TIMED_PAGE_SCENARIOS = ['e2e/weak-cell.e2e.ts'];
