// Inviting a colleague (name, email, roles) and the invitations still pending.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { InviteRequest } from '../../../../shared/api.js';
import { ROLE_LABELS, type StaffRole } from '../../../../shared/roles.js';
import { formatDate } from '../../../components/format.js';
import { ErrorSummary, Field, SubmitForm, useFormErrors } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { useInvitations, useInvite } from '../api/invitations.js';
import { RoleChoices } from './RoleChoices.js';

export function InviteSection() {
  const send = useInvite();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<StaffRole[]>(['provider']);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ email: 'Email', name: 'Name', roles: 'Roles' });
  const { invitations, revoke } = useInvitations();
  const submit = async () => {
    const parsed = InviteRequest.safeParse({ email, name, roles });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setSent(null);
    setBusy(true);
    try {
      await send(parsed.data, () => {
        setSent(`Invitation sent to ${parsed.data.email}.`);
        setEmail('');
        setName('');
      });
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };
  const pending = invitations.data?.invitations.filter((i) => i.status === 'pending');
  return (
    <>
      <section aria-labelledby="invite-h" className="card">
        <h2 id="invite-h">Invite a colleague</h2>
        <SubmitForm aria-labelledby="invite-h" onSubmit={() => void submit()}>
          <ErrorSummary form={form} />
          {sent ? (
            <p role="status" data-testid="invite-sent">
              {sent}
            </p>
          ) : null}
          <Field name="name" label="Name" value={name} onChange={setName} form={form} testId="invite-name" isRequired />
          <Field name="email" label="Email" type="email" value={email} onChange={setEmail} form={form} testId="invite-email" isRequired />
          <RoleChoices name="roles" label="Roles" value={roles} onChange={setRoles} form={form} />
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid="invite-submit">
            Send invitation
          </Button>
        </SubmitForm>
      </section>
      <section aria-labelledby="pending-h" className="card">
        <h2 id="pending-h">Pending invitations</h2>
        {revoke.isError ? <p role="alert">{revoke.error.message}</p> : null}
        <QueryState query={invitations} what="invitations" testId="invitations">
          {() =>
            pending && pending.length ? (
              <ul className="rows" data-testid="pending-invitations">
                {pending.map((i) => (
                  <li key={i.id}>
                    <span>
                      <strong>{i.name}</strong> ({i.email}) — {i.roles.map((r) => ROLE_LABELS[r]).join(', ')}
                      <br />
                      <small>Expires {formatDate(i.expiresAt)}</small>
                    </span>
                    <Button className="btn danger small" onPress={() => revoke.mutate(i.id)} isDisabled={revoke.isPending} aria-label={`Revoke invitation for ${i.email}`}>
                      Revoke
                    </Button>
                  </li>
                ))}
              </ul>
            ) : (
              <p>No pending invitations.</p>
            )
          }
        </QueryState>
      </section>
    </>
  );
}
