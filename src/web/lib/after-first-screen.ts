// Work that must not compete with a client's first screen for a weak link (the service worker's
// install, the dialogs' code fetched ahead): run once the page has loaded (the entry and the
// screen's chunks the server named), a few seconds more have passed for the screen's own reads
// and chunks, and the browser is idle.
const SETTLE_MS = 4000;
const IDLE_WAIT_MS = 5000;

export function afterFirstScreen(run: () => void): void {
  const idle = () => (window.requestIdleCallback ? window.requestIdleCallback(() => run(), { timeout: IDLE_WAIT_MS }) : run());
  const later = () => setTimeout(idle, SETTLE_MS);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}
