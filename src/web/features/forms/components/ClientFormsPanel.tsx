// The client page's Forms section: each form sent to the client with its status and dates (every
// role that sees the client); "Send forms" for roles that send them; "View" (answers and signing
// record) and "Download PDF" only for roles that read records: front desk and billing see status only.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { FormRequestSummary } from '../../../../shared/forms.js';
import { Card } from '../../../components/Card.js';
import { QueryState } from '../../../components/QueryState.js';
import { useMe } from '../../../session/useMe.js';
import { formPdfHref, useClientFormRequests, useFormActions } from '../api/staff.js';
import { isPending, STATUS_LABELS, statusLine, sortRequests } from '../model/labels.js';
import { FormViewDialog } from './FormViewDialog.js';
import { SendFormsDialog } from './SendFormsDialog.js';
import './forms.css';

export function ClientFormsPanel({ clientId, clientName }: { clientId: string; clientName: string }) {
  const me = useMe();
  const perms = me.data?.permissions ?? [];
  const canRead = perms.includes('records.read');
  const canSend = perms.includes('forms.send');
  const list = useClientFormRequests(clientId);
  const [sending, setSending] = useState(false);
  const [viewing, setViewing] = useState<FormRequestSummary | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { cancel } = useFormActions();
  return (
    <Card id="client-forms-h" title="Forms" testId="client-forms">
      <p role="status" className={notice ? 'notice' : undefined} data-testid="client-forms-notice">
        {notice}
      </p>
      <QueryState query={list} what="the client's forms" testId="client-forms-state">
        {(d) => {
          const items = sortRequests(d.items);
          const pending = items.filter(isPending).length;
          return (
            <>
              <p className="muted" data-testid="client-forms-summary">
                {items.length === 0 ? 'No forms sent yet.' : pending ? `${pending} of ${items.filter((r) => r.status !== 'cancelled').length} waiting for ${clientName}.` : 'All forms completed.'}
              </p>
              {items.length ? (
                <ul className="rows form-status-list">
                  {items.map((r) => (
                    <li key={r.id} data-testid="form-status" data-request-id={r.id} data-status={r.status} data-name={r.name}>
                      <span className="form-status-what">
                        <strong>{r.name}</strong> <span className={`form-badge form-badge-${r.status}`}>{STATUS_LABELS[r.status]}</span>
                        <span className="muted form-status-when"> {statusLine(r)}</span>
                      </span>
                      <span className="actions form-status-actions">
                        {canRead && r.status !== 'cancelled' && r.status !== 'sent' ? (
                          <Button className="btn small" onPress={() => setViewing(r)} data-testid="form-view">
                            View<span className="visually-hidden">{` ${r.name}`}</span>
                          </Button>
                        ) : null}
                        {canRead && r.status === 'completed' ? (
                          <a className="btn small" href={formPdfHref(r.id)} download data-testid="form-status-pdf">
                            PDF<span className="visually-hidden">{` of ${r.name}`}</span>
                          </a>
                        ) : null}
                        {canSend && isPending(r) ? (
                          <Button
                            className="btn small"
                            onPress={() =>
                              void cancel(r.id).then(
                                () => setNotice(`“${r.name}” cancelled.`),
                                (e: unknown) => setNotice(e instanceof Error ? e.message : 'Could not cancel.'),
                              )
                            }
                            data-testid="form-cancel"
                          >
                            Cancel<span className="visually-hidden">{` ${r.name}`}</span>
                          </Button>
                        ) : null}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {!canRead && items.some((r) => r.status === 'completed') ? <p className="muted">Answers are not shown to your role.</p> : null}
            </>
          );
        }}
      </QueryState>
      {canSend ? (
        <Button
          className="btn primary client-forms-send"
          onPress={() => {
            setNotice(null);
            setSending(true);
          }}
          data-testid="forms-send-open"
        >
          Send forms
        </Button>
      ) : null}
      {sending ? (
        <SendFormsDialog
          clientId={clientId}
          clientName={clientName}
          onClose={() => setSending(false)}
          onSent={(n) => {
            setSending(false);
            setNotice(`${n === 1 ? 'One form' : `${n} forms`} sent. ${clientName} gets an e-mail to fill ${n === 1 ? 'it' : 'them'} in on the portal.`);
          }}
        />
      ) : null}
      {viewing ? <FormViewDialog request={viewing} onClose={() => setViewing(null)} /> : null}
    </Card>
  );
}
