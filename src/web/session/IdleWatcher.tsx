// The idle warning of the principal signed in here: the shared dialog (./IdleWarning.tsx) over
// that principal's API client, whose responses' X-Session-Idle-Expires give the expiry. A
// principal whose socket does not report a session ended elsewhere (the portal) also asks the
// server in the background every `idle.pollMs`, and when the tab comes back into view or online;
// the check is marked background, so it is not activity.
import { useEffect } from 'react';
import { IdleWarning } from './IdleWarning.js';
import type { Principal } from './principal.js';

function useSessionPoll(principal: Principal) {
  const { pollMs } = principal.idle;
  useEffect(() => {
    if (!pollMs) return;
    const check = () => {
      if (principal.session.active) principal.check().catch(() => undefined);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') check();
    };
    const timer = setInterval(check, pollMs);
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('online', check);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('online', check);
    };
  }, [principal, pollMs]);
}

export function IdleWatcher({ principal }: { principal: Principal }) {
  useSessionPoll(principal);
  return <IdleWarning principal={principal} />;
}
