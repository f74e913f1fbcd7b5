// Staff: clients' appointment requests from the portal. Pending ones (oldest first, exact total)
// can be approved, which books the slot through the same guard as any booking (a 409 says it was
// taken meanwhile), or declined with an optional reason the client sees in the portal.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { Link } from 'react-router';
import { REQUEST_STATUSES, RequestApproved, RequestList, type RequestStatus, type StaffAppointmentRequest } from '../../../shared/booking.js';
import { api, isApiError } from '../../api/client.js';
import { QueryState } from '../../components/QueryState.js';
import { SelectField } from '../../components/SelectField.js';
import { queryClient } from '../../session/staff.js';
import { useMe } from '../../session/useMe.js';
import { backoff, transient } from '../clients/api.js';

const STATUS_LABEL: Record<RequestStatus, string> = { pending: 'Pending', approved: 'Approved', declined: 'Declined', cancelled: 'Withdrawn by the client', expired: 'Expired' };
const TYPE_LABEL = { video: 'Video', audio: 'Audio only', in_person: 'In person' } as const;
const PAGE = 50;

const keys = { list: (status: RequestStatus, cursor: string | null) => ['appointment-requests', status, cursor] as const };

function useRequests(status: RequestStatus, cursor: string | null) {
  const key = keys.list(status, cursor);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => {
      const retrying = (queryClient.getQueryState(key)?.fetchFailureCount ?? 0) > 0;
      const qs = new URLSearchParams({ status, limit: String(PAGE), ...(cursor ? { cursor } : {}) });
      return api.get(`/api/appointment-requests?${qs.toString()}`, RequestList, { signal, background: retrying });
    },
    placeholderData: keepPreviousData,
    retry: (_n: number, err: Error) => transient(err),
    retryDelay: backoff,
  });
}

/** "Thu, Nov 5, 10:00 AM EST" in a zone. */
const when = (iso: string, zone: string) =>
  new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));

export function RequestsPage() {
  const me = useMe();
  const [status, setStatus] = useState<RequestStatus>('pending');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const list = useRequests(status, cursor);
  const canAct = me.data?.permissions.includes('appointments.write') ?? false;
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div data-testid="requests-page">
      <div className="page-head">
        <h1>Appointment requests</h1>
      </div>
      <p className="field-description">Requests clients make from the portal for services that need the practice’s approval. Approving books the time; declining tells the client in their portal.</p>
      <div className="filters">
        <SelectField
          name="status"
          label="Show"
          value={status}
          onChange={(v) => {
            setStatus(v as RequestStatus);
            setCursors([null]);
          }}
          options={REQUEST_STATUSES.map((s) => ({ id: s, label: STATUS_LABEL[s] }))}
          testId="requests-status"
        />
      </div>
      <div role="status" data-testid="requests-notice">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
      <div data-testid="requests" data-ready={list.isSuccess && !list.isFetching ? 'true' : 'false'} data-status={status} data-total={list.data?.total}>
        <QueryState query={list} what="requests">
          {(d) => (
            <>
              <p role="status" data-testid="requests-total">
                {d.total === 0 ? 'No requests.' : `${d.total} ${d.total === 1 ? 'request' : 'requests'}${d.total > d.items.length ? `, showing ${d.items.length} from number ${(cursors.length - 1) * PAGE + 1}` : ''}.`}
              </p>
              <ul className="rows">
                {d.items.map((r) => (
                  <RequestRow key={r.id} r={r} canAct={canAct && r.status === 'pending'} onDone={setNotice} />
                ))}
              </ul>
              <div className="actions">
                {cursors.length > 1 ? (
                  <Button className="btn" onPress={() => setCursors(cursors.slice(0, -1))}>
                    Previous page
                  </Button>
                ) : null}
                {d.nextCursor ? (
                  <Button className="btn" onPress={() => setCursors([...cursors, d.nextCursor])}>
                    Next page
                  </Button>
                ) : null}
              </div>
            </>
          )}
        </QueryState>
      </div>
    </div>
  );
}

function RequestRow({ r, canAct, onDone }: { r: StaffAppointmentRequest; canAct: boolean; onDone: (notice: string) => void }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState<'approve' | 'decline' | null>(null);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const act = async (what: 'approve' | 'decline') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'approve') {
        await api.post(`/api/appointment-requests/${encodeURIComponent(r.id)}/approve`, {}, RequestApproved);
        onDone(`Approved: ${r.clientName ?? 'the client'} is booked for ${when(r.start, r.timeZone)}.`);
      } else {
        await api.post(`/api/appointment-requests/${encodeURIComponent(r.id)}/decline`, reason.trim() ? { reason: reason.trim() } : {});
        onDone(`Declined the request for ${when(r.start, r.timeZone)}.`);
      }
      await qc.invalidateQueries({ queryKey: ['appointment-requests'] });
    } catch (e) {
      setError(isApiError(e) ? e.message : 'Something went wrong. Please try again.');
    } finally {
      setBusy(null);
    }
  };
  return (
    <li data-testid="request-row" data-request-id={r.id} data-status={r.status}>
      <span>
        <strong>{when(r.start, r.timeZone)}</strong>
        {viewerZone !== r.timeZone ? <span className="muted"> ({when(r.start, viewerZone)} your time)</span> : null}
        <br />
        {r.clientName ? <Link to={`/clients/${encodeURIComponent(r.clientId)}`}>{r.clientName}</Link> : <span className="muted">A client not assigned to you</span>} · {r.serviceName} · {TYPE_LABEL[r.type]} · with {r.providerName}
        <br />
        <span className="muted">
          {STATUS_LABEL[r.status]}
          {r.declineReason ? ` — “${r.declineReason}”` : ''}
        </span>
      </span>
      {canAct ? (
        <span className="row-actions">
          {declining ? (
            <>
              <TextField className="field" value={reason} onChange={setReason} maxLength={300}>
                <Label>Reason shown to the client (optional)</Label>
                <Input data-testid="request-decline-reason" />
              </TextField>
              <Button className="btn danger" isDisabled={busy !== null} onPress={() => void act('decline')} data-testid="request-decline-confirm">
                {busy === 'decline' ? 'Declining…' : 'Decline request'}
              </Button>
              <Button className="btn" isDisabled={busy !== null} onPress={() => setDeclining(false)}>
                Back
              </Button>
            </>
          ) : (
            <>
              <Button className="btn primary" isDisabled={busy !== null} onPress={() => void act('approve')} data-testid="request-approve">
                {busy === 'approve' ? 'Approving…' : 'Approve'}
              </Button>
              <Button className="btn" isDisabled={busy !== null} onPress={() => setDeclining(true)} data-testid="request-decline">
                Decline…
              </Button>
            </>
          )}
        </span>
      ) : null}
      <span role="status" data-testid="request-error">
        {error ? <span className="field-error">{error}</span> : null}
      </span>
    </li>
  );
}
