import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Dialog, FieldError, Form, Heading, Label, Modal, ModalOverlay, Switch } from 'react-aria-components';
import { z } from 'zod';
import {
  InvitationInfo,
  InviteRequest,
  PracticeSettings,
  PracticeUser,
  SessionInfo,
  UpdatePracticeRequest,
} from '../../../shared/api.js';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../../../shared/roles.js';
import { api } from '../../api/client.js';
import { ReminderSettingsSection } from '../reminders/index.js';
import { SchedulingSettingsSection } from '../scheduling/SchedulingSettingsSection.js';
import { CallSettingsSection } from '../calls/index.js';
import { formatDate } from '../../components/format.js';
import { ErrorSummary, Field, useFormErrors, type FormErrorsApi } from '../../components/forms.js';
import { QueryState } from '../../components/QueryState.js';
import { meKey, useMe } from '../../session/useMe.js';
import { SessionList } from '../../components/account-security.js';

// providersSeeAllClients arrives with the clients module; shown only when the server sends it.
const Settings = PracticeSettings.extend({ providersSeeAllClients: z.boolean().optional() });
type Settings = z.infer<typeof Settings>;
type User = z.infer<typeof PracticeUser>;
const UsersResponse = z.object({ users: z.array(PracticeUser) });
const InvitationsResponse = z.object({ invitations: z.array(InvitationInfo) });
const SessionsResponse = z.object({ sessions: z.array(SessionInfo) });

export function PracticePage() {
  const me = useMe();
  const settings = useQuery({ queryKey: ['practice'], queryFn: () => api.get('/api/practice', Settings) });
  if (me.data && !me.data.permissions.includes('practice.settings.read')) {
    return (
      <>
        <h1>Practice settings</h1>
        <p>Only practice owners and administrators can see these settings.</p>
      </>
    );
  }
  const canWrite = me.data?.permissions.includes('practice.settings.write') ?? false;
  const canSchedule = me.data?.permissions.includes('appointments.read') ?? false;
  // The page is six long sections (4,000 px at 1280, 6,000 on a phone): say what is on it and go there.
  const sections: [string, string][] = [
    ['settings-h', 'General'],
    ...(canSchedule ? ([['scheduling-h', 'Scheduling'], ['reminders-h', 'Reminders'], ['call-settings-h', 'Video calls']] as [string, string][]) : []),
    ['users-h', 'People and roles'],
    ...(canWrite ? ([['invite-h', 'Invite a colleague']] as [string, string][]) : []),
  ];
  return (
    <div data-testid="practice-page">
      <h1>Practice settings</h1>
      <nav aria-label="Sections of this page" className="page-toc" data-testid="practice-sections">
        <ul>
          {sections.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <QueryState query={settings} what="practice settings" testId="practice-settings">
        {(s) => <SettingsForm settings={s} canWrite={canWrite} />}
      </QueryState>
      {canSchedule ? <SchedulingSettingsSection canWrite={canWrite} /> : null}
      {canSchedule ? <ReminderSettingsSection canWrite={canWrite} /> : null}
      {canSchedule ? <CallSettingsSection canWrite={canWrite} /> : null}
      <UsersSection canWrite={me.data?.permissions.includes('practice.users.write') ?? false} />
      {canWrite ? <InviteSection /> : null}
    </div>
  );
}

function RoleChoices({ value, onChange, form, name, label }: { value: StaffRole[]; onChange: (v: StaffRole[]) => void; form: FormErrorsApi; name: string; label: string }) {
  const error = form.errors[name];
  return (
    <CheckboxGroup
      className="field role-choices"
      value={value}
      onChange={(v) => {
        onChange(v as StaffRole[]);
        form.clear(name);
      }}
      isInvalid={error !== undefined}
      validationBehavior="aria"
      name={name}
    >
      <Label>{label}</Label>
      {STAFF_ROLES.map((r) => (
        <Checkbox key={r} value={r} className="checkbox" data-testid={`role-${r}`}>
          <span className="box" aria-hidden="true" />
          <span>{ROLE_LABELS[r]}</span>
        </Checkbox>
      ))}
      <FieldError className="field-error">{error}</FieldError>
    </CheckboxGroup>
  );
}

function SettingsForm({ settings, canWrite }: { settings: Settings; canWrite: boolean }) {
  const qc = useQueryClient();
  const [name, setName] = useState(settings.name);
  const [requireMfa, setRequireMfa] = useState(settings.requireMfa);
  const [idle, setIdle] = useState(String(settings.idleTimeoutMinutes));
  const [seeAll, setSeeAll] = useState(settings.providersSeeAllClients ?? false);
  const [replyMail, setReplyMail] = useState(settings.replyMailToClients);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ name: 'Practice name', requireMfa: 'Require two-step verification', idleTimeoutMinutes: 'Idle timeout', providersSeeAllClients: 'Providers see all clients', replyMailToClients: 'Mail clients when staff reply' });

  const save = async () => {
    const minutes = idle.trim() === '' ? Number.NaN : Number(idle);
    const parsed = UpdatePracticeRequest.safeParse({ name, requireMfa, idleTimeoutMinutes: minutes });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setSaved(false);
    setBusy(true);
    try {
      const body: Record<string, unknown> = { ...parsed.data };
      if (settings.providersSeeAllClients !== undefined) body.providersSeeAllClients = seeAll;
      body.replyMailToClients = replyMail;
      await api.patch('/api/practice', body);
      setSaved(true);
      await qc.invalidateQueries({ queryKey: ['practice'] });
      await qc.invalidateQueries({ queryKey: meKey });
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="settings-h" className="card">
      <h2 id="settings-h">General</h2>
      {settings.demo ? <p className="notice">This is the demo practice: its data is made up and reset regularly.</p> : null}
      {!settings.requireMfa ? (
        <p className="notice warn" data-testid="mfa-not-required">
          Two-step verification is not required in this practice: staff can sign in with a password alone. Turn it on
          below to require it for everyone.
        </p>
      ) : (
        <p data-testid="mfa-required">Two-step verification is required for everyone in this practice.</p>
      )}
      {settings.baa ? (
        <p>
          Business Associate Agreement version {settings.baa.version} accepted by {settings.baa.signerName} (
          {settings.baa.signerTitle}) on {formatDate(settings.baa.acceptedAt)}.
        </p>
      ) : (
        <p className="notice warn">The Business Associate Agreement has not been accepted yet.</p>
      )}
      <Form
        className="form"
        aria-labelledby="settings-h"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorSummary form={form} />
        {saved ? <p role="status">Settings saved.</p> : null}
        <Field name="name" label="Practice name" value={name} onChange={setName} form={form} isRequired />
        <Switch
          className="switch"
          isSelected={requireMfa}
          onChange={(v) => {
            setRequireMfa(v);
            setSaved(false);
          }}
          isDisabled={!canWrite}
          data-testid="require-mfa"
        >
          <span className="track" aria-hidden="true">
            <span className="thumb" />
          </span>
          Require two-step verification for all staff
        </Switch>
        {settings.providersSeeAllClients !== undefined ? (
          <Switch
            className="switch"
            isSelected={seeAll}
            onChange={(v) => {
              setSeeAll(v);
              setSaved(false);
            }}
            isDisabled={!canWrite}
            data-testid="providers-see-all-clients"
          >
            <span className="track" aria-hidden="true">
              <span className="thumb" />
            </span>
            Providers can see every client in the practice (otherwise only the clients assigned to them)
          </Switch>
        ) : null}
        <Switch
          className="switch"
          isSelected={replyMail}
          onChange={(v) => {
            setReplyMail(v);
            setSaved(false);
          }}
          isDisabled={!canWrite}
          data-testid="reply-mail-to-clients"
        >
          <span className="track" aria-hidden="true">
            <span className="thumb" />
          </span>
          Mail a client when staff reply to their message (the mail says only that a new message waits in the portal: no name, no content)
        </Switch>
        <Field
          name="idleTimeoutMinutes"
          label="Sign out after this many minutes without activity"
          type="number"
          inputMode="numeric"
          min={5}
          max={30}
          description="Between 5 and 30 minutes."
          value={idle}
          onChange={setIdle}
          form={form}
          isRequired
        />
        {canWrite ? (
          <Button type="submit" className="btn primary" isDisabled={busy}>
            Save settings
          </Button>
        ) : null}
      </Form>
    </section>
  );
}

function UsersSection({ canWrite }: { canWrite: boolean }) {
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ['practice', 'users'], queryFn: () => api.get('/api/practice/users', UsersResponse) });
  const [editing, setEditing] = useState<User | null>(null);
  const [sessionsOf, setSessionsOf] = useState<User | null>(null);
  const status = useMutation({
    mutationFn: (u: User) => api.patch(`/api/practice/users/${encodeURIComponent(u.id)}`, { status: u.status === 'active' ? 'disabled' : 'active' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['practice', 'users'] }),
  });
  return (
    <section aria-labelledby="users-h" className="card">
      <h2 id="users-h">People and roles</h2>
      {status.isError ? <p role="alert">{status.error.message}</p> : null}
      <QueryState query={users} what="people" testId="users">
        {(d) => (
          <div className="table-wrap" role="region" aria-label="Table of people, scrollable" tabIndex={0}>
            <table className="table" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Status</th>
                  <th scope="col">Two-step</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
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
  const qc = useQueryClient();
  const [roles, setRoles] = useState<StaffRole[]>(user.roles);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ roles: 'Roles' });
  const save = async () => {
    const parsed = z.object({ roles: InviteRequest.shape.roles }).safeParse({ roles });
    if (!parsed.success) return form.fromZod(parsed.error);
    setBusy(true);
    try {
      await api.patch(`/api/practice/users/${encodeURIComponent(user.id)}`, { roles });
      await qc.invalidateQueries({ queryKey: ['practice', 'users'] });
      await qc.invalidateQueries({ queryKey: meKey });
      onClose();
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ModalOverlay isOpen onOpenChange={(o) => !o && onClose()} isDismissable className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title">Roles of {user.name}</Heading>
          <Form
            className="form"
            aria-label={`Roles of ${user.name}`}
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <ErrorSummary form={form} />
            <RoleChoices name="roles" label="Roles" value={roles} onChange={setRoles} form={form} />
            <div className="actions">
              <Button type="submit" className="btn primary" isDisabled={busy}>
                Save roles
              </Button>
              <Button className="btn" onPress={onClose}>
                Cancel
              </Button>
            </div>
          </Form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

function UserSessionsDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const qc = useQueryClient();
  const key = ['practice', 'users', user.id, 'sessions'];
  const sessions = useQuery({ queryKey: key, queryFn: () => api.get(`/api/practice/users/${encodeURIComponent(user.id)}/sessions`, SessionsResponse) });
  const revoke = useMutation({
    mutationFn: (s: SessionInfo) => api.del(`/api/practice/users/${encodeURIComponent(user.id)}/sessions/${encodeURIComponent(s.id)}`, {}),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
  return (
    <ModalOverlay isOpen onOpenChange={(o) => !o && onClose()} isDismissable className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title">Sessions of {user.name}</Heading>
          {revoke.isError ? <p role="alert">{revoke.error.message}</p> : null}
          <QueryState query={sessions} what="sessions" testId="user-sessions">
            {(d) => <SessionList sessions={d.sessions} onRevoke={(s) => revoke.mutate(s)} pending={revoke.isPending} />}
          </QueryState>
          <Button className="btn" onPress={onClose}>
            Close
          </Button>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

function InviteSection() {
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<StaffRole[]>(['provider']);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ email: 'Email', name: 'Name', roles: 'Roles' });
  const invitations = useQuery({ queryKey: ['practice', 'invitations'], queryFn: () => api.get('/api/practice/invitations', InvitationsResponse) });
  const revoke = useMutation({
    mutationFn: (id: string) => api.del(`/api/practice/invitations/${encodeURIComponent(id)}`, {}),
    onSettled: () => qc.invalidateQueries({ queryKey: ['practice', 'invitations'] }),
  });
  const submit = async () => {
    const parsed = InviteRequest.safeParse({ email, name, roles });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setSent(null);
    setBusy(true);
    try {
      await api.post('/api/practice/invitations', parsed.data, InvitationInfo);
      setSent(`Invitation sent to ${parsed.data.email}.`);
      setEmail('');
      setName('');
      await qc.invalidateQueries({ queryKey: ['practice', 'invitations'] });
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
        <Form
          className="form"
          aria-labelledby="invite-h"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
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
        </Form>
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
