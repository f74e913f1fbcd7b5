// Call history: calls that ended in a date range (default the last 30 days), newest first, with
// when, who took part, the mode it was held in and how long it lasted; the exact total and "Load
// more". An owner sees the practice's calls and may narrow them to one provider; a provider sees
// their own. On a phone each call is a small card instead of a table row.
import { DateTime } from 'luxon';
import { useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import type { CallHistoryItem } from '../../../../shared/today.js';
import { isApiError } from '../../../api/client.js';
import { QueryPending } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { useMe } from '../../../session/useMe.js';
import { useProviders } from '../../../lib/providers.js';
import { CallsTabs } from '../../calls/index.js';
import { browserZone, isIsoDate, today as todayIn } from '../../../lib/time.js';
import { useCallHistory } from '../api/callHistory.js';
import './today.css';
import { TableHead } from '../../../components/TableHead.js';

export function duration(seconds: number | null): string {
  if (seconds === null) return 'Not answered';
  if (seconds < 60) return `${seconds} s`;
  const m = Math.round(seconds / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function CallHistoryPage() {
  const me = useMe();
  const zone = browserZone();
  const owner = me.data?.activeRole === 'owner';
  const allowed = me.data?.permissions.includes('calls.start') ?? false;
  const [from, setFrom] = useState(() => DateTime.fromISO(todayIn(zone)).minus({ days: 29 }).toISODate()!);
  const [to, setTo] = useState(() => todayIn(zone));
  const [mode, setMode] = useState('');
  const [providerId, setProviderId] = useState('');
  const providers = useProviders();
  const valid = isIsoDate(from) && isIsoDate(to) && from <= to;
  const range = valid
    ? { from: DateTime.fromISO(from, { zone }).startOf('day').toUTC().toISO()!, to: DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toUTC().toISO()! }
    : { from: '', to: '' };
  const history = useCallHistory({ ...range, mode, providerId: owner ? providerId : '' });
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  const total = history.data?.pages[0]?.total ?? 0;

  if (me.data && !allowed) {
    return (
      <div data-testid="call-history-page">
        <h1>Call history</h1>
        <p>Your role does not take part in calls. Providers and practice owners see their call history here.</p>
      </div>
    );
  }
  return (
    <div data-testid="call-history-page">
      <h1>Calls</h1>
      <CallsTabs current="history" />
      <form className="history-filters" aria-label="Filter calls" onSubmit={(e) => e.preventDefault()}>
        <TextField className="field" value={from} onChange={setFrom} isInvalid={!isIsoDate(from) || from > to}>
          <Label>From</Label>
          <Input type="date" data-testid="history-from" max={to} />
        </TextField>
        <TextField className="field" value={to} onChange={setTo} isInvalid={!isIsoDate(to) || from > to}>
          <Label>To</Label>
          <Input type="date" data-testid="history-to" min={from} />
        </TextField>
        <SelectField
          name="mode"
          label="Mode"
          value={mode}
          onChange={setMode}
          options={[
            { id: '', label: 'Video and audio' },
            { id: 'video', label: 'Video' },
            { id: 'audio', label: 'Audio' },
          ]}
          testId="history-mode"
        />
        {owner && (providers.data?.providers.length ?? 0) > 1 ? (
          <SelectField
            name="providerId"
            label="Provider"
            value={providerId}
            onChange={setProviderId}
            options={[{ id: '', label: 'All providers' }, ...(providers.data?.providers ?? []).map((p) => ({ id: p.id, label: p.name }))]}
            testId="history-provider"
          />
        ) : null}
      </form>
      {!valid ? (
        <p role="alert" className="field-error">
          Choose a start date on or before the end date.
        </p>
      ) : history.isSuccess ? (
        <>
          <p role="status" data-testid="history-total" data-total={total}>
            {total === 0 ? 'No calls ended in these dates.' : `${total} ${total === 1 ? 'call' : 'calls'}${items.length < total ? `, showing ${items.length}` : ''}.`}
          </p>
          {items.length ? <HistoryTable items={items} zone={zone} showProvider={owner} /> : null}
          {history.hasNextPage ? (
            <Button className="btn" onPress={() => void history.fetchNextPage()} isDisabled={history.isFetchingNextPage} data-testid="history-more">
              {history.isFetchingNextPage ? 'Loading…' : 'Load more calls'}
            </Button>
          ) : null}
        </>
      ) : history.isError && isApiError(history.error) && history.error.status >= 400 && history.error.status < 500 && history.error.status !== 429 ? (
        <p role="alert" className="query-error">
          {history.error.message}
        </p>
      ) : (
        <QueryPending query={history} what="call history" testId="history" />
      )}
    </div>
  );
}

function HistoryTable({ items, zone, showProvider }: { items: CallHistoryItem[]; zone: string; showProvider: boolean }) {
  return (
    <table className="history-table" data-testid="history-table">
      <caption className="visually-hidden">Calls that ended in the chosen dates, newest first</caption>
      <TableHead columns={['Ended', 'Client', showProvider && 'Provider', 'Mode', { label: 'Duration', className: 'num' }]} />
      <tbody>
        {items.map((c) => {
          const clients = c.participants.filter((p) => p.role === 'client').map((p) => p.name);
          const staff = c.participants.filter((p) => p.role === 'staff' && p.id !== c.providerId).map((p) => p.name);
          const end = DateTime.fromISO(c.endedAt).setZone(zone);
          return (
            <tr key={c.id} data-testid="history-row" data-call-id={c.id}>
              <td data-label="Ended">
                <span>
                  <span className="nowrap">{end.toLocaleString({ month: 'short', day: 'numeric', year: 'numeric' }, { locale: 'en-US' })}</span>{' '}
                  <span className="nowrap muted">{end.toLocaleString(DateTime.TIME_SIMPLE, { locale: 'en-US' })}</span>
                </span>
              </td>
              <td data-label="Client">
                <span>
                  {clients.length ? clients.join(', ') : <span className="muted">Nobody joined</span>}
                  {staff.length ? <span className="muted"> · also {staff.join(', ')}</span> : null}
                </span>
              </td>
              {showProvider ? (
                <td data-label="Provider">
                  <span>{c.providerName}</span>
                </td>
              ) : null}
              <td data-label="Mode">
                <span>
                  <span className="nowrap">
                    {c.billedMode === 'audio' ? 'Audio' : 'Video'}
                    {c.mode !== c.billedMode ? <span className="muted"> (booked as video)</span> : null}
                  </span>
                  {c.kind === 'call_now' ? <span className="nowrap muted"> · Call now</span> : null}
                </span>
              </td>
              <td data-label="Duration" className="num nowrap">
                <span>{duration(c.durationSeconds)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
