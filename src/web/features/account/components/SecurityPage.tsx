import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { z } from 'zod';
import { WebauthnRegisterRequest, type MeResponse } from '../../../../shared/api.js';
import { ChangePasswordSection, PasswordConfirm, RecoveryCodes, SessionList, TotpSetupView, useTotpEnrolment } from '../../../components/account-security.js';
import { formatDate } from '../../../components/format.js';
import { ErrorSummary, Field, useFormErrors } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { enrolment } from '../../../session/staff.js';
import { useMe } from '../../../session/useMe.js';
import { changePassword } from '../api/changePassword.js';
import { useMySessions } from '../api/mySessions.js';
import { regenerateRecoveryCodes } from '../api/regenerateRecoveryCodes.js';
import { registerSecurityKey } from '../api/registerSecurityKey.js';
import { useRemoveSecurityKey } from '../api/removeSecurityKey.js';
import { useRevokeMySession } from '../api/revokeMySession.js';
import { beginTotp, confirmTotp } from '../api/staffTotp.js';
import { refreshMe } from '../api/refreshMe.js';
import { turnOffTotp } from '../api/turnOffTotp.js';
import { CalendarFeedsSection } from './CalendarFeedsSection.js';

/** Shown instead of the app while the practice requires MFA and this user has none. */
export function EnrolmentPage({ me }: { me: MeResponse | undefined }) {
  const done = () => {
    enrolment.set(false);
    void refreshMe();
  };
  return (
    <div data-testid="mfa-enrolment">
      <h1>Set up two-step verification</h1>
      <p>
        {me?.practice.name ?? 'Your practice'} requires two-step verification for everyone. Set up an authenticator app
        (or a security key) to continue.
      </p>
      <TotpSection enabled={false} onDone={done} />
      <SecurityKeysSection me={me} onRegistered={done} />
    </div>
  );
}

export function SecurityPage() {
  const me = useMe();
  return (
    <div data-testid="security-page">
      <h1>Account security</h1>
      <QueryState query={me} what="your account" testId="security-ready">
        {(m) => (
          <>
            <TotpSection enabled={m.user.mfa.totp} recoveryCodesLeft={m.user.mfa.recoveryCodesLeft} />
            <SecurityKeysSection me={m} />
            <StaffChangePassword />
            <SessionsSection />
            {/* Only providers have a calendar of their own to subscribe to. */}
            {m.user.roles.includes('provider') ? <CalendarFeedsSection /> : null}
          </>
        )}
      </QueryState>
    </div>
  );
}

function TotpSection({
  enabled,
  recoveryCodesLeft,
  onDone,
}: {
  enabled: boolean;
  recoveryCodesLeft?: number;
  onDone?: () => void;
}) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const [pwAction, setPwAction] = useState<'disable' | 'regenerate' | null>(null);
  const totp = useTotpEnrolment({
    begin: beginTotp,
    confirm: confirmTotp,
    onEnabled: setCodes,
  });
  const { setup, busy, form } = totp;

  const finished = () => {
    setCodes(null);
    if (onDone) onDone();
    else void refreshMe();
  };

  return (
    <section aria-labelledby="totp-h" className="card" data-testid="totp-section" data-enabled={enabled}>
      <h2 id="totp-h">Authenticator app</h2>
      {codes ? (
        <RecoveryCodes codes={codes} onDone={finished} />
      ) : enabled ? (
        <>
          <p data-testid="totp-status">
            On. {recoveryCodesLeft !== undefined ? `${recoveryCodesLeft} recovery codes left.` : null}
          </p>
          <div className="actions">
            <Button className="btn" onPress={() => setPwAction('regenerate')}>
              New recovery codes
            </Button>
            <Button className="btn danger" onPress={() => setPwAction('disable')}>
              Turn off
            </Button>
          </div>
          {pwAction ? (
            <PasswordConfirm
              key={pwAction}
              label={pwAction === 'disable' ? 'Turn off the authenticator app' : 'Create new recovery codes'}
              onCancel={() => setPwAction(null)}
              run={async (password) => {
                if (pwAction === 'disable') {
                  await turnOffTotp(password);
                  setPwAction(null);
                  void refreshMe();
                } else {
                  const res = await regenerateRecoveryCodes(password);
                  setPwAction(null);
                  setCodes(res.recoveryCodes);
                }
              }}
            />
          ) : null}
        </>
      ) : setup ? (
        <TotpSetupView
          enrolment={totp}
          setup={setup}
          prefix=""
          qrAlt="QR code to add Hearth to your authenticator app"
          stepsClassName="steps"
          actions={
            <Button type="submit" className="btn primary" isDisabled={busy} data-testid="totp-verify">
              Turn on
            </Button>
          }
        />
      ) : (
        <>
          <p>Off. Use an app such as a password manager or authenticator to get a 6-digit code when you sign in.</p>
          <ErrorSummary form={form} />
          <Button className="btn primary" onPress={() => void totp.start()} isDisabled={busy} data-testid="totp-start">
            Set up authenticator app
          </Button>
        </>
      )}
    </section>
  );
}

function SecurityKeysSection({ me, onRegistered }: { me: MeResponse | undefined; onRegistered?: () => void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormErrors({ name: 'Key name', response: 'Security key' });
  const keys = me?.user.mfa.webauthn ?? [];
  const remove = useRemoveSecurityKey((e) => form.fromApi(e));

  const register = async () => {
    const parsed = WebauthnRegisterRequest.shape.name.safeParse(name);
    if (!parsed.success) return form.fromZod(new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: ['name'] }))));
    form.clear();
    setBusy(true);
    setDone(null);
    try {
      await registerSecurityKey(parsed.data);
      setDone(`Security key “${parsed.data}” added.`);
      setName('');
      if (onRegistered) onRegistered();
      else void refreshMe();
    } catch (e) {
      if (e instanceof Error && (e.name === 'NotAllowedError' || e.name === 'InvalidStateError'))
        form.setSummary(e.name === 'InvalidStateError' ? 'That security key is already registered.' : 'The security key request was cancelled or timed out.');
      else form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="keys-h" className="card" data-testid="keys-section">
      <h2 id="keys-h">Security keys</h2>
      {keys.length ? (
        <ul className="rows" data-testid="security-keys">
          {keys.map((k) => (
            <li key={k.id}>
              <span>
                <strong>{k.name}</strong> — added {formatDate(k.createdAt)}
                {k.lastUsedAt ? `, last used ${formatDate(k.lastUsedAt)}` : ''}
              </span>
              <Button className="btn danger" onPress={() => remove.mutate(k.id)} isDisabled={remove.isPending} aria-label={`Remove security key ${k.name}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : me ? (
        <p>No security keys yet.</p>
      ) : null}
      {done ? <p role="status">{done}</p> : null}
      <Form
        className="form"
        aria-label="Add a security key"
        onSubmit={(e) => {
          e.preventDefault();
          void register();
        }}
      >
        <ErrorSummary form={form} />
        <Field name="name" label="Key name" description="For example: Blue USB key" value={name} onChange={setName} form={form} testId="key-name" isRequired />
        <Button type="submit" className="btn" isDisabled={busy} data-testid="key-register">
          Add security key
        </Button>
      </Form>
    </section>
  );
}

function StaffChangePassword() {
  return <ChangePasswordSection submit={changePassword} />;
}

function SessionsSection() {
  const sessions = useMySessions();
  const revoke = useRevokeMySession();
  return (
    <section aria-labelledby="sess-h" className="card">
      <h2 id="sess-h">Where you're signed in</h2>
      {revoke.isError ? <p role="alert">{revoke.error.message}</p> : null}
      <QueryState query={sessions} what="your sessions" testId="my-sessions">
        {(d) => <SessionList sessions={d.sessions} onRevoke={(s) => revoke.mutate(s.id)} pending={revoke.isPending} />}
      </QueryState>
    </section>
  );
}
