// The before-call check's "Connection" part: measures the path to Hearth and to the call relay
// (../model/connectionCheck.ts) and says in plain words what to expect in a call. The figures are
// under "Details" for whoever helps. data-check-path="good|fair|poor", data-check-relay="ok|failed|none" (none: the practice has no relay).
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import type { IceConfig } from '../../../../shared/calls.js';
import type { FetchPad } from '../api/pathCheck.js';
import { measurePath, measureRelay, type PathResult, type RelayResult } from '../model/connectionCheck.js';

/** How long the relay part waits for the relay before saying it could not reach it. */
export const RELAY_CHECK_MS = 10_000;

type State = { run: number; phase: 'checking' } | { run: number; phase: 'done'; path: PathResult | null; relay: RelayResult | null };

const MARK = { good: '✓', fair: '!', poor: '!', failed: '✗' } as const;

export function ConnectionCheck({ fetchPad, loadIce }: { fetchPad: FetchPad; loadIce: (signal: AbortSignal) => Promise<IceConfig> }) {
  const intl = useIntl();
  const [run, setRun] = useState(0);
  const [state, setState] = useState<State>({ run: -1, phase: 'checking' });

  useEffect(() => {
    const ac = new AbortController();
    void (async () => {
      const path = await measurePath(fetchPad, ac.signal).catch(() => null);
      const relay = ac.signal.aborted ? null : await loadIce(ac.signal).then((c) => measureRelay(c, RELAY_CHECK_MS)).catch(() => null);
      if (!ac.signal.aborted) setState({ run, phase: 'done', path, relay });
    })();
    return () => ac.abort();
  }, [run, fetchPad, loadIce]);

  const current: State = state.run === run ? state : { run, phase: 'checking' };
  const done = current.phase === 'done' ? current : null;
  const grade = done?.path?.grade ?? (done ? 'poor' : undefined);
  const relayOk = done ? done.relay?.ok === true : undefined;
  // No relay set up for the practice is not a failure of this device's network: the network part
  // above says so in its own words.
  const relayNone = done?.relay?.ok === false && done.relay.reason === 'none';
  const relayState = relayOk === undefined ? undefined : relayOk ? 'ok' : relayNone ? 'none' : 'failed';
  return (
    <div data-testid="connection-check" data-state={current.phase} data-check-path={grade} data-check-relay={relayState}>
      <div role="status">
        {current.phase === 'checking' ? (
          <p>
            <FormattedMessage id="calls.check.connection.checking" defaultMessage="Checking your connection… this takes about 15 seconds." />
          </p>
        ) : null}
        {done ? (
          <>
            <p className={`check-outcome ${grade === 'good' ? 'check-ok' : grade === 'fair' ? 'check-warn' : 'check-bad'}`} data-testid="connection-verdict">
              <span className="mark" aria-hidden="true">
                {MARK[grade!]}
              </span>
              {!done.path ? (
                <FormattedMessage id="calls.check.connection.noPath" defaultMessage="We could not reach Hearth from this device. Check that you are online, then test again." />
              ) : grade === 'good' ? (
                <FormattedMessage id="calls.check.connection.good" defaultMessage="Video should work well." />
              ) : grade === 'fair' ? (
                <FormattedMessage id="calls.check.connection.fair" defaultMessage="Video may freeze at times; audio should be fine." />
              ) : (
                <FormattedMessage id="calls.check.connection.poor" defaultMessage="Expect audio only: this connection is too slow for video right now." />
              )}
            </p>
            {relayState === 'failed' ? (
              <p className="check-outcome check-bad" data-testid="connection-relay-failed">
                <span className="mark" aria-hidden="true">
                  {MARK.failed}
                </span>
                <FormattedMessage
                  id="calls.check.connection.relayFailed"
                  defaultMessage="We could not reach the call relay. Your call may still connect; if it does not, try another network (Wi-Fi or mobile data) or phone your provider."
                />
              </p>
            ) : null}
            <details className="check-details" data-testid="connection-details">
              <summary>
                <FormattedMessage id="calls.check.connection.details" defaultMessage="Details" />
              </summary>
              <ul>
                {done.path ? (
                  <li data-testid="connection-path-detail">
                    <FormattedMessage
                      id="calls.check.connection.pathDetail"
                      defaultMessage="To Hearth: round trip {rtt} ms, download {rate} Mbit/s."
                      values={{ rtt: done.path.rttMs, rate: intl.formatNumber(done.path.downKbps / 1000, { maximumFractionDigits: 1 }) }}
                    />
                  </li>
                ) : null}
                <li data-testid="connection-relay-detail">
                  {done.relay?.ok ? (
                    <FormattedMessage
                      id="calls.check.connection.relayDetail"
                      defaultMessage="Call relay: reached in {candidate} ms; round trip {rtt} ms; {loss} of test messages lost."
                      values={{ candidate: done.relay.candidateMs, rtt: done.relay.rttMs, loss: intl.formatNumber(done.relay.loss, { style: 'percent' }) }}
                    />
                  ) : done.relay?.reason === 'none' ? (
                    <FormattedMessage id="calls.check.connection.relayNone" defaultMessage="Call relay: none is set up for your practice." />
                  ) : (
                    <FormattedMessage id="calls.check.connection.relayNoAnswer" defaultMessage="Call relay: no answer within {seconds} seconds." values={{ seconds: RELAY_CHECK_MS / 1000 }} />
                  )}
                </li>
              </ul>
            </details>
          </>
        ) : null}
      </div>
      <Button className="btn" onPress={() => setRun((n) => n + 1)} isDisabled={current.phase === 'checking'} data-testid="connection-retry">
        <FormattedMessage id="calls.check.connection.again" defaultMessage="Test again" />
      </Button>
    </div>
  );
}
