import { startAuthentication } from '@simplewebauthn/browser';
import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Link, useLocation, useNavigate } from 'react-router';
import { LoginRequest, LoginResponse, MfaRequest } from '../../../shared/api.js';
import { api, session } from '../../api/client.js';
import { ErrorSummary, Field, useFormErrors } from '../../components/forms.js';
import { beginSession } from '../../session/session.js';

type Methods = ('totp' | 'webauthn' | 'recovery')[];

export function useFinishLogin() {
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  return (res: { csrfToken: string; mfaEnrollmentRequired: boolean }) => {
    beginSession(res.csrfToken, res.mfaEnrollmentRequired);
    void navigate(res.mfaEnrollmentRequired ? '/account/security' : from && from !== '/login' ? from : '/clients', {
      replace: true,
    });
  };
}

export function LoginPage() {
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [methods, setMethods] = useState<Methods | null>(null);
  return (
    <div data-testid="login-page" data-ready="true">
      <h1>Sign in to Hearth</h1>
      {notice ? (
        <p role="status" className="notice" data-testid="login-notice">
          {notice}
        </p>
      ) : null}
      {methods ? <MfaStep methods={methods} onCancel={() => setMethods(null)} /> : <PasswordStep onMfa={setMethods} />}
    </div>
  );
}

function PasswordStep({ onMfa }: { onMfa: (m: Methods) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ email: 'Email', password: 'Password' });
  const finish = useFinishLogin();

  const submit = async () => {
    const parsed = LoginRequest.safeParse({ email, password });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setBusy(true);
    try {
      const res = await api.post('/api/auth/login', parsed.data, LoginResponse, { expectAuthFailure: true });
      if (res.mfaRequired) {
        session.setCsrf(res.csrfToken);
        onMfa(res.methods);
      } else finish(res);
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      aria-label="Sign in"
    >
      <ErrorSummary form={form} />
      <Field name="email" label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} form={form} isRequired />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        form={form}
        isRequired
      />
      <Button type="submit" className="btn primary" isDisabled={busy} data-testid="login-submit">
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
      <p className="links">
        <Link to="/forgot-password">Forgot your password?</Link> · <Link to="/signup">Sign up a practice</Link>
      </p>
    </Form>
  );
}

function MfaStep({ methods, onCancel }: { methods: Methods; onCancel: () => void }) {
  const [mode, setMode] = useState<'totp' | 'recovery'>(methods.includes('totp') ? 'totp' : 'recovery');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ code: mode === 'totp' ? 'Authentication code' : 'Recovery code' });
  const finish = useFinishLogin();

  const submit = async () => {
    const value = code.trim();
    const parsed = MfaRequest.safeParse({ code: mode === 'totp' ? value.replace(/\s+/g, '') : value });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setBusy(true);
    try {
      const res = await api.post('/api/auth/mfa', parsed.data, LoginResponse, { expectAuthFailure: true });
      if (!res.mfaRequired) finish(res);
    } catch (e) {
      form.fromApi(e);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const securityKey = async () => {
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
    <section aria-labelledby="mfa-heading" data-testid="mfa-step">
      <h2 id="mfa-heading">Confirm it's you</h2>
      <Form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        aria-labelledby="mfa-heading"
      >
        <ErrorSummary form={form} />
        <Field
          key={mode}
          name="code"
          label={mode === 'totp' ? 'Authentication code' : 'Recovery code'}
          description={
            mode === 'totp' ? 'The 6-digit code from your authenticator app.' : 'One of the recovery codes you saved.'
          }
          inputMode={mode === 'totp' ? 'numeric' : 'text'}
          autoComplete="one-time-code"
          value={code}
          onChange={setCode}
          form={form}
          testId="mfa-code"
          autoFocus
          isRequired
        />
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="mfa-submit">
          Verify
        </Button>
      </Form>
      <div className="actions">
        {methods.includes('recovery') && methods.includes('totp') ? (
          <Button
            className="btn link"
            onPress={() => {
              setMode(mode === 'totp' ? 'recovery' : 'totp');
              setCode('');
              form.clear();
            }}
          >
            {mode === 'totp' ? 'Use a recovery code instead' : 'Use an authenticator code instead'}
          </Button>
        ) : null}
        {methods.includes('webauthn') ? (
          <Button className="btn" onPress={() => void securityKey()} isDisabled={busy} data-testid="mfa-security-key">
            Use a security key
          </Button>
        ) : null}
        <Button className="btn link" onPress={onCancel}>
          Start over
        </Button>
      </div>
    </section>
  );
}
