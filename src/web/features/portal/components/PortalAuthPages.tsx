// Getting into the portal: sign in (with the authenticator code step when the account has one),
// create an account, confirm the e-mail, accept a practice's invitation, and reset a forgotten
// password. Links carry their token in the fragment, which is read once and removed from the
// address bar. A reset signs no one in: the person signs in afresh (with their code, if they use one).
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useLocation, useNavigate } from 'react-router';
import { PortalAcceptRequest, PortalRegisterRequest, PortalVerifyRequest } from '../../../../shared/portal.js';
import { isApiError } from '../../../api/client.js';
import { ErrorSummary, Field, NewPasswordField, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { CodeStep, PasswordSignIn, SignInPage } from '../../../components/sign-in.js';
import { ForgotPasswordView, ResetPasswordView } from '../../auth/index.js';
import { keyedByHashToken } from '../../../lib/hash-token.js';
import { portalSession } from '../../../api/client.js';
import { PORTAL_PASSWORD_HINT } from './PortalSecurity.js';
import { beginPortalSession } from '../../../session/portal.js';
import { acceptPortalInvitation } from '../api/acceptInvitation.js';
import { useInvitationPreview } from '../api/invitationPreview.js';
import { completePortalReset, requestPortalReset } from '../api/passwordReset.js';
import { registerPortalAccount } from '../api/registerPortalAccount.js';
import { type PortalLoginResponse, signInToPortal, verifyPortalCode } from '../api/signIn.js';
import { verifyPortalEmail } from '../api/verifyPortalEmail.js';

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
  const [mfa, setMfa] = useState(false);
  return (
    <SignInPage title="Sign in to your client portal" prefix="portal-">
      {mfa ? <PortalMfaStep onCancel={() => setMfa(false)} /> : <PasswordStep onMfa={() => setMfa(true)} />}
    </SignInPage>
  );
}

function PasswordStep({ onMfa }: { onMfa: () => void }) {
  const finish = useFinishPortalLogin();
  const signIn = async (body: { email: string; password: string }) =>
    finish(await signInToPortal(body), onMfa);
  return (
    <PasswordSignIn signIn={signIn} submitTestId="portal-login-submit">
      <p className="links">
        <Link to="/portal/forgot" data-testid="portal-forgot-link">
          Forgot password?
        </Link>
      </p>
      <p className="links">
        New here? <Link to="/portal/register">Create a portal account</Link>
      </p>
    </PasswordSignIn>
  );
}

/** The second step, for an account with an authenticator app (a pending session cookie is set). */
export function PortalMfaStep({ onCancel }: { onCancel: () => void }) {
  const finish = useFinishPortalLogin();
  const verify = async (body: { code: string }) =>
    finish(await verifyPortalCode(body), () => undefined);
  return (
    <CodeStep
      prefix="portal-mfa"
      label="Authentication code"
      description="The 6-digit code from your authenticator app, or one of your recovery codes."
      inputMode="numeric"
      normalize={(typed) => typed.replace(/\s+/g, '')}
      verify={verify}
      actions={() => (
        <Button className="btn link" onPress={onCancel}>
          Start over
        </Button>
      )}
    />
  );
}

export function PortalRegisterPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormErrors({ email: 'Email', password: 'Password' });
  const { busy, submit: send } = useSubmit(form);
  const submit = () =>
    send(PortalRegisterRequest.safeParse({ email, password }), async (body) => {
      await registerPortalAccount(body);
      setSentTo(body.email);
      setPassword('');
    });
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
        <SubmitForm aria-label="Create a portal account" onSubmit={() => void submit()}>
          <p>If your practice invited you, use the link in their e-mail instead: it connects your account to your practice.</p>
          <ErrorSummary form={form} />
          <Field name="email" label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} form={form} isRequired />
          <NewPasswordField value={password} onChange={setPassword} form={form} description={PASSWORD_HINT} />
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-register-submit">
            {busy ? 'Creating…' : 'Create account'}
          </Button>
          <p className="links">
            Already have an account? <Link to="/portal/login">Sign in</Link>
          </p>
        </SubmitForm>
      )}
    </div>
  );
}

/** Keyed by the link's token: another link opened here starts afresh, with no old error. */
export const PortalVerifyPage = keyedByHashToken(PortalVerify);

function PortalVerify({ token }: { token: string | null }) {
  const form = useFormErrors({ token: 'Confirmation link' });
  const { busy, submit: send } = useSubmit(form);
  const finish = useFinishPortalLogin();
  const [mfa, setMfa] = useState(false);
  const submit = async () => {
    const parsed = PortalVerifyRequest.safeParse({ token: token ?? '' });
    if (!parsed.success) return form.setSummary('This confirmation link is incomplete. Open the link from the e-mail again.');
    await send(parsed, async (body) =>
      finish(await verifyPortalEmail(body), () => setMfa(true)),
    );
  };
  return (
    <div data-testid="portal-verify-page" data-ready="true">
      <h1>Confirm your e-mail</h1>
      {!token ? (
        <p role="alert">This confirmation link is incomplete. Open the link from the e-mail again.</p>
      ) : mfa ? (
        <PortalMfaStep onCancel={() => setMfa(false)} />
      ) : (
        <SubmitForm aria-label="Confirm your e-mail" onSubmit={() => void submit()}>
          <ErrorSummary form={form} />
          <p>Confirm this e-mail address to finish creating your portal account. You will be signed in.</p>
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-verify-submit">
            {busy ? 'Confirming…' : 'Confirm e-mail'}
          </Button>
          <p className="links">
            <Link to="/portal/login">Go to sign in</Link>
          </p>
        </SubmitForm>
      )}
    </div>
  );
}

/** Keyed by the link's token: another invitation link opened here starts afresh, with no old error. */
export const PortalAcceptPage = keyedByHashToken(PortalAccept);

function PortalAccept({ token }: { token: string | null }) {
  const preview = useInvitationPreview(token);
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
  const [mfa, setMfa] = useState(false);
  const form = useFormErrors({ password: 'Password', token: 'Invitation link' });
  const { busy, submit: send } = useSubmit(form);
  const finish = useFinishPortalLogin();
  const submit = () =>
    send(PortalAcceptRequest.safeParse({ token, password }), async (body) =>
      finish(await acceptPortalInvitation(body), () => setMfa(true)),
    );
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
      <SubmitForm aria-label="Accept invitation" data-testid="portal-accept-form" data-account-exists={String(accountExists)} onSubmit={() => void submit()}>
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
      </SubmitForm>
    </>
  );
}

const PORTAL_RESET = { prefix: 'portal-', signInPath: '/portal/login', forgotPath: '/portal/forgot', hint: PORTAL_PASSWORD_HINT };

export const PortalForgotPage = () => (
  <ForgotPasswordView flow={PORTAL_RESET} request={requestPortalReset} />
);

export const PortalResetPage = () => (
  <ResetPasswordView flow={PORTAL_RESET} complete={completePortalReset} />
);
