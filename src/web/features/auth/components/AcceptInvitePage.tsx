import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useNavigate } from 'react-router';
import { AcceptInvitationRequest, type InvitationPreview } from '../../../../shared/api.js';
import { ROLE_LABELS } from '../../../../shared/roles.js';
import { isApiError } from '../../../api/client.js';
import { ErrorSummary, Field, NewPasswordField, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { beginSession } from '../../../session/staff.js';
import { keyedByHashToken } from '../../../lib/hash-token.js';
import { acceptInvitation } from '../api/acceptInvitation.js';
import { useInvitationPreview } from '../api/invitationPreview.js';

const PASSWORD_HINT = 'At least 15 characters, or 8 with two-step verification. Avoid common passwords and your own name.';

type Preview = ReturnType<typeof InvitationPreview.parse>;

/** Keyed by the link's token: another invitation link opened here starts afresh, with no old error. */
export const AcceptInvitePage = keyedByHashToken(AcceptInvite);

function AcceptInvite({ token }: { token: string | null }) {
  const preview = useInvitationPreview(token);
  if (!token) {
    return (
      <div data-testid="accept-page">
        <h1>Accept invitation</h1>
        <p role="alert">This invitation link is incomplete. Open the link from the email again.</p>
      </div>
    );
  }
  if (preview.isError && isApiError(preview.error) && preview.error.status >= 400 && preview.error.status < 500) {
    return (
      <div data-testid="accept-page">
        <h1>Accept invitation</h1>
        <p role="alert" data-testid="invite-invalid">
          This invitation is no longer valid ({preview.error.message}). Ask your practice administrator for a new one.
        </p>
        <p>
          <Link to="/login">Go to sign in</Link>
        </p>
      </div>
    );
  }
  return (
    <div data-testid="accept-page">
      <h1>Accept invitation</h1>
      <QueryState query={preview} what="the invitation" testId="invite-preview">
        {(p) => <AcceptForm preview={p} token={token} />}
      </QueryState>
    </div>
  );
}

function AcceptForm({ preview, token }: { preview: Preview; token: string }) {
  const [name, setName] = useState(preview.name);
  const [password, setPassword] = useState('');
  const form = useFormErrors({ name: 'Your name', password: 'Password', token: 'Invitation link' });
  const { busy, submit: send } = useSubmit(form);
  const navigate = useNavigate();
  const submit = () =>
    send(AcceptInvitationRequest.safeParse({ token, name, password }), async (body) => {
      const res = await acceptInvitation(body);
      if (res.mfaRequired) {
        await navigate('/login', { replace: true });
        return;
      }
      beginSession(res.csrfToken, res.mfaEnrollmentRequired);
      await navigate(res.mfaEnrollmentRequired || preview.requireMfa ? '/account/security' : '/today', { replace: true });
    });
  return (
    <>
      <p data-testid="invite-summary">
        <strong>{preview.practiceName}</strong> invited <strong>{preview.email}</strong> to join as{' '}
        {preview.roles.map((r) => ROLE_LABELS[r]).join(', ')}.
      </p>
      {preview.requireMfa ? (
        <p className="notice">This practice requires two-step verification. You will set it up right after choosing a password.</p>
      ) : null}
      <SubmitForm aria-label="Accept invitation" onSubmit={() => void submit()}>
        <ErrorSummary form={form} />
        <Field name="name" label="Your name" value={name} onChange={setName} form={form} autoComplete="name" isRequired />
        <NewPasswordField value={password} onChange={setPassword} form={form} description={PASSWORD_HINT} />
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="accept-submit">
          Join practice
        </Button>
      </SubmitForm>
    </>
  );
}
