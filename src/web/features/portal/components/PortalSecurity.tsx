// Security of a portal account. The optional two-step sign-in card (an authenticator app, set up by
// scanning a QR code or typing the key and confirming one code; recovery codes are shown once at
// the end) sits on the portal home; the Account security page adds managing it (new recovery codes
// with the password, turning it off with the password and a current code), a change of password,
// and where the account is signed in. Changes that end other sessions say so.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import type { PortalMe } from '../../../../shared/portal.js';
import { ChangePasswordSection, PasswordConfirm, RecoveryCodes, SessionList, TotpSetupView, useTotpEnrolment } from '../../../components/account-security.js';
import { ErrorSummary } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { endPortalSession, usePortalMe } from '../../../session/portal.js';
import { changePortalPassword } from '../api/changePortalPassword.js';
import { usePortalSessions } from '../api/portalSessions.js';
import { beginPortalTotp, confirmPortalTotp } from '../api/portalTotp.js';
import { refreshPortalMe } from '../api/refreshPortalMe.js';
import { regeneratePortalRecoveryCodes } from '../api/regenerateRecoveryCodes.js';
import { useRevokeOtherPortalSessions } from '../api/revokeOtherPortalSessions.js';
import { useRevokePortalSession } from '../api/revokePortalSession.js';
import { turnOffPortalTotp } from '../api/turnOffPortalTotp.js';

export const PORTAL_PASSWORD_HINT = 'At least 15 characters (a few unrelated words work well), or 8 once two-step sign-in is on. Avoid common passwords and your own name.';

const CODES_FILE = 'hearth-portal-recovery-codes.txt';

/** The two-step sign-in card. `manage` (the security page) adds new recovery codes and turning it off. */
export function PortalSecurity({ me, manage = false }: { me: PortalMe; manage?: boolean }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [action, setAction] = useState<'regenerate' | 'remove' | null>(null);
  const refresh = refreshPortalMe;
  const choose = (a: 'regenerate' | 'remove') => {
    setNotice(null);
    setAction(a);
  };
  const totp = useTotpEnrolment({
    begin: beginPortalTotp,
    confirm: confirmPortalTotp,
    onEnabled: async (recoveryCodes) => {
      setCodes(recoveryCodes);
      setNotice('Two-step sign-in is on. You will be asked for a code from your app when you sign in; your other sessions were signed out.');
      await refresh();
    },
    clearCodeOnError: true,
  });
  const { setup, busy, form } = totp;

  const on = me.account.mfa.totp;
  return (
    <section aria-labelledby="portal-security-h" className="card" data-testid="portal-security" data-totp={String(on)}>
      <h2 id="portal-security-h">Two-step sign-in</h2>
      <div role="status">
        {notice ? (
          <p className="notice" data-testid="portal-security-notice">
            {notice}
          </p>
        ) : null}
      </div>
      {codes ? (
        <RecoveryCodes codes={codes} fileName={CODES_FILE} onDone={() => setCodes(null)} />
      ) : on ? (
        <>
          <p data-testid="portal-totp-status">
            On: you sign in with your password and a code from your authenticator app. {me.account.mfa.recoveryCodesLeft} recovery codes left.
          </p>
          {!manage ? (
            <p>
              <Link to="/portal/security">Manage two-step sign-in</Link>
            </p>
          ) : action === 'regenerate' ? (
            <PasswordConfirm
              label="Create new recovery codes"
              onCancel={() => setAction(null)}
              run={async (password) => {
                const res = await regeneratePortalRecoveryCodes(password);
                setAction(null);
                setNotice('New recovery codes were made; the old ones no longer work.');
                setCodes(res.recoveryCodes);
                await refresh();
              }}
            />
          ) : action === 'remove' ? (
            <PasswordConfirm
              label="Turn off two-step sign-in"
              intro="Your password alone will then open your portal, and your recovery codes stop working."
              code={{ description: 'The 6-digit code from your authenticator app, or a recovery code.' }}
              danger
              testId="portal-totp-remove-form"
              onCancel={() => setAction(null)}
              run={async (password, code) => {
                await turnOffPortalTotp(password, code);
                setAction(null);
                setNotice('Two-step sign-in is off. Your other sessions were signed out.');
                await refresh();
              }}
            />
          ) : (
            <div className="actions">
              <Button className="btn" onPress={() => choose('regenerate')} data-testid="portal-recovery-regenerate">
                New recovery codes
              </Button>
              <Button className="btn danger" onPress={() => choose('remove')} data-testid="portal-totp-remove">
                Turn off
              </Button>
            </div>
          )}
        </>
      ) : setup ? (
        <TotpSetupView
          enrolment={totp}
          setup={setup}
          prefix="portal-"
          qrAlt="QR code to add the Hearth portal to your authenticator app"
          actions={
            <div className="actions">
              <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-totp-verify">
                {busy ? 'Checking…' : 'Turn on'}
              </Button>
              <Button className="btn" onPress={() => totp.setSetup(null)}>
                Cancel
              </Button>
            </div>
          }
        />
      ) : (
        <>
          <p>Optional. Add a code from an authenticator app to your password, so that your password alone cannot open your portal.</p>
          <ErrorSummary form={form} />
          <Button
            className="btn"
            onPress={() => {
              setNotice(null);
              void totp.start();
            }}
            isDisabled={busy}
            data-testid="portal-totp-start"
          >
            Set up authenticator app
          </Button>
        </>
      )}
    </section>
  );
}

function PortalSessionsSection() {
  const sessions = usePortalSessions();
  const [done, setDone] = useState<string | null>(null);
  const revoke = useRevokePortalSession((s) => {
    if (s.current) void endPortalSession('logout');
    else setDone('That session was signed out.');
  });
  const others = useRevokeOtherPortalSessions(() => setDone('Every other session was signed out.'));
  const failed = revoke.error ?? others.error;
  const pending = revoke.isPending || others.isPending;
  return (
    <section aria-labelledby="portal-sessions-h" className="card" data-testid="portal-sessions">
      <h2 id="portal-sessions-h">Where you're signed in</h2>
      <div role="status">{done && !failed ? <p data-testid="portal-sessions-done">{done}</p> : null}</div>
      {failed ? <p role="alert">{failed.message}</p> : null}
      <QueryState query={sessions} what="your sessions" testId="portal-sessions-list">
        {(d) => (
          <>
            <SessionList sessions={d.sessions} onRevoke={(s) => {
                setDone(null);
                revoke.mutate(s);
              }} pending={pending} />
            {d.sessions.some((s) => !s.current) ? (
              <Button className="btn" onPress={() => {
                  setDone(null);
                  others.mutate();
                }} isDisabled={pending} data-testid="portal-sessions-revoke-others">
                Sign out everywhere else
              </Button>
            ) : null}
          </>
        )}
      </QueryState>
    </section>
  );
}

export function PortalSecurityPage() {
  const me = usePortalMe();
  return (
    <div data-testid="portal-security-page" data-ready={me.isSuccess ? 'true' : 'false'}>
      <p>
        <Link to="/portal">← Your portal</Link>
      </p>
      <h1>Account security</h1>
      <QueryState query={me} what="your account">
        {(m) => (
          <>
            <PortalSecurity me={m} manage />
            <ChangePasswordSection
              hint={PORTAL_PASSWORD_HINT}
              submit={changePortalPassword}
            />
            <PortalSessionsSection />
          </>
        )}
      </QueryState>
    </div>
  );
}
