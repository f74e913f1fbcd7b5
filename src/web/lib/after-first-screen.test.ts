// Background work (lib/after-first-screen.ts) waits for the page to load, a few seconds and an
// idle moment, and for every call to be over: nothing it downloads shares a weak link with a call.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterFirstScreen, holdBackgroundWork, resetBackgroundWork } from './after-first-screen.js';

describe('background work after the first screen', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('document', { readyState: 'complete' });
    vi.stubGlobal('window', { requestIdleCallback: (run: () => void) => setTimeout(run, 10) });
    resetBackgroundWork();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('runs a few seconds after the page has loaded, once idle', () => {
    const run = vi.fn();
    afterFirstScreen(run);
    vi.advanceTimersByTime(3000);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1100);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('waits while a call holds it, and runs when the last hold is released (twice released counts once)', () => {
    const run = vi.fn();
    const call = holdBackgroundWork();
    const second = holdBackgroundWork();
    afterFirstScreen(run);
    vi.advanceTimersByTime(10_000);
    expect(run).not.toHaveBeenCalled();
    call();
    call();
    expect(run).not.toHaveBeenCalled();
    second();
    expect(run).toHaveBeenCalledTimes(1);
  });
});
