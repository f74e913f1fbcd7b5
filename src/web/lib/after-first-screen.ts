// Work that must not compete with what the person is doing for a weak link (the service worker's
// install, the dialogs' code fetched ahead): run once the page has loaded (the entry and the
// screen's chunks the server named), a few seconds more have passed for the screen's own reads
// and chunks, the browser is idle, and no call is up (a call holds it: holdBackgroundWork, in
// features/calls/components/InCall.tsx), since on a weak link a download beside a call's media
// silences its audio for a moment.
const SETTLE_MS = 4000;
const IDLE_WAIT_MS = 5000;

let holds = 0;
let waiting: (() => void)[] = [];

/** Holds background work back until the returned release is called (once per hold). */
export function holdBackgroundWork(): () => void {
  holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds--;
    if (holds === 0) for (const run of waiting.splice(0)) run();
  };
}

export function afterFirstScreen(run: () => void): void {
  const unlessHeld = () => (holds > 0 ? waiting.push(run) : run());
  const idle = () => (window.requestIdleCallback ? window.requestIdleCallback(unlessHeld, { timeout: IDLE_WAIT_MS }) : unlessHeld());
  const later = () => setTimeout(idle, SETTLE_MS);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}

/** For tests: no holds, nothing waiting. */
export function resetBackgroundWork(): void {
  holds = 0;
  waiting = [];
}
