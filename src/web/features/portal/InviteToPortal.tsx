// Staff side: invite a client to the portal by e-mail. The server refuses plainly when the
// client has no e-mail address (400, field email) or has not agreed to e-mail (409, field
// consents.email); both are shown as what to do about it.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { PortalInviteResponse } from '../../../shared/portal.js';
import { api, isApiError } from '../../api/client.js';
import { formatDate } from '../../components/format.js';
import { useMe } from '../../session/useMe.js';

const FIELD_HELP: Record<string, { label: string; help: string }> = {
  email: { label: 'Email', help: "Add an e-mail address to the client's record first." },
  'consents.email': { label: 'Email consent', help: "Record the client's agreement to receive e-mail (Edit client, Communication consents) first." },
};

type State = { kind: 'idle' } | { kind: 'sent'; expiresAt: string } | { kind: 'error'; field: string | undefined; message: string; help: string | null };

export function InviteToPortal({ clientId, email }: { clientId: string; email: string | null }) {
  const me = useMe();
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<State>({ kind: 'idle' });
  if (!(me.data?.permissions.includes('clients.write') ?? false)) return null;

  const invite = async () => {
    setBusy(true);
    setState({ kind: 'idle' });
    try {
      const res = await api.post(`/api/clients/${encodeURIComponent(clientId)}/portal-invitation`, {}, PortalInviteResponse);
      setState({ kind: 'sent', expiresAt: res.expiresAt });
    } catch (e) {
      if (isApiError(e)) {
        const known = e.field ? FIELD_HELP[e.field] : undefined;
        const problem = e.field && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
        setState({ kind: 'error', field: e.field, message: known ? `${known.label}: ${problem}.` : problem, help: known?.help ?? null });
      } else setState({ kind: 'error', field: undefined, message: 'The invitation could not be sent. Please try again.', help: null });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="portal-invite-h" className="card" data-testid="portal-invite">
      <h2 id="portal-invite-h">Client portal</h2>
      <p>
        Invite the client to the secure portal to message the practice and share documents. The e-mail says nothing about their care
        {email ? (
          <>
            {' '}
            and goes to <strong>{email}</strong>
          </>
        ) : null}
        .
      </p>
      <div role="alert" data-testid="portal-invite-error" data-field={state.kind === 'error' ? (state.field ?? '') : undefined} className={state.kind === 'error' ? 'error-summary' : undefined}>
        {state.kind === 'error' ? (
          <>
            <p>{state.message}</p>
            {state.help ? <p>{state.help}</p> : null}
          </>
        ) : null}
      </div>
      <div role="status" data-testid="portal-invite-sent">
        {state.kind === 'sent' ? <p className="notice">Invitation sent. The link works until {formatDate(state.expiresAt)}.</p> : null}
      </div>
      <Button className="btn" onPress={() => void invite()} isDisabled={busy} data-testid="portal-invite-submit">
        {busy ? 'Sending invitation…' : state.kind === 'sent' ? 'Send another invitation' : 'Invite to portal'}
      </Button>
    </section>
  );
}
