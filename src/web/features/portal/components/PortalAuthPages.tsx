// Getting into the portal (the sign-in itself and its code step: ./PortalSignIn.tsx): create an
// account, confirm the e-mail, accept a practice's invitation, and reset a forgotten
// password. Links carry their token in the fragment, which is read once and removed from the
// address bar. A reset signs no one in: the person signs in afresh (with their code, if they use one).
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';

import { isApiError } from '../../../api/client.js';
import { checkWith, ErrorSummary, Field, NewPasswordField, SubmitForm, useFormErrors, useSchemas, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { ForgotPasswordView, ResetPasswordView } from '../../auth/index.js';
import { keyedByHashToken } from '../../../lib/hash-token.js';
import { PORTAL_PASSWORD_HINT } from './passwordHint.js';
import { acceptPortalInvitation } from '../api/acceptInvitation.js';
import { useInvitationPreview } from '../api/invitationPreview.js';
import { completePortalReset, requestPortalReset } from '../api/passwordReset.js';
import { registerPortalAccount } from '../api/registerPortalAccount.js';
import { verifyPortalEmail } from '../api/verifyPortalEmail.js';
import { PortalMfaStep, useFinishPortalLogin } from './PortalSignIn.js';

/** The portal's request schemas, loaded once a page is drawn (a first screen downloads no zod: forms.tsx checkWith). */
const loadSchemas = () => import('../../../../shared/portal.js');

const m = defineMessages({
  email: { id: 'portal.auth.email', defaultMessage: 'Email' },
  password: { id: 'portal.auth.password', defaultMessage: 'Password' },
  passwordHint: { id: 'portal.auth.password-hint', defaultMessage: 'At least 15 characters (a few unrelated words work well). Avoid common passwords and your own name.' },
  incompleteConfirm: { id: 'portal.auth.verify.incomplete', defaultMessage: 'This confirmation link is incomplete. Open the link from the e-mail again.' },
  register: { id: 'portal.auth.register.title', defaultMessage: 'Create a portal account' },
  confirmEmail: { id: 'portal.auth.verify.title', defaultMessage: 'Confirm your e-mail' },
  goToSignIn: { id: 'portal.auth.go-to-sign-in', defaultMessage: 'Go to sign in' },
  createAccount: { id: 'portal.auth.create-account', defaultMessage: 'Create account' },
});
const bold = (chunks: React.ReactNode[]) => <strong>{chunks}</strong>;

export function PortalRegisterPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const intl = useIntl();
  const form = useFormErrors({ email: intl.formatMessage(m.email), password: intl.formatMessage(m.password) });
  const { busy, submit: send } = useSubmit(form);
  useSchemas(loadSchemas);
  const submit = () =>
    send(checkWith(loadSchemas, (s) => s.PortalRegisterRequest, { email, password }), async (body) => {
      await registerPortalAccount(body);
      setSentTo(body.email);
      setPassword('');
    });
  return (
    <div data-testid="portal-register-page" data-ready="true">
      <h1>
        <FormattedMessage {...m.register} />
      </h1>
      {sentTo ? (
        <div role="status" className="notice" data-testid="portal-register-sent">
          <p>
            <FormattedMessage
              id="portal.auth.register.sent"
              defaultMessage="Check your e-mail. If <b>{email}</b> can be used for a new account, we sent a link to confirm it. The link works once, for 24 hours."
              values={{ email: sentTo, b: bold }}
            />
          </p>
          <p>
            <Link to="/portal/login">
              <FormattedMessage {...m.goToSignIn} />
            </Link>
          </p>
        </div>
      ) : (
        <SubmitForm aria-label={intl.formatMessage(m.register)} onSubmit={() => void submit()}>
          <p>
            <FormattedMessage id="portal.auth.register.invited" defaultMessage="If your practice invited you, use the link in their e-mail instead: it connects your account to your practice." />
          </p>
          <ErrorSummary form={form} />
          <Field name="email" label={intl.formatMessage(m.email)} type="email" autoComplete="email" value={email} onChange={setEmail} form={form} isRequired />
          <NewPasswordField value={password} onChange={setPassword} form={form} label={intl.formatMessage(m.password)} description={intl.formatMessage(m.passwordHint)} />
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-register-submit">
            {busy ? <FormattedMessage id="portal.auth.register.busy" defaultMessage="Creating…" /> : <FormattedMessage {...m.createAccount} />}
          </Button>
          <p className="links">
            <FormattedMessage
              id="portal.auth.register.have-account"
              defaultMessage="Already have an account? <link>Sign in</link>"
              values={{ link: (chunks) => <Link to="/portal/login">{chunks}</Link> }}
            />
          </p>
        </SubmitForm>
      )}
    </div>
  );
}

/** Keyed by the link's token: another link opened here starts afresh, with no old error. */
export const PortalVerifyPage = keyedByHashToken(PortalVerify);

function PortalVerify({ token }: { token: string | null }) {
  const intl = useIntl();
  const form = useFormErrors({ token: intl.formatMessage({ id: 'portal.auth.verify.link', defaultMessage: 'Confirmation link' }) });
  const { busy, submit: send } = useSubmit(form);
  const finish = useFinishPortalLogin();
  const [mfa, setMfa] = useState(false);
  useSchemas(loadSchemas);
  const submit = async () => {
    const check = checkWith(loadSchemas, (s) => s.PortalVerifyRequest, { token: token ?? '' });
    // A token the schema refuses is a link cut short: said as such, not on a field. (A schema that
    // could not load is said by send, like a failed request.)
    if (await check.then((p) => !p.success, () => false)) return form.setSummary(intl.formatMessage(m.incompleteConfirm));
    await send(check, async (body) =>
      finish(await verifyPortalEmail(body), () => setMfa(true)),
    );
  };
  return (
    <div data-testid="portal-verify-page" data-ready="true">
      <h1>
        <FormattedMessage {...m.confirmEmail} />
      </h1>
      {!token ? (
        <p role="alert">
          <FormattedMessage {...m.incompleteConfirm} />
        </p>
      ) : mfa ? (
        <PortalMfaStep onCancel={() => setMfa(false)} />
      ) : (
        <SubmitForm aria-label={intl.formatMessage(m.confirmEmail)} onSubmit={() => void submit()}>
          <ErrorSummary form={form} />
          <p>
            <FormattedMessage id="portal.auth.verify.body" defaultMessage="Confirm this e-mail address to finish creating your portal account. You will be signed in." />
          </p>
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-verify-submit">
            {busy ? <FormattedMessage id="portal.auth.verify.busy" defaultMessage="Confirming…" /> : <FormattedMessage id="portal.auth.verify.submit" defaultMessage="Confirm e-mail" />}
          </Button>
          <p className="links">
            <Link to="/portal/login">
              <FormattedMessage {...m.goToSignIn} />
            </Link>
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
  const intl = useIntl();
  const invalid = preview.isError && isApiError(preview.error) && preview.error.status >= 400 && preview.error.status < 500 && preview.error.status !== 429;
  return (
    <div data-testid="portal-accept-page" data-ready={!token || invalid || preview.isSuccess ? 'true' : 'false'}>
      <h1>
        <FormattedMessage id="portal.auth.accept.title" defaultMessage="Join your practice's client portal" />
      </h1>
      {!token ? (
        <p role="alert">
          <FormattedMessage id="portal.auth.accept.incomplete" defaultMessage="This invitation link is incomplete. Open the link from the e-mail again." />
        </p>
      ) : invalid ? (
        <>
          <p role="alert" data-testid="portal-invite-invalid">
            <FormattedMessage
              id="portal.auth.accept.invalid"
              defaultMessage="This invitation can't be used ({reason}). Ask your practice to send a new one."
              values={{ reason: isApiError(preview.error) ? preview.error.message : intl.formatMessage({ id: 'portal.auth.accept.invalid-reason', defaultMessage: 'invalid' }) }}
            />
          </p>
          <p>
            <Link to="/portal/login">
              <FormattedMessage {...m.goToSignIn} />
            </Link>
          </p>
        </>
      ) : (
        <QueryState query={preview} what={intl.formatMessage({ id: 'portal.auth.accept.what', defaultMessage: 'the invitation' })} testId="portal-invite-preview">
          {(p) => <AcceptForm token={token} email={p.email} accountExists={p.accountExists} />}
        </QueryState>
      )}
    </div>
  );
}

function AcceptForm({ token, email, accountExists }: { token: string; email: string; accountExists: boolean }) {
  const [password, setPassword] = useState('');
  const [mfa, setMfa] = useState(false);
  const intl = useIntl();
  const form = useFormErrors({ password: intl.formatMessage(m.password), token: intl.formatMessage({ id: 'portal.auth.accept.link', defaultMessage: 'Invitation link' }) });
  const { busy, submit: send } = useSubmit(form);
  const finish = useFinishPortalLogin();
  useSchemas(loadSchemas);
  const submit = () =>
    send(checkWith(loadSchemas, (s) => s.PortalAcceptRequest, { token, password }), async (body) =>
      finish(await acceptPortalInvitation(body), () => setMfa(true)),
    );
  if (mfa) return <PortalMfaStep onCancel={() => setMfa(false)} />;
  return (
    <>
      <p data-testid="portal-invite-summary">
        {accountExists ? (
          <FormattedMessage
            id="portal.auth.accept.existing"
            defaultMessage="<b>{email}</b> already has a portal account. Enter its password to add this practice to it."
            values={{ email, b: bold }}
          />
        ) : (
          <FormattedMessage
            id="portal.auth.accept.new"
            defaultMessage="Choose a password for <b>{email}</b> to use the secure portal: message your practice and share documents."
            values={{ email, b: bold }}
          />
        )}
      </p>
      <SubmitForm aria-label={intl.formatMessage({ id: 'portal.auth.accept.form', defaultMessage: 'Accept invitation' })} data-testid="portal-accept-form" data-account-exists={String(accountExists)} onSubmit={() => void submit()}>
        <ErrorSummary form={form} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <Field
          name="password"
          label={accountExists ? intl.formatMessage({ id: 'portal.auth.accept.your-password', defaultMessage: 'Your portal password' }) : intl.formatMessage({ id: 'portal.auth.accept.choose-password', defaultMessage: 'Choose a password' })}
          type="password"
          value={password}
          onChange={setPassword}
          form={form}
          autoComplete={accountExists ? 'current-password' : 'new-password'}
          description={accountExists ? undefined : intl.formatMessage(m.passwordHint)}
          isRequired
        />
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-accept-submit">
          {busy ? (
            <FormattedMessage id="portal.auth.accept.busy" defaultMessage="Joining…" />
          ) : accountExists ? (
            <FormattedMessage id="portal.auth.accept.add-practice" defaultMessage="Add this practice" />
          ) : (
            <FormattedMessage {...m.createAccount} />
          )}
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
