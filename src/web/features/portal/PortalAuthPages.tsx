// Getting into the portal: sign in (with the authenticator code step when the account has one),
// create an account, confirm the e-mail, accept a practice's invitation, and reset a forgotten
// password. Links carry their token in the fragment, which is read once and removed from the
// address bar. A reset signs no one in: the person signs in afresh (with their code, if they use one).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { Button, Form } from 'react-aria-components';
import { Link, useLocation, useNavigate } from 'react-router';
import { LoginRequest, MfaRequest } from '../../../shared/api.js';
import { PortalAcceptRequest, PortalInvitationPreview, PortalRegisterRequest, PortalVerifyRequest } from '../../../shared/portal.js';
import { isApiError } from '../../api/client.js';
import { ErrorSummary, Field, useFormErrors } from '../../components/forms.js';
import { QueryState } from '../../components/QueryState.js';
import { ForgotPasswordView, ResetPasswordView, useHashToken } from '../auth/PasswordReset.js';
import { portalApi, portalSession } from './client.js';
import { PORTAL_PASSWORD_HINT } from './PortalSecurity.js';
import { beginPortalSession } from './session.js';

const PortalLoginResponse = z.object({ mfaRequired: z.boolean(), csrfToken: z.string() });
type PortalLoginResponse = z.infer<typeof PortalLoginResponse>;

const PASSWORD_HINT = 'At least 15 characters (a few unrelated words work well). Avoid common passwords and your own name.';

/** After an answer of {mfaRequired, csrfToken}: into the portal, or on to the code step. */
function useFinishPortalLogin() {
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  return (res: PortalLoginResponse, onMfa: () => void) => {
    if (res.mfaRequired) {
      portalSession.setCsrf(res.csrfToken);
      onMfa();
      return;
    }
    beginPortalSession(res.csrfToken);
    void navigate(from && from.startsWith('/portal') && from !== '/portal/login' ? from : '/portal', { replace: true });
  };
}

export function PortalLoginPage() {
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [mfa, setMfa] = useState(false);
  return (
    <div data-testid="portal-login-page" data-ready="true">
      <h1>Sign in to your client portal</h1>
      {notice ? (
        <p role="status" className="notice" data-testid="portal-login-notice">
          {notice}
        </p>
      ) : null}
      {mfa ? <PortalMfaStep onCancel={() => setMfa(false)} /> : <PasswordStep onMfa={() => setMfa(true)} />}
    </div>
  );
}

function PasswordStep({ onMfa }: { onMfa: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ email: 'Email', password: 'Password' });
  const finish = useFinishPortalLogin();
  const submit = async () => {
    const parsed = LoginRequest.safeParse({ email, password });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setBusy(true);
    try {
      finish(await portalApi.post('/api/portal/login', parsed.data, PortalLoginResponse, { expectAuthFailure: true }), onMfa);
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      className="form"
      aria-label="Sign in"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ErrorSummary form={form} />
      <Field name="email" label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} form={form} isRequired />
      <Field name="password" label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} form={form} isRequired />
      <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-login-submit">
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
      <p className="links">
        <Link to="/portal/forgot" data-testid="portal-forgot-link">
          Forgot password?
        </Link>
      </p>
      <p className="links">
        New here? <Link to="/portal/register">Create a portal account</Link>
      </p>
    </Form>
  );
}

/** The second step, for an account with an authenticator app (a pending session cookie is set). */
export function PortalMfaStep({ onCancel }: { onCancel: () => void }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ code: 'Authentication code' });
  const finish = useFinishPortalLogin();
  const submit = async () => {
    const parsed = MfaRequest.safeParse({ code: code.replace(/\s+/g, '') });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setBusy(true);
    try {
      const res = await portalApi.post('/api/portal/mfa', parsed.data, PortalLoginResponse, { expectAuthFailure: true });
      finish(res, () => undefined);
    } catch (e) {
      form.fromApi(e);
      setCode('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="portal-mfa-heading" data-testid="portal-mfa-step">
      <h2 id="portal-mfa-heading">Confirm it's you</h2>
      <Form
        className="form"
        aria-labelledby="portal-mfa-heading"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <ErrorSummary form={form} />
        <Field
          name="code"
          label="Authentication code"
          description="The 6-digit code from your authenticator app, or one of your recovery codes."
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={setCode}
          form={form}
          testId="portal-mfa-code"
          autoFocus
          isRequired
        />
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-mfa-submit">
          Verify
        </Button>
      </Form>
      <Button className="btn link" onPress={onCancel}>
        Start over
      </Button>
    </section>
  );
}

export function PortalRegisterPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormErrors({ email: 'Email', password: 'Password' });
  const submit = async () => {
    const parsed = PortalRegisterRequest.safeParse({ email, password });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setBusy(true);
    try {
      await portalApi.post('/api/portal/register', parsed.data, undefined, { expectAuthFailure: true });
      setSentTo(parsed.data.email);
      setPassword('');
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="portal-register-page" data-ready="true">
      <h1>Create a portal account</h1>
      {sentTo ? (
        <div role="status" className="notice" data-testid="portal-register-sent">
          <p>
            Check your e-mail. If <strong>{sentTo}</strong> can be used for a new account, we sent a link to confirm it. The link works once, for 24 hours.
          </p>
          <p>
            <Link to="/portal/login">Go to sign in</Link>
          </p>
        </div>
      ) : (
        <Form
          className="form"
          aria-label="Create a portal account"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p>If your practice invited you, use the link in their e-mail instead: it connects your account to your practice.</p>
          <ErrorSummary form={form} />
          <Field name="email" label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} form={form} isRequired />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
            form={form}
            description={PASSWORD_HINT}
            isRequired
          />
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-register-submit">
            {busy ? 'Creating…' : 'Create account'}
          </Button>
          <p className="links">
            Already have an account? <Link to="/portal/login">Sign in</Link>
          </p>
        </Form>
      )}
    </div>
  );
}

export function PortalVerifyPage() {
  const token = useHashToken();
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ token: 'Confirmation link' });
  const finish = useFinishPortalLogin();
  const [mfa, setMfa] = useState(false);
  const submit = async () => {
    const parsed = PortalVerifyRequest.safeParse({ token: token ?? '' });
    if (!parsed.success) return form.setSummary('This confirmation link is incomplete. Open the link from the e-mail again.');
    form.clear();
    setBusy(true);
    try {
      finish(await portalApi.post('/api/portal/verify', parsed.data, PortalLoginResponse, { expectAuthFailure: true }), () => setMfa(true));
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="portal-verify-page" data-ready="true">
      <h1>Confirm your e-mail</h1>
      {!token ? (
        <p role="alert">This confirmation link is incomplete. Open the link from the e-mail again.</p>
      ) : mfa ? (
        <PortalMfaStep onCancel={() => setMfa(false)} />
      ) : (
        <Form
          className="form"
          aria-label="Confirm your e-mail"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <ErrorSummary form={form} />
          <p>Confirm this e-mail address to finish creating your portal account. You will be signed in.</p>
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-verify-submit">
            {busy ? 'Confirming…' : 'Confirm e-mail'}
          </Button>
          <p className="links">
            <Link to="/portal/login">Go to sign in</Link>
          </p>
        </Form>
      )}
    </div>
  );
}

export function PortalAcceptPage() {
  const token = useHashToken();
  const preview = useQuery({
    queryKey: ['portal', 'invitation', token],
    queryFn: () => portalApi.post('/api/portal/invitations/inspect', { token }, PortalInvitationPreview, { expectAuthFailure: true }),
    enabled: !!token,
    staleTime: Infinity,
  });
  const invalid = preview.isError && isApiError(preview.error) && preview.error.status >= 400 && preview.error.status < 500 && preview.error.status !== 429;
  return (
    <div data-testid="portal-accept-page" data-ready={!token || invalid || preview.isSuccess ? 'true' : 'false'}>
      <h1>Join your practice's client portal</h1>
      {!token ? (
        <p role="alert">This invitation link is incomplete. Open the link from the e-mail again.</p>
      ) : invalid ? (
        <>
          <p role="alert" data-testid="portal-invite-invalid">
            This invitation can't be used ({isApiError(preview.error) ? preview.error.message : 'invalid'}). Ask your practice to send a new one.
          </p>
          <p>
            <Link to="/portal/login">Go to sign in</Link>
          </p>
        </>
      ) : (
        <QueryState query={preview} what="the invitation" testId="portal-invite-preview">
          {(p) => <AcceptForm token={token} email={p.email} accountExists={p.accountExists} />}
        </QueryState>
      )}
    </div>
  );
}

function AcceptForm({ token, email, accountExists }: { token: string; email: string; accountExists: boolean }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [mfa, setMfa] = useState(false);
  const form = useFormErrors({ password: 'Password', token: 'Invitation link' });
  const finish = useFinishPortalLogin();
  const submit = async () => {
    const parsed = PortalAcceptRequest.safeParse({ token, password });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setBusy(true);
    try {
      finish(await portalApi.post('/api/portal/invitations/accept', parsed.data, PortalLoginResponse, { expectAuthFailure: true }), () => setMfa(true));
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };
  if (mfa) return <PortalMfaStep onCancel={() => setMfa(false)} />;
  return (
    <>
      <p data-testid="portal-invite-summary">
        {accountExists ? (
          <>
            <strong>{email}</strong> already has a portal account. Enter its password to add this practice to it.
          </>
        ) : (
          <>
            Choose a password for <strong>{email}</strong> to use the secure portal: message your practice and share documents.
          </>
        )}
      </p>
      <Form
        className="form"
        aria-label="Accept invitation"
        data-testid="portal-accept-form"
        data-account-exists={String(accountExists)}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <ErrorSummary form={form} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <Field
          name="password"
          label={accountExists ? 'Your portal password' : 'Choose a password'}
          type="password"
          value={password}
          onChange={setPassword}
          form={form}
          autoComplete={accountExists ? 'current-password' : 'new-password'}
          description={accountExists ? undefined : PASSWORD_HINT}
          isRequired
        />
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-accept-submit">
          {busy ? 'Joining…' : accountExists ? 'Add this practice' : 'Create account'}
        </Button>
      </Form>
    </>
  );
}

const PORTAL_RESET = { prefix: 'portal-', signInPath: '/portal/login', forgotPath: '/portal/forgot', hint: PORTAL_PASSWORD_HINT };

export const PortalForgotPage = () => (
  <ForgotPasswordView flow={PORTAL_RESET} request={(body) => portalApi.post('/api/portal/password-reset', body, undefined, { expectAuthFailure: true })} />
);

export const PortalResetPage = () => (
  <ResetPasswordView flow={PORTAL_RESET} complete={(body) => portalApi.post('/api/portal/password-reset/complete', body, undefined, { expectAuthFailure: true })} />
);
