import { useState } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, type MessageDescriptor, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { completeReset, requestReset } from '../api/passwordReset.js';
import { checkWith, ErrorSummary, Field, NewPasswordField, SubmitForm, useFormErrors, useSchemas, useSubmit } from '../../../components/forms.js';

/** The reset schemas, loaded once a page is drawn (the portal's sign-in pages download no zod: forms.tsx checkWith). */
const loadSchemas = () => import('../../../../shared/api.js');
import { keyedByHashToken } from '../../../lib/hash-token.js';

/** What differs between the staff and the portal reset pages: the requests, the paths, the test ids. */
interface ResetFlow {
  /** Prefix of the test ids ('' for staff, 'portal-' for the portal). */
  prefix: string;
  signInPath: string;
  forgotPath: string;
  /** Under the new-password field: the rules in a sentence (a message, formatted in the page's language). */
  hint?: MessageDescriptor;
}

export function ForgotPasswordView({ flow, request }: { flow: ResetFlow; request: (body: { email: string }) => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const intl = useIntl();
  const emailLabel = intl.formatMessage({ id: 'auth.reset.email', defaultMessage: 'Email' });
  const form = useFormErrors({ email: emailLabel });
  const { busy, submit: send } = useSubmit(form);
  useSchemas(loadSchemas);
  const submit = () =>
    send(checkWith(loadSchemas, (s) => s.PasswordResetRequest, { email }), async (body) => {
      await request(body);
      setSent(true);
    });
  return (
    <div data-testid={`${flow.prefix}forgot-page`} data-ready="true">
      <h1>
        <FormattedMessage id="auth.reset.forgot-title" defaultMessage="Reset your password" />
      </h1>
      {sent ? (
        <p role="status" className="notice" data-testid={`${flow.prefix}reset-sent`}>
          <FormattedMessage
            id="auth.reset.sent"
            defaultMessage="If an account exists for {email}, we have sent a link to reset the password. The link works once, within one hour."
            values={{ email }}
          />
        </p>
      ) : (
        <SubmitForm aria-label={intl.formatMessage({ id: 'auth.reset.request-form', defaultMessage: 'Request a password reset link' })} onSubmit={() => void submit()}>
          <ErrorSummary form={form} />
          <Field name="email" label={emailLabel} type="email" autoComplete="email" value={email} onChange={setEmail} form={form} isRequired />
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid={`${flow.prefix}reset-request-submit`}>
            {busy ? (
              <FormattedMessage id="auth.reset.sending" defaultMessage="Sending…" />
            ) : (
              <FormattedMessage id="auth.reset.send" defaultMessage="Send reset link" />
            )}
          </Button>
        </SubmitForm>
      )}
      <p>
        <Link to={flow.signInPath}>
          <FormattedMessage id="auth.reset.back" defaultMessage="Back to sign in" />
        </Link>
      </p>
    </div>
  );
}

type ResetProps = { flow: ResetFlow; complete: (body: { token: string; password: string }) => Promise<void> };

/** Keyed by the link's token: another link opened here starts with an empty form and no old error. */
export const ResetPasswordView = keyedByHashToken(ResetPasswordForm);

function ResetPasswordForm({ flow, complete, token }: ResetProps & { token: string | null }) {
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const intl = useIntl();
  const newLabel = intl.formatMessage({ id: 'auth.reset.new-password', defaultMessage: 'New password' });
  const repeatLabel = intl.formatMessage({ id: 'auth.reset.repeat-password', defaultMessage: 'Repeat new password' });
  const title = intl.formatMessage({ id: 'auth.reset.title', defaultMessage: 'Choose a new password' });
  const form = useFormErrors({ password: newLabel, confirm: repeatLabel, token: intl.formatMessage({ id: 'auth.reset.link', defaultMessage: 'Reset link' }) });
  const { busy, submit: send } = useSubmit(form);
  useSchemas(loadSchemas);
  const submit = async () => {
    if (password !== confirm) {
      return form.fromZod({ issues: [{ path: ['confirm'], message: intl.formatMessage({ id: 'auth.reset.mismatch', defaultMessage: 'must match the new password' }) }] } as never);
    }
    await send(checkWith(loadSchemas, (s) => s.PasswordResetComplete, { token: token ?? '', password }), async (body) => {
      await complete(body);
      await navigate(flow.signInPath, { replace: true, state: {
          notice: intl.formatMessage({
            id: 'auth.reset.done',
            defaultMessage: 'Your password was changed and every session was signed out. Sign in with the new password.',
          }),
        },
      });
    });
  };
  return (
    <div data-testid={`${flow.prefix}reset-page`} data-ready="true">
      <h1>{title}</h1>
      {!token ? (
        <p role="alert">
          <FormattedMessage
            id="auth.reset.incomplete"
            defaultMessage="This link is incomplete. Open the link from the email again, or <link>request a new one</link>."
            values={{ link: (chunks) => <Link to={flow.forgotPath}>{chunks}</Link> }}
          />
        </p>
      ) : (
        <SubmitForm aria-label={title} onSubmit={() => void submit()}>
          <ErrorSummary form={form} />
          <NewPasswordField label={newLabel} value={password} onChange={setPassword} form={form} description={flow.hint ? intl.formatMessage(flow.hint) : undefined} />
          <NewPasswordField name="confirm" label={repeatLabel} value={confirm} onChange={setConfirm} form={form} />
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid={`${flow.prefix}reset-submit`}>
            {busy ? (
              <FormattedMessage id="auth.reset.saving" defaultMessage="Saving…" />
            ) : (
              <FormattedMessage id="auth.reset.submit" defaultMessage="Set new password" />
            )}
          </Button>
          {form.errors.token ? (
            <p>
              <Link to={flow.forgotPath}>
                <FormattedMessage id="auth.reset.request-new" defaultMessage="Request a new link" />
              </Link>
            </p>
          ) : null}
        </SubmitForm>
      )}
    </div>
  );
}

const STAFF_FLOW: ResetFlow = { prefix: '', signInPath: '/login', forgotPath: '/forgot-password' };

export const ForgotPasswordPage = () => (
  <ForgotPasswordView flow={STAFF_FLOW} request={requestReset} />
);

export const ResetPasswordPage = () => (
  <ResetPasswordView flow={STAFF_FLOW} complete={completeReset} />
);
