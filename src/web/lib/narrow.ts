// Phone width: where tables become stacked lists and the calendar's week shows three days.
import { useSyncExternalStore } from 'react';

const NARROW = '(max-width: 640px)';

function subscribeNarrow(cb: () => void) {
  const mq = window.matchMedia(NARROW);
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}

/** True on small screens, where tables become stacked lists. */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribeNarrow, () => window.matchMedia(NARROW).matches);
}
