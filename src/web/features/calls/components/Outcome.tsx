// After the call, for this person: "You left the call" (with Join again while the call lasts),
// "The call has ended", or why they could not join.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { fetchListedCall } from '../api/audience.js';
import type { Audience } from '../model/callText.js';
import type { Outcome } from './InCall.js';

/** Whether the call still goes on (checked now and every 10 s): null while unknown. */
function useCallLasts(callId: string, audience: Audience, watch: boolean): boolean | null {
  const [lasts, setLasts] = useState<boolean | null>(null);
  useEffect(() => {
    if (!watch) return;
    let alive = true;
    const read = () => {
      const status =
        // The lists of calls ringing or in progress (not the audited call record, read every 10 s).
        fetchListedCall(audience, callId).then((c) => c?.status ?? 'ended');
      status.then(
        (st) => alive && setLasts(st !== 'ended'),
        () => alive && setLasts(false),
      );
    };
    read();
    const timer = setInterval(read, 10_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [callId, audience, watch]);
  return lasts;
}

export function OutcomeScreen({ outcome, callId, audience, onRejoin }: { outcome: Outcome; callId: string; audience: Audience; onRejoin: () => void }) {
  const lasts = useCallLasts(callId, audience, outcome.phase === 'left');
  const home = audience === 'staff' ? { to: '/calls', label: 'Back to Calls' } : { to: '/portal', label: 'Back to your portal' };
  const back = (
    <Link className="btn" to={home.to}>
      {home.label}
    </Link>
  );
  if (outcome.phase === 'left')
    return (
      <section className="call-outcome" aria-labelledby="call-title" data-testid="call-left">
        <h1 id="call-title">You left the call</h1>
        {lasts === null ? <p role="status">Checking whether the call is still going on…</p> : null}
        {lasts ? (
          <>
            <p>The call is still going on. You can join again.</p>
            <div className="call-outcome-actions">
              <button type="button" className="call-join" data-testid="rejoin-call" onClick={onRejoin}>
                Join again
              </button>
              {back}
            </div>
          </>
        ) : lasts === false ? (
          <>
            <p>The call has ended since.</p>
            <div className="call-outcome-actions">{back}</div>
          </>
        ) : null}
      </section>
    );
  if (outcome.phase === 'ended')
    return (
      <section className="call-outcome" aria-labelledby="call-title" data-testid="call-ended">
        <h1 id="call-title">The call has ended</h1>
        <p>{outcome.error ?? 'Thank you.'}</p>
        <div className="call-outcome-actions">{back}</div>
      </section>
    );
  return (
    <section className="call-outcome" aria-labelledby="call-title" data-testid="call-refused">
      <h1 id="call-title">You are not in this call</h1>
      <p role="alert">{outcome.error ?? 'This call could not be joined.'}</p>
      <div className="call-outcome-actions">{back}</div>
    </section>
  );
}
