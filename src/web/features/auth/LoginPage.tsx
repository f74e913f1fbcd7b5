import { startAuthentication } from '@simplewebauthn/browser';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useLocation, useNavigate } from 'react-router';
import { LoginResponse } from '../../../shared/api.js';
import { api, session } from '../../api/client.js';
import { CodeStep, type CodeStepContext, PasswordSignIn, SignInPage } from '../../components/sign-in.js';
import { beginSession } from '../../session/session.js';

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

export function LoginPage() {
  const [methods, setMethods] = useState<Methods | null>(null);
  return (
    <SignInPage title="Sign in to Hearth" prefix="">
      {methods ? <MfaStep methods={methods} onCancel={() => setMethods(null)} /> : <PasswordStep onMfa={setMethods} />}
    </SignInPage>
  );
}

function PasswordStep({ onMfa }: { onMfa: (m: Methods) => void }) {
  const finish = useFinishLogin();
  const signIn = async (body: { email: string; password: string }) => {
    const res = await api.post('/api/auth/login', body, LoginResponse, { expectAuthFailure: true });
    if (res.mfaRequired) {
      session.setCsrf(res.csrfToken);
      onMfa(res.methods);
    } else finish(res);
  };
  return (
    <PasswordSignIn signIn={signIn} submitTestId="login-submit">
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
    const res = await api.post('/api/auth/mfa', body, LoginResponse, { expectAuthFailure: true });
    if (!res.mfaRequired) finish(res);
  };

  const securityKey = async ({ form, setBusy }: CodeStepContext) => {
    form.clear();
    setBusy(true);
    try {
      const optionsJSON = await api.post<Parameters<typeof startAuthentication>[0]['optionsJSON']>(
        '/api/auth/mfa/webauthn/options',
        {},
        undefined,
        { expectAuthFailure: true },
      );
      const response = await startAuthentication({ optionsJSON });
      const res = await api.post('/api/auth/mfa/webauthn', { response }, LoginResponse, { expectAuthFailure: true });
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
