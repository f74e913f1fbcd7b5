// Staff side: whether a client reaches the portal, and an invitation by e-mail when they don't.
// A client with a linked account is never offered an invitation ("Has a portal account"); one
// invited already sees when, and Resend. The server refuses plainly when the client has no e-mail
// address (400, field email) or has not agreed to e-mail (409, field consents.email); both are
// shown as what to do about it.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { fieldReason, isApiError } from '../../../api/client.js';
import { formatDate } from '../../../components/format.js';
import { QueryRetryNotice } from '../../../components/QueryState.js';
import { useMe } from '../../../session/useMe.js';
import { inviteToPortal } from '../api/inviteToPortal.js';
import { refreshPortalAccess, usePortalAccess } from '../api/portalAccess.js';
import { LiveNotice } from '../../../components/LiveNotice.js';

const FIELD_HELP: Record<string, { label: string; help: string }> = {
  email: { label: 'Email', help: "Add an e-mail address to the client's record first." },
  'consents.email': { label: 'Email consent', help: "Record the client's agreement to receive e-mail (Edit client, Communication consents) first." },
};

type State = { kind: 'idle' } | { kind: 'sent' } | { kind: 'error'; field: string | undefined; message: string; help: string | null };

export function InviteToPortal({ clientId, email }: { clientId: string; email: string | null }) {
  const me = useMe();
  const canWrite = me.data?.permissions.includes('clients.write') ?? false;
  const access = usePortalAccess(clientId);
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<State>({ kind: 'idle' });

  const invite = async () => {
    setBusy(true);
    setState({ kind: 'idle' });
    try {
      await inviteToPortal(clientId);
      setState({ kind: 'sent' });
    } catch (e) {
      if (isApiError(e)) {
        const known = e.field ? FIELD_HELP[e.field] : undefined;
        const problem = fieldReason(e) ?? e.message;
        setState({ kind: 'error', field: e.field, message: known ? `${known.label}: ${problem}.` : problem, help: known?.help ?? null });
      } else setState({ kind: 'error', field: undefined, message: 'The invitation could not be sent. Please try again.', help: null });
    } finally {
      setBusy(false);
      void refreshPortalAccess(clientId);
    }
  };

  const a = access.data;
  const failing = access.isError || (access.failureCount > 0 && access.isFetching);
  const invitation = a?.invitation ?? null;
  const status = !a
    ? null
    : a.account
      ? 'account'
      : invitation && !invitation.expired
        ? 'invited'
        : invitation
          ? 'expired'
          : 'none';

  return (
    <section aria-labelledby="portal-invite-h" className="card" data-testid="portal-invite" data-status={status ?? undefined}>
      <h2 id="portal-invite-h">Client portal</h2>
      {failing ? (
        <QueryRetryNotice query={access} what="portal access" testId="portal-access" />
      ) : !a ? (
        <p role="status" className="loading">
          Checking portal access…
        </p>
      ) : a.account ? (
        <p data-testid="portal-account">
          <strong>Has a portal account</strong> (linked {formatDate(a.account.linkedAt)}
          {a.account.lastSignInAt ? `; last signed in ${formatDate(a.account.lastSignInAt)}` : ''}). The client reaches messages, documents and appointments there.
        </p>
      ) : invitation ? (
        <p data-testid="portal-invited">
          {invitation.expired
            ? `Invitation sent ${formatDate(invitation.sentAt)}; its link expired ${formatDate(invitation.expiresAt)} without being used.`
            : `Invitation sent ${formatDate(invitation.sentAt)}; the link works until ${formatDate(invitation.expiresAt)}.`}
        </p>
      ) : (
        <p data-testid="portal-none">
          {canWrite ? 'Invite the client to the secure portal to message the practice and share documents. The e-mail says nothing about their care' : 'Not invited to the secure portal yet'}
          {canWrite && email ? (
            <>
              {' '}
              and goes to <strong>{email}</strong>
            </>
          ) : null}
          .
        </p>
      )}
      {canWrite && status !== 'account' ? (
        <>
          <div role="alert" data-testid="portal-invite-error" data-field={state.kind === 'error' ? (state.field ?? '') : undefined} className={state.kind === 'error' ? 'error-summary' : undefined}>
            {state.kind === 'error' ? (
              <>
                <p>{state.message}</p>
                {state.help ? <p>{state.help}</p> : null}
              </>
            ) : null}
          </div>
          <LiveNotice testId="portal-invite-sent">{state.kind === 'sent' ? 'Invitation sent to the client’s e-mail.' : null}</LiveNotice>
          {status !== null ? (
            <Button className="btn" onPress={() => void invite()} isDisabled={busy} data-testid="portal-invite-submit">
              {busy ? 'Sending invitation…' : status === 'invited' ? 'Resend invitation' : status === 'expired' ? 'Send a new invitation' : 'Invite to portal'}
            </Button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
