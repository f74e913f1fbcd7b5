import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useNavigate } from 'react-router';
import { PasswordResetComplete, PasswordResetRequest } from '../../../../shared/api.js';
import { completeReset, requestReset } from '../api/passwordReset.js';
import { ErrorSummary, Field, NewPasswordField, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { keyedByHashToken } from '../../../lib/hash-token.js';

/** What differs between the staff and the portal reset pages: the requests, the paths, the test ids. */
interface ResetFlow {
  /** Prefix of the test ids ('' for staff, 'portal-' for the portal). */
  prefix: string;
  signInPath: string;
  forgotPath: string;
  /** Under the new-password field: the rules in a sentence. */
  hint?: string;
}

export function ForgotPasswordView({ flow, request }: { flow: ResetFlow; request: (body: { email: string }) => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const form = useFormErrors({ email: 'Email' });
  const { busy, submit: send } = useSubmit(form);
  const submit = () =>
    send(PasswordResetRequest.safeParse({ email }), async (body) => {
      await request(body);
      setSent(true);
    });
  return (
    <div data-testid={`${flow.prefix}forgot-page`} data-ready="true">
      <h1>Reset your password</h1>
      {sent ? (
        <p role="status" className="notice" data-testid={`${flow.prefix}reset-sent`}>
          If an account exists for {email}, we have sent a link to reset the password. The link works once, within one hour.
        </p>
      ) : (
        <SubmitForm aria-label="Request a password reset link" onSubmit={() => void submit()}>
          <ErrorSummary form={form} />
          <Field name="email" label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} form={form} isRequired />
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid={`${flow.prefix}reset-request-submit`}>
            {busy ? 'Sending…' : 'Send reset link'}
          </Button>
        </SubmitForm>
      )}
      <p>
        <Link to={flow.signInPath}>Back to sign in</Link>
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
  const form = useFormErrors({ password: 'New password', confirm: 'Repeat new password', token: 'Reset link' });
  const { busy, submit: send } = useSubmit(form);
  const submit = async () => {
    if (password !== confirm) {
      return form.fromZod({ issues: [{ path: ['confirm'], message: 'must match the new password' }] } as never);
    }
    await send(PasswordResetComplete.safeParse({ token: token ?? '', password }), async (body) => {
      await complete(body);
      await navigate(flow.signInPath, { replace: true, state: { notice: 'Your password was changed and every session was signed out. Sign in with the new password.' } });
    });
  };
  return (
    <div data-testid={`${flow.prefix}reset-page`} data-ready="true">
      <h1>Choose a new password</h1>
      {!token ? (
        <p role="alert">
          This link is incomplete. Open the link from the email again, or <Link to={flow.forgotPath}>request a new one</Link>.
        </p>
      ) : (
        <SubmitForm aria-label="Choose a new password" onSubmit={() => void submit()}>
          <ErrorSummary form={form} />
          <NewPasswordField label="New password" value={password} onChange={setPassword} form={form} description={flow.hint} />
          <NewPasswordField name="confirm" label="Repeat new password" value={confirm} onChange={setConfirm} form={form} />
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid={`${flow.prefix}reset-submit`}>
            {busy ? 'Saving…' : 'Set new password'}
          </Button>
          {form.errors.token ? (
            <p>
              <Link to={flow.forgotPath}>Request a new link</Link>
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
