// Security of a portal account. The optional two-step sign-in card (an authenticator app, set up by
// scanning a QR code or typing the key and confirming one code; recovery codes are shown once at
// the end) sits on the portal home; the Account security page adds managing it (new recovery codes
// with the password, turning it off with the password and a current code), a change of password,
// and where the account is signed in. Changes that end other sessions say so.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, defineMessages, useIntl } from 'react-intl';
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
import { errorText } from './appointmentParts.js';
import { PORTAL_PASSWORD_HINT } from './passwordHint.js';

const msg = defineMessages({
  enabled: {
    id: 'portal.security.enabled',
    defaultMessage: 'Two-step sign-in is on. You will be asked for a code from your app when you sign in; your other sessions were signed out.',
  },
  regenerated: { id: 'portal.security.regenerated', defaultMessage: 'New recovery codes were made; the old ones no longer work.' },
  disabled: { id: 'portal.security.disabled', defaultMessage: 'Two-step sign-in is off. Your other sessions were signed out.' },
  revoked: { id: 'portal.security.sessions.revoked', defaultMessage: 'That session was signed out.' },
  revokedOthers: { id: 'portal.security.sessions.revoked-others', defaultMessage: 'Every other session was signed out.' },
  revokeFailed: { id: 'portal.security.sessions.revoke-failed', defaultMessage: 'The session could not be signed out. Please try again.' },
});


const CODES_FILE = 'hearth-portal-recovery-codes.txt';

/** The two-step sign-in card. `manage` (the security page) adds new recovery codes and turning it off. */
export function PortalSecurity({ me, manage = false }: { me: PortalMe; manage?: boolean }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const intl = useIntl();
  const [notice, setNotice] = useState<(typeof msg)[keyof typeof msg] | null>(null);
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
      setNotice(msg.enabled);
      await refresh();
    },
    clearCodeOnError: true,
  });
  const { setup, busy } = totp;

  const on = me.account.mfa.totp;
  return (
    <section aria-labelledby="portal-security-h" className="card" data-testid="portal-security" data-totp={String(on)}>
      <h2 id="portal-security-h"><FormattedMessage id="portal.security.title" defaultMessage="Two-step sign-in" /></h2>
      <div role="status">
        {notice ? (
          <p className="notice" data-testid="portal-security-notice">
            {intl.formatMessage(notice)}
          </p>
        ) : null}
      </div>
      {codes ? (
        <RecoveryCodes codes={codes} fileName={CODES_FILE} onDone={() => setCodes(null)} />
      ) : on ? (
        <>
          <p data-testid="portal-totp-status">
            <FormattedMessage
              id="portal.security.on"
              defaultMessage="On: you sign in with your password and a code from your authenticator app. {left, plural, one {# recovery code left.} other {# recovery codes left.}}"
              values={{ left: me.account.mfa.recoveryCodesLeft }}
            />
          </p>
          {!manage ? (
            <p>
              <Link to="/portal/security"><FormattedMessage id="portal.security.manage" defaultMessage="Manage two-step sign-in" /></Link>
            </p>
          ) : action === 'regenerate' ? (
            <PasswordConfirm
              label={intl.formatMessage({ id: 'portal.security.regenerate-confirm', defaultMessage: 'Create new recovery codes' })}
              onCancel={() => setAction(null)}
              run={async (password) => {
                const res = await regeneratePortalRecoveryCodes(password);
                setAction(null);
                setNotice(msg.regenerated);
                setCodes(res.recoveryCodes);
                await refresh();
              }}
            />
          ) : action === 'remove' ? (
            <PasswordConfirm
              label={intl.formatMessage({ id: 'portal.security.remove-confirm', defaultMessage: 'Turn off two-step sign-in' })}
              intro={intl.formatMessage({
                id: 'portal.security.remove-intro',
                defaultMessage: 'Your password alone will then open your portal, and your recovery codes stop working.',
              })}
              code={{
                description: intl.formatMessage({ id: 'portal.security.remove-code', defaultMessage: 'The 6-digit code from your authenticator app, or a recovery code.' }),
              }}
              danger
              testId="portal-totp-remove-form"
              onCancel={() => setAction(null)}
              run={async (password, code) => {
                await turnOffPortalTotp(password, code);
                setAction(null);
                setNotice(msg.disabled);
                await refresh();
              }}
            />
          ) : (
            <div className="actions">
              <Button className="btn" onPress={() => choose('regenerate')} data-testid="portal-recovery-regenerate">
                <FormattedMessage id="portal.security.regenerate" defaultMessage="New recovery codes" />
              </Button>
              <Button className="btn danger" onPress={() => choose('remove')} data-testid="portal-totp-remove">
                <FormattedMessage id="portal.security.remove" defaultMessage="Turn off" />
              </Button>
            </div>
          )}
        </>
      ) : setup ? (
        <TotpSetupView
          enrolment={totp}
          setup={setup}
          prefix="portal-"
          qrAlt={intl.formatMessage({ id: 'portal.security.qr-alt', defaultMessage: 'QR code to add the Hearth portal to your authenticator app' })}
          actions={
            <div className="actions">
              <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-totp-verify">
                {busy ? (
                  <FormattedMessage id="portal.security.checking" defaultMessage="Checking…" />
                ) : (
                  <FormattedMessage id="portal.security.turn-on" defaultMessage="Turn on" />
                )}
              </Button>
              <Button className="btn" onPress={() => totp.setSetup(null)}>
                <FormattedMessage id="portal.security.cancel" defaultMessage="Cancel" />
              </Button>
            </div>
          }
        />
      ) : (
        <>
          <StartTotp totp={totp} onStart={() => setNotice(null)} />
        </>
      )}
    </section>
  );
}

/** Before set-up: what two-step sign-in is for, and the button that starts it. */
function StartTotp({ totp, onStart }: { totp: ReturnType<typeof useTotpEnrolment>; onStart: () => void }) {
  const { busy, form } = totp;
  return (
    <>
          <p>
            <FormattedMessage
              id="portal.security.intro"
              defaultMessage="Optional. Add a code from an authenticator app to your password, so that your password alone cannot open your portal."
            />
          </p>
          <ErrorSummary form={form} />
          <Button
            className="btn"
            onPress={() => {
              onStart();
              void totp.start();
            }}
            isDisabled={busy}
            data-testid="portal-totp-start"
          >
            <FormattedMessage id="portal.security.start" defaultMessage="Set up authenticator app" />
          </Button>
    </>
  );
}

function PortalSessionsSection() {
  const intl = useIntl();
  const sessions = usePortalSessions();
  const [done, setDone] = useState<(typeof msg)[keyof typeof msg] | null>(null);
  const revoke = useRevokePortalSession((s) => {
    if (s.current) void endPortalSession('logout');
    else setDone(msg.revoked);
  });
  const others = useRevokeOtherPortalSessions(() => setDone(msg.revokedOthers));
  const failed = revoke.error ?? others.error;
  const pending = revoke.isPending || others.isPending;
  return (
    <section aria-labelledby="portal-sessions-h" className="card" data-testid="portal-sessions">
      <h2 id="portal-sessions-h">
        <FormattedMessage id="portal.security.sessions.title" defaultMessage="Where you're signed in" />
      </h2>
      <div role="status">{done && !failed ? <p data-testid="portal-sessions-done">{intl.formatMessage(done)}</p> : null}</div>
      {failed ? <p role="alert">{errorText(intl, failed, msg.revokeFailed)}</p> : null}
      <QueryState query={sessions} what={intl.formatMessage({ id: 'portal.security.sessions.what', defaultMessage: 'your sessions' })} testId="portal-sessions-list">
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
                <FormattedMessage id="portal.security.sessions.revoke-others" defaultMessage="Sign out everywhere else" />
              </Button>
            ) : null}
          </>
        )}
      </QueryState>
    </section>
  );
}

export function PortalSecurityPage() {
  const intl = useIntl();
  const me = usePortalMe();
  return (
    <div data-testid="portal-security-page" data-ready={me.isSuccess ? 'true' : 'false'}>
      <p>
        <Link to="/portal">
          <FormattedMessage id="portal.security.back" defaultMessage="← Your portal" />
        </Link>
      </p>
      <h1>
        <FormattedMessage id="portal.security.page-title" defaultMessage="Account security" />
      </h1>
      <QueryState query={me} what={intl.formatMessage({ id: 'portal.security.account-what', defaultMessage: 'your account' })}>
        {(m) => (
          <>
            <PortalSecurity me={m} manage />
            <ChangePasswordSection
              hint={intl.formatMessage(PORTAL_PASSWORD_HINT)}
              submit={changePortalPassword}
            />
            <PortalSessionsSection />
          </>
        )}
      </QueryState>
    </div>
  );
}
