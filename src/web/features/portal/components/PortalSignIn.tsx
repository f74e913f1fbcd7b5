// The portal's sign-in (a client's first screen, /portal/login) and its code step: apart from the
// other account pages (./PortalAuthPages.tsx), so the screen downloads no React Aria (it draws the
// browser's own form elements: components/sign-in.tsx, native-form.tsx; issue 19's light client
// path, scripts/bundle-budget.ts).
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useLocation, useNavigate } from 'react-router';
import { portalSession } from '../../../api/client.js';
import { CodeStep, PasswordSignIn, SignInPage } from '../../../components/sign-in.js';
import { beginPortalSession } from '../../../session/portal.js';
import { type PortalLoginResponse, signInToPortal, verifyPortalCode } from '../api/signIn.js';

/** After an answer of {mfaRequired, csrfToken}: into the portal, or on to the code step. */
export function useFinishPortalLogin() {
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
    <SignInPage title={<FormattedMessage id="portal.auth.login.title" defaultMessage="Sign in to your client portal" />} prefix="portal-">
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
          <FormattedMessage id="portal.auth.login.forgot" defaultMessage="Forgot password?" />
        </Link>
      </p>
      <p className="links">
        <FormattedMessage
          id="portal.auth.login.new-here"
          defaultMessage="New here? <link>Create a portal account</link>"
          values={{ link: (chunks) => <Link to="/portal/register">{chunks}</Link> }}
        />
      </p>
    </PasswordSignIn>
  );
}

/** The second step, for an account with an authenticator app (a pending session cookie is set). */
export function PortalMfaStep({ onCancel }: { onCancel: () => void }) {
  const finish = useFinishPortalLogin();
  const intl = useIntl();
  const verify = async (body: { code: string }) =>
    finish(await verifyPortalCode(body), () => undefined);
  return (
    <CodeStep
      prefix="portal-mfa"
      label={intl.formatMessage({ id: 'portal.auth.mfa.label', defaultMessage: 'Authentication code' })}
      description={intl.formatMessage({ id: 'portal.auth.mfa.description', defaultMessage: 'The 6-digit code from your authenticator app, or one of your recovery codes.' })}
      inputMode="numeric"
      normalize={(typed) => typed.replace(/\s+/g, '')}
      verify={verify}
      actions={() => (
        <button type="button" className="btn link" onClick={onCancel}>
          <FormattedMessage id="portal.auth.mfa.start-over" defaultMessage="Start over" />
        </button>
      )}
    />
  );
}
