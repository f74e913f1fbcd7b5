// After the call, for this person: "You left the call" (with Join again while the call lasts),
// "The call has ended", or why they could not join.
import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { fetchListedCall } from '../api/audience.js';
import { type Audience, outcomeReason } from '../model/callText.js';
import type { CallProblem } from '../model/engine.js';
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
  const intl = useIntl();
  const reason = (problem: CallProblem) => {
    const words = outcomeReason(problem);
    return typeof words === 'string' ? words : intl.formatMessage(words);
  };
  const home =
    audience === 'staff'
      ? { to: '/calls', label: intl.formatMessage({ id: 'calls.outcome.backStaff', defaultMessage: 'Back to Calls' }) }
      : { to: '/portal', label: intl.formatMessage({ id: 'calls.outcome.backClient', defaultMessage: 'Back to your portal' }) };
  const back = (
    <Link className="btn" to={home.to}>
      {home.label}
    </Link>
  );
  if (outcome.phase === 'left')
    return (
      <section className="call-outcome" aria-labelledby="call-title" data-testid="call-left">
        <h1 id="call-title">
          <FormattedMessage id="calls.outcome.leftTitle" defaultMessage="You left the call" />
        </h1>
        {lasts === null ? <p role="status">
            <FormattedMessage id="calls.outcome.checking" defaultMessage="Checking whether the call is still going on…" />
          </p> : null}
        {lasts ? (
          <>
            <p>
              <FormattedMessage id="calls.outcome.stillOn" defaultMessage="The call is still going on. You can join again." />
            </p>
            <div className="call-outcome-actions">
              <button type="button" className="call-join" data-testid="rejoin-call" onClick={onRejoin}>
                <FormattedMessage id="calls.outcome.joinAgain" defaultMessage="Join again" />
              </button>
              {back}
            </div>
          </>
        ) : lasts === false ? (
          <>
            <p>
              <FormattedMessage id="calls.outcome.endedSince" defaultMessage="The call has ended since." />
            </p>
            <div className="call-outcome-actions">{back}</div>
          </>
        ) : null}
      </section>
    );
  if (outcome.phase === 'ended')
    return (
      <section className="call-outcome" aria-labelledby="call-title" data-testid="call-ended">
        <h1 id="call-title">
          <FormattedMessage id="calls.outcome.endedTitle" defaultMessage="The call has ended" />
        </h1>
        <p>{outcome.error ? reason(outcome.error) : intl.formatMessage({ id: 'calls.outcome.thanks', defaultMessage: 'Thank you.' })}</p>
        <div className="call-outcome-actions">{back}</div>
      </section>
    );
  return (
    <section className="call-outcome" aria-labelledby="call-title" data-testid="call-refused">
      <h1 id="call-title">
        <FormattedMessage id="calls.outcome.refusedTitle" defaultMessage="You are not in this call" />
      </h1>
      <p role="alert">{outcome.error ? reason(outcome.error) : intl.formatMessage({ id: 'calls.outcome.refused', defaultMessage: 'This call could not be joined.' })}</p>
      <div className="call-outcome-actions">{back}</div>
    </section>
  );
}
