import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useLocation, useNavigate } from 'react-router';
import { isApiError, session } from '../../../api/client.js';
import { CodeStep, type CodeStepContext, PasswordSignIn, SignInPage } from '../../../components/sign-in.js';
import { beginSession } from '../../../session/staff.js';
import { passwordSignIn, verifyCode, verifySecurityKey } from '../api/signIn.js';
import './auth.css';

type Methods = ('totp' | 'webauthn' | 'recovery')[];

export function useFinishLogin() {
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  return (res: { csrfToken: string; mfaEnrollmentRequired: boolean }) => {
    beginSession(res.csrfToken, res.mfaEnrollmentRequired);
    void navigate(res.mfaEnrollmentRequired ? '/account/security' : from && from !== '/login' ? from : '/today', {
      replace: true,
    });
  };
}

/**
 * The sign-in page, also what a signed-out visitor of `/` lands on: the staff form, and beside it
 * the way to the client portal's own sign-in (clients have separate accounts).
 */
export function LoginPage() {
  const [methods, setMethods] = useState<Methods | null>(null);
  return (
    <SignInPage title="Sign in to Hearth" prefix="">
      <div className="signin-choice">
        <section className="signin-staff" aria-labelledby="signin-staff-h">
          <h2 id="signin-staff-h">Practice staff</h2>
          {methods ? <MfaStep methods={methods} onCancel={() => setMethods(null)} /> : <PasswordStep onMfa={setMethods} />}
        </section>
        {methods ? null : <ClientPath />}
      </div>
    </SignInPage>
  );
}

function ClientPath() {
  return (
    <section className="card signin-client" aria-labelledby="signin-client-h" data-testid="client-signin-path">
      <h2 id="signin-client-h">Client? Sign in to your portal</h2>
      <p>See your appointments, join video visits, message your provider and share documents.</p>
      <Link className="btn" to="/portal/login" reloadDocument data-testid="client-signin-link">
        Client sign-in
      </Link>
    </section>
  );
}

function PasswordStep({ onMfa }: { onMfa: (m: Methods) => void }) {
  const finish = useFinishLogin();
  const [portalAccount, setPortalAccount] = useState(false);
  const signIn = async (body: { email: string; password: string }) => {
    setPortalAccount(false);
    try {
      const res = await passwordSignIn(body);
      if (res.mfaRequired) {
        session.setCsrf(res.csrfToken);
        onMfa(res.methods);
      } else finish(res);
    } catch (e) {
      // The server says so only after the password matched the client's portal account.
      if (isApiError(e) && e.code === 'use_portal') setPortalAccount(true);
      throw e;
    }
  };
  return (
    <PasswordSignIn signIn={signIn} submitTestId="login-submit">
      {portalAccount ? (
        <p className="notice" data-testid="use-portal-notice">
          This is the sign-in for practice staff. <Link to="/portal/login" reloadDocument>Go to the client portal sign-in</Link>
        </p>
      ) : null}
      <p className="links">
        <Link to="/forgot-password">Forgot your password?</Link> · <Link to="/signup">Sign up a practice</Link>
      </p>
    </PasswordSignIn>
  );
}

function MfaStep({ methods, onCancel }: { methods: Methods; onCancel: () => void }) {
  const [mode, setMode] = useState<'totp' | 'recovery'>(methods.includes('totp') ? 'totp' : 'recovery');
  const finish = useFinishLogin();

  const verify = async (body: { code: string }) => {
    const res = await verifyCode(body);
    if (!res.mfaRequired) finish(res);
  };

  const securityKey = async ({ form, setBusy }: CodeStepContext) => {
    form.clear();
    setBusy(true);
    try {
      const res = await verifySecurityKey();
      if (!res.mfaRequired) finish(res);
    } catch (e) {
      if (e instanceof Error && e.name === 'NotAllowedError') form.setSummary('The security key request was cancelled or timed out.');
      else form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <CodeStep
      prefix="mfa"
      label={mode === 'totp' ? 'Authentication code' : 'Recovery code'}
      description={mode === 'totp' ? 'The 6-digit code from your authenticator app.' : 'One of the recovery codes you saved.'}
      inputMode={mode === 'totp' ? 'numeric' : 'text'}
      normalize={(typed) => (mode === 'totp' ? typed.trim().replace(/\s+/g, '') : typed.trim())}
      verify={verify}
      actions={(ctx) => (
        <div className="actions">
          {methods.includes('recovery') && methods.includes('totp') ? (
            <Button
              className="btn link"
              onPress={() => {
                setMode(mode === 'totp' ? 'recovery' : 'totp');
                ctx.reset();
              }}
            >
              {mode === 'totp' ? 'Use a recovery code instead' : 'Use an authenticator code instead'}
            </Button>
          ) : null}
          {methods.includes('webauthn') ? (
            <Button className="btn" onPress={() => void securityKey(ctx)} isDisabled={ctx.busy} data-testid="mfa-security-key">
              Use a security key
            </Button>
          ) : null}
          <Button className="btn link" onPress={onCancel}>
            Start over
          </Button>
        </div>
      )}
    />
  );
}
