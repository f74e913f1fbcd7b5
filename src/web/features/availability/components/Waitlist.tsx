// The clients waiting for an earlier time with a provider, first come first, with the offers made
// to them; staff who may edit the schedule can take a client off the list.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import type { StaffWaitlistEntry } from '../../../../shared/booking.js';
import { isApiError } from '../../../api/client.js';
import { QueryState } from '../../../components/QueryState.js';
import { browserZone, formatDay, formatRange, formatTime } from '../../../lib/time.js';
import { useRemoveFromWaitlist, useWaitlist } from '../api/waitlist.js';
import { LiveNotice, LiveRowError } from '../../../components/LiveNotice.js';

const OFFER_STATUS: Record<string, string> = { open: 'open', taken: 'taken', expired: 'expired', withdrawn: 'withdrawn (booked otherwise)' };

export function Waitlist({ providerId, canRemove }: { providerId: string; canRemove: boolean }) {
  const list = useWaitlist(providerId);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <p className="field-description">Clients who asked for an earlier time, first come first. When a time of this provider is freed, everyone here whose request fits is offered it; the first to accept gets it.</p>
      <LiveNotice testId="waitlist-notice">{notice}</LiveNotice>
      <div data-testid="waitlist" data-ready={list.isSuccess && !list.isFetching ? 'true' : 'false'} data-total={list.data?.total}>
        <QueryState query={list} what="the waitlist">
          {(d) =>
            d.items.length === 0 ? (
              <p>Nobody is waiting.</p>
            ) : (
              <>
                <p>{d.total === 1 ? '1 client waiting.' : `${d.total} clients waiting.`}</p>
                <ul className="rows">
                  {d.items.map((e) => (
                    <WaitlistRow key={e.id} e={e} providerId={providerId} canRemove={canRemove} onDone={setNotice} />
                  ))}
                </ul>
              </>
            )
          }
        </QueryState>
      </div>
    </>
  );
}

function WaitlistRow({ e, providerId, canRemove, onDone }: { e: StaffWaitlistEntry; providerId: string; canRemove: boolean; onDone: (notice: string) => void }) {
  const removeFromWaitlist = useRemoveFromWaitlist(providerId);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const who = e.clientName ?? 'A client not assigned to you';
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await removeFromWaitlist(e.id, () => onDone(`${e.clientName ?? 'The client'} is no longer on the waitlist.`));
    } catch (err) {
      setError(isApiError(err) ? err.message : 'Something went wrong. Please try again.');
      setBusy(false);
    }
  };
  return (
    <li data-testid="waitlist-row" data-entry-id={e.id} data-client-id={e.clientId}>
      <span>
        {e.clientName ? <Link to={`/clients/${encodeURIComponent(e.clientId)}`}>{e.clientName}</Link> : <span className="muted">{who}</span>} · {e.serviceName ?? 'Any service'}
        <br />
        <span className="muted">Waiting since {formatDay(e.createdAt, browserZone())}</span>
        {e.offers.length ? (
          <ul className="offers" aria-label={`Offers made to ${who}`}>
            {e.offers.map((o) => (
              <li key={o.id} data-testid="waitlist-offer" data-status={o.status}>
                Offered {formatRange(o.start, o.end, o.timeZone)}: {o.status === 'taken' ? (o.takenByClient ? 'taken by this client' : 'taken by someone else') : OFFER_STATUS[o.status]}
                {o.status === 'open' ? `, until ${formatDay(o.expiresAt, o.timeZone)} ${formatTime(o.expiresAt, o.timeZone)}` : ''}
                {o.mailed ? ' · mailed' : ' · in the portal only'}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted"> · No offers yet</span>
        )}
      </span>
      {canRemove ? (
        <span className="row-actions">
          {confirming ? (
            <>
              <Button className="btn danger" isDisabled={busy} onPress={() => void remove()} data-testid="waitlist-remove-confirm">
                {busy ? 'Removing…' : `Take ${e.clientName ?? 'this client'} off the waitlist`}
              </Button>
              <Button className="btn" isDisabled={busy} onPress={() => setConfirming(false)}>
                Keep
              </Button>
            </>
          ) : (
            <Button className="btn" onPress={() => setConfirming(true)} aria-label={`Remove ${who} from the waitlist`} data-testid="waitlist-remove">
              Remove…
            </Button>
          )}
        </span>
      ) : null}
      <LiveRowError testId="waitlist-error" error={error} />
    </li>
  );
}
