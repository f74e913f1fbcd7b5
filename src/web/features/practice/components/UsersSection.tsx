// The practice's people and their roles: enable or disable, change roles, see and revoke sessions.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { z } from 'zod';
import { InviteRequest } from '../../../../shared/api.js';
import { ROLE_LABELS, type StaffRole } from '../../../../shared/roles.js';
import { SessionList } from '../../../components/account-security.js';
import { ErrorSummary, SubmitForm, useFormErrors } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { type User, useSaveRoles, useToggleUserStatus, useUsers, useUserSessions } from '../api/users.js';
import { RoleChoices } from './RoleChoices.js';
import { DialogButtons, ModalDialog } from '../../../components/ModalDialog.js';
import { TableHead } from '../../../components/TableHead.js';

export function UsersSection({ canWrite }: { canWrite: boolean }) {
  const users = useUsers();
  const [editing, setEditing] = useState<User | null>(null);
  const [sessionsOf, setSessionsOf] = useState<User | null>(null);
  const status = useToggleUserStatus();
  return (
    <section aria-labelledby="users-h" className="card">
      <h2 id="users-h">People and roles</h2>
      {status.isError ? <p role="alert">{status.error.message}</p> : null}
      <QueryState query={users} what="people" testId="users">
        {(d) => (
          <div className="table-wrap" role="region" aria-label="Table of people, scrollable" tabIndex={0}>
            <table className="table" data-testid="users-table">
              <TableHead columns={['Name', 'Email', 'Roles', 'Status', 'Two-step', 'Actions']} />
              <tbody>
                {d.users.map((u) => (
                  <tr key={u.id} data-user-email={u.email}>
                    <th scope="row">{u.name}</th>
                    <td>{u.email}</td>
                    <td>{u.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
                    <td>{u.status === 'active' ? 'Active' : 'Disabled'}</td>
                    <td>{u.mfaEnabled ? 'On' : 'Off'}</td>
                    <td className="row-actions">
                      {canWrite ? (
                        <>
                          <Button className="btn small" onPress={() => setEditing(u)} aria-label={`Edit roles of ${u.name}`}>
                            Roles
                          </Button>
                          <Button className="btn small" onPress={() => status.mutate(u)} isDisabled={status.isPending} aria-label={`${u.status === 'active' ? 'Disable' : 'Enable'} ${u.name}`}>
                            {u.status === 'active' ? 'Disable' : 'Enable'}
                          </Button>
                        </>
                      ) : null}
                      <Button className="btn small" onPress={() => setSessionsOf(u)} aria-label={`Sessions of ${u.name}`}>
                        Sessions
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {editing ? <RolesDialog user={editing} onClose={() => setEditing(null)} /> : null}
      {sessionsOf ? <UserSessionsDialog user={sessionsOf} onClose={() => setSessionsOf(null)} /> : null}
    </section>
  );
}

function RolesDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const saveRoles = useSaveRoles();
  const [roles, setRoles] = useState<StaffRole[]>(user.roles);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ roles: 'Roles' });
  const save = async () => {
    const parsed = z.object({ roles: InviteRequest.shape.roles }).safeParse({ roles });
    if (!parsed.success) return form.fromZod(parsed.error);
    setBusy(true);
    try {
      await saveRoles(user, roles);
      onClose();
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ModalDialog title={`Roles of ${user.name}`} onClose={onClose}>
      <SubmitForm aria-label={`Roles of ${user.name}`} onSubmit={() => void save()}>
        <ErrorSummary form={form} />
        <RoleChoices name="roles" label="Roles" value={roles} onChange={setRoles} form={form} />
        <DialogButtons submit="Save roles" busy={busy} onCancel={onClose} />
      </SubmitForm>
    </ModalDialog>
  );
}

function UserSessionsDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { sessions, revoke } = useUserSessions(user);
  return (
    <ModalDialog title={`Sessions of ${user.name}`} onClose={onClose}>
      {revoke.isError ? <p role="alert">{revoke.error.message}</p> : null}
      <QueryState query={sessions} what="sessions" testId="user-sessions">
        {(d) => <SessionList sessions={d.sessions} onRevoke={(s) => revoke.mutate(s)} pending={revoke.isPending} />}
      </QueryState>
      <Button className="btn" onPress={onClose}>
        Close
      </Button>
    </ModalDialog>
  );
}
