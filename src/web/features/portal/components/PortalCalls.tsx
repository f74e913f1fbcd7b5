// Calls in the portal: the ring prompt over the portal socket (signed-in frame), and on the portal
// home the calls ringing or in progress ("Your provider is calling — Join").
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { QueryState } from '../../../components/QueryState.js';
import { IncomingCall, portalRings } from '../../calls/index.js';
import { fetchPortalCalls, portalSocket } from '../../../session/portal.js';

const CALLING = { id: 'portal.calls.calling', defaultMessage: 'Your provider is calling' };
export const portalCallsKey = ['portal', 'calls'] as const;

/** Opens the portal socket while mounted (the signed-in frame) and shows the ring prompt. */
export function PortalIncomingCall() {
  const intl = useIntl();
  // Stable while the language is: the prompt's effect depends on it.
  const titleOf = useCallback(() => intl.formatMessage(CALLING), [intl]);
  useEffect(() => {
    portalSocket.start();
    return () => portalSocket.stop();
  }, []);
  return <IncomingCall store={portalRings} socket={portalSocket} load={fetchPortalCalls} titleOf={titleOf} callPath="/portal/calls/:id" />;
}

/** On the portal home: calls ringing or in progress, with Join. Nothing when there are none. */
export function PortalCurrentCalls() {
  const intl = useIntl();
  const calls = useQuery({ queryKey: portalCallsKey, queryFn: fetchPortalCalls, refetchInterval: 15_000, refetchOnMount: 'always' });
  const { refetch } = calls;
  // A ring or its end refreshes the list at once.
  useEffect(
    () =>
      portalSocket.onServerMessage((m) => {
        if (m.type === 'call.ring' || m.type === 'call.ring_stopped' || m.type === 'call.ended') void refetch();
      }),
    [refetch],
  );
  // Only a list asked for since this page was drawn: one kept from before may hold a call that has
  // ended since (the person comes back from it), and would offer Join into a call that is over.
  if (!calls.isFetchedAfterMount) return <div data-testid="portal-calls" data-ready="false" hidden />;
  if (calls.isSuccess && calls.data.items.length === 0) return <div data-testid="portal-calls" data-ready="true" data-count="0" hidden />;
  return (
    <section aria-labelledby="portal-calls-h" className="card portal-calls" data-testid="portal-calls-section">
      <h2 id="portal-calls-h">
        <FormattedMessage id="portal.calls.title" defaultMessage="Calls" />
      </h2>
      <QueryState query={calls} what={intl.formatMessage({ id: 'portal.calls.what', defaultMessage: 'your calls' })} testId="portal-calls">
        {(d) => (
          <ul className="call-list" data-count={d.items.length}>
            {d.items.map((c) => (
              <li key={c.id} data-testid="portal-call" data-call-id={c.id} data-status={c.status}>
                <p>
                  <FormattedMessage
                    id="portal.calls.item"
                    defaultMessage="<b>{ringing, select, yes {Your provider is calling} other {Your call is in progress}}</b> ({mode, select, audio {audio} other {video}})"
                    values={{ b: (ch) => <strong>{ch}</strong>, ringing: c.status === 'ringing' ? 'yes' : 'no', mode: c.mode === 'audio' ? 'audio' : 'video' }}
                  />
                </p>
                <Link className="btn primary" to={`/portal/calls/${encodeURIComponent(c.id)}`} data-testid="portal-call-join">
                  <FormattedMessage id="portal.calls.join" defaultMessage="Join<h> the call</h>" values={{ h: (ch) => <span className="visually-hidden">{ch}</span> }} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
