// Security of a portal account. The optional two-step sign-in card (an authenticator app, set up by
// scanning a QR code or typing the key and confirming one code; recovery codes are shown once at
// the end) sits on the portal home; the Account security page adds managing it (new recovery codes
// with the password, turning it off with the password and a current code), a change of password,
// and where the account is signed in. Changes that end other sessions say so.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Link } from 'react-router';
import { RecoveryCodesResponse, TotpEnrolResponse, TotpVerifyRequest } from '../../../shared/api.js';
import { PortalSessions, type PortalMe } from '../../../shared/portal.js';
import { ChangePasswordSection, PasswordConfirm, RecoveryCodes, SessionList } from '../../components/account-security.js';
import { ErrorSummary, Field, useFormErrors } from '../../components/forms.js';
import { QueryState } from '../../components/QueryState.js';
import { portalApi } from './client.js';
import { endPortalSession, portalKeys, usePortalMe } from './session.js';

type Setup = ReturnType<typeof TotpEnrolResponse.parse>;

export const PORTAL_PASSWORD_HINT = 'At least 15 characters (a few unrelated words work well), or 8 once two-step sign-in is on. Avoid common passwords and your own name.';

const CODES_FILE = 'hearth-portal-recovery-codes.txt';

/** The two-step sign-in card. `manage` (the security page) adds new recovery codes and turning it off. */
export function PortalSecurity({ me, manage = false }: { me: PortalMe; manage?: boolean }) {
  const qc = useQueryClient();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [action, setAction] = useState<'regenerate' | 'remove' | null>(null);
  const form = useFormErrors({ code: 'Code from the app' });
  const refresh = () => qc.invalidateQueries({ queryKey: portalKeys.me });

  const start = async () => {
    form.clear();
    setNotice(null);
    setBusy(true);
    try {
      setSetup(await portalApi.post('/api/portal/mfa/totp', {}, TotpEnrolResponse));
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };

  const verify = async () => {
    const parsed = TotpVerifyRequest.safeParse({ code: code.replace(/\s+/g, '') });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setBusy(true);
    try {
      const res = await portalApi.post('/api/portal/mfa/totp/verify', parsed.data, RecoveryCodesResponse);
      setSetup(null);
      setCode('');
      setCodes(res.recoveryCodes);
      setNotice('Two-step sign-in is on. You will be asked for a code from your app when you sign in; your other sessions were signed out.');
      await refresh();
    } catch (e) {
      form.fromApi(e);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

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
                const res = await portalApi.post('/api/portal/mfa/recovery-codes', { password }, RecoveryCodesResponse);
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
                await portalApi.del('/api/portal/mfa/totp', { password, code });
                setAction(null);
                setNotice('Two-step sign-in is off. Your other sessions were signed out.');
                await refresh();
              }}
            />
          ) : (
            <div className="actions">
              <Button className="btn" onPress={() => {
                  setNotice(null);
                  setAction('regenerate');
                }} data-testid="portal-recovery-regenerate">
                New recovery codes
              </Button>
              <Button className="btn danger" onPress={() => {
                  setNotice(null);
                  setAction('remove');
                }} data-testid="portal-totp-remove">
                Turn off
              </Button>
            </div>
          )}
        </>
      ) : setup ? (
        <div data-testid="portal-totp-setup">
          <ol>
            <li>Scan this QR code with your authenticator app.</li>
            <li>Or enter the key by hand.</li>
            <li>Type the 6-digit code the app shows.</li>
          </ol>
          <img src={setup.qrDataUrl} alt="QR code to add the Hearth portal to your authenticator app" width={200} height={200} className="qr" />
          <p>
            Key for manual entry:{' '}
            <code className="secret" data-testid="portal-totp-secret">
              {setup.secret}
            </code>
          </p>
          <Form
            className="form"
            aria-label="Confirm the authenticator app"
            onSubmit={(e) => {
              e.preventDefault();
              void verify();
            }}
          >
            <ErrorSummary form={form} />
            <Field name="code" label="Code from the app" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={setCode} form={form} testId="portal-totp-code" isRequired />
            <div className="actions">
              <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-totp-verify">
                {busy ? 'Checking…' : 'Turn on'}
              </Button>
              <Button className="btn" onPress={() => setSetup(null)}>
                Cancel
              </Button>
            </div>
          </Form>
        </div>
      ) : (
        <>
          <p>Optional. Add a code from an authenticator app to your password, so that your password alone cannot open your portal.</p>
          <ErrorSummary form={form} />
          <Button className="btn" onPress={() => void start()} isDisabled={busy} data-testid="portal-totp-start">
            Set up authenticator app
          </Button>
        </>
      )}
    </section>
  );
}

function PortalSessionsSection() {
  const qc = useQueryClient();
  const sessions = useQuery({ queryKey: portalKeys.sessions, queryFn: () => portalApi.get('/api/portal/sessions', PortalSessions) });
  const [done, setDone] = useState<string | null>(null);
  const settle = () => qc.invalidateQueries({ queryKey: portalKeys.sessions });
  const revoke = useMutation({
    mutationFn: (s: { id: string; current: boolean }) => portalApi.del(`/api/portal/sessions/${encodeURIComponent(s.id)}`, {}),
    onSuccess: (_d, s) => {
      if (s.current) void endPortalSession('logout');
      else setDone('That session was signed out.');
    },
    onSettled: settle,
  });
  const others = useMutation({
    mutationFn: () => portalApi.del('/api/portal/sessions', {}),
    onSuccess: () => setDone('Every other session was signed out.'),
    onSettled: settle,
  });
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
  const qc = useQueryClient();
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
              submit={async (body) => {
                await portalApi.post('/api/portal/password', body);
                await qc.invalidateQueries({ queryKey: portalKeys.sessions });
              }}
            />
            <PortalSessionsSection />
          </>
        )}
      </QueryState>
    </div>
  );
}
