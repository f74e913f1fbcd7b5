// Staff: clients' appointment requests from the portal. Pending ones (oldest first, exact total)
// can be approved, which books the slot through the same guard as any booking (a 409 says it was
// taken meanwhile), or declined with an optional reason the client sees in the portal.
import { useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { Link } from 'react-router';
import { REQUEST_STATUSES, type RequestStatus, type StaffAppointmentRequest } from '../../../../shared/booking.js';
import { isApiError } from '../../../api/client.js';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { useCursorPaging } from '../../../lib/pagination.js';
import { useMe } from '../../../session/useMe.js';
import { REQUESTS_PAGE, useDecideRequest, useRequests } from '../api/requests.js';
import { LiveNotice, LiveRowError } from '../../../components/LiveNotice.js';
import { PageHead } from '../../../components/PageHead.js';

const STATUS_LABEL: Record<RequestStatus, string> = { pending: 'Pending', approved: 'Approved', declined: 'Declined', cancelled: 'Withdrawn by the client', expired: 'Expired' };
const TYPE_LABEL = { video: 'Video', audio: 'Audio only', in_person: 'In person' } as const;

/** "Thu, Nov 5, 10:00 AM EST" in a zone. */
const when = (iso: string, zone: string) =>
  new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));

export function RequestsPage() {
  const me = useMe();
  const [status, setStatus] = useState<RequestStatus>('pending');
  const paging = useCursorPaging(status);
  const list = useRequests(status, paging.cursor);
  const canAct = me.data?.permissions.includes('appointments.write') ?? false;
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div data-testid="requests-page">
      <PageHead title="Appointment requests" />
      <p className="field-description">Requests clients make from the portal for services that need the practice’s approval. Approving books the time; declining tells the client in their portal.</p>
      <div className="filters">
        <SelectField
          name="status"
          label="Show"
          value={status}
          onChange={(v) => {
            setStatus(v as RequestStatus);
            paging.reset();
          }}
          options={REQUEST_STATUSES.map((s) => ({ id: s, label: STATUS_LABEL[s] }))}
          testId="requests-status"
        />
      </div>
      <LiveNotice testId="requests-notice">{notice}</LiveNotice>
      <div data-testid="requests" data-ready={list.isSuccess && !list.isFetching ? 'true' : 'false'} data-status={status} data-total={list.data?.total}>
        <QueryState query={list} what="requests">
          {(d) => (
            <>
              <p role="status" data-testid="requests-total">
                {d.total === 0 ? 'No requests.' : `${d.total} ${d.total === 1 ? 'request' : 'requests'}${d.total > d.items.length ? `, showing ${d.items.length} from number ${paging.pageIndex * REQUESTS_PAGE + 1}` : ''}.`}
              </p>
              <ul className="rows">
                {d.items.map((r) => (
                  <RequestRow key={r.id} r={r} canAct={canAct && r.status === 'pending'} onDone={setNotice} />
                ))}
              </ul>
              <div className="actions">
                {paging.pageIndex > 0 ? (
                  <Button className="btn" onPress={paging.previous}>
                    Previous page
                  </Button>
                ) : null}
                {d.nextCursor ? (
                  <Button className="btn" onPress={() => d.nextCursor && paging.next(d.nextCursor)}>
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
  const decide = useDecideRequest();
  const [busy, setBusy] = useState<'approve' | 'decline' | null>(null);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const act = async (what: 'approve' | 'decline') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'approve') await decide(r.id, { approve: true }, () => onDone(`Approved: ${r.clientName ?? 'the client'} is booked for ${when(r.start, r.timeZone)}.`));
      else await decide(r.id, { approve: false, reason }, () => onDone(`Declined the request for ${when(r.start, r.timeZone)}.`));
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
      <LiveRowError testId="request-error" error={error} />
    </li>
  );
}
