// Calls: my calls ringing or in progress (an owner: the practice's), each with a Join link.
import { useQuery } from '@tanstack/react-query';
import { Link, NavLink } from 'react-router';
import './calls.css';
import type { CallSummary } from '../../../../shared/calls.js';
import { formatDate } from '../../../components/format.js';
import { QueryState } from '../../../components/QueryState.js';
import { useMe } from '../../../session/useMe.js';
import { callKeys, fetchCurrentCalls } from '../api/currentCalls.js';

const STATUS: Record<CallSummary['status'], string> = { ringing: 'Ringing', active: 'In progress', ended: 'Ended' };

/** "Now" (ringing or in progress) and "History" (ended calls) of the Calls page. */
export function CallsTabs({ current }: { current: 'now' | 'history' }) {
  return (
    <nav aria-label="Calls" className="page-tabs" data-current={current}>
      <NavLink to="/calls" end>
        Now
      </NavLink>
      <NavLink to="/calls/history" data-testid="calls-history-tab">
        History
      </NavLink>
    </nav>
  );
}

export function CallsPage() {
  const me = useMe();
  const allowed = me.data?.permissions.includes('calls.start') ?? false;
  const calls = useQuery({ queryKey: callKeys.current, queryFn: () => fetchCurrentCalls(true), refetchInterval: 15_000, enabled: allowed });
  if (me.data && !allowed) {
    return (
      <div data-testid="calls-page">
        <h1>Calls</h1>
        <p>Your role does not take part in calls. Providers and practice owners start and join them.</p>
      </div>
    );
  }
  return (
    <div data-testid="calls-page">
      <h1>Calls</h1>
      <CallsTabs current="now" />
      <p>Calls ringing or in progress. Start a call from a client's record (“Call now”) or from a video or audio appointment.</p>
      <QueryState query={calls} what="your calls" testId="calls-list">
        {(d) =>
          d.items.length === 0 ? (
            <p role="status" data-testid="calls-empty">
              No calls are ringing or in progress.
            </p>
          ) : (
            <ul className="call-list" aria-label="Current calls">
              {d.items.map((c) => {
                const who = c.clients.map((x) => x.name).join(', ') || 'Client';
                return (
                  <li key={c.id} className="card" data-testid="call-row" data-call-id={c.id} data-status={c.status}>
                    <h2>{who}</h2>
                    <p>
                      {STATUS[c.status]} · {c.mode === 'audio' ? 'Audio' : 'Video'} · {c.kind === 'call_now' ? 'Call now' : 'Scheduled'}
                      {c.startedAt ? ` · started ${formatDate(c.startedAt)}` : c.ringAt ? ` · rang ${formatDate(c.ringAt)}` : ''}
                    </p>
                    <Link className="btn primary" to={`/calls/${encodeURIComponent(c.id)}`} data-testid="call-join">
                      Join<span className="visually-hidden"> the call with {who}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryState>
    </div>
  );
}
