import { useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { Link } from 'react-router';
import { SignupRequest, SignupVerifyRequest } from '../../../../shared/api.js';
import { ErrorSummary, Field, NewPasswordField, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { Markdown } from '../../../components/Markdown.js';
import { QueryState } from '../../../components/QueryState.js';
import { useFinishLogin } from './LoginPage.js';
import { useHashToken } from '../../../lib/hash-token.js';
import { useBaa } from '../api/baa.js';
import { signUpPractice } from '../api/signUp.js';
import { verifySignup } from '../api/verifySignup.js';

const PASSWORD_HINT = 'At least 15 characters, or 8 once you turn on two-step verification. Any characters; avoid common passwords.';

const LABELS = {
  practiceName: 'Practice name',
  ownerName: 'Your name',
  email: 'Email',
  password: 'Password',
  'baa.accepted': 'Acceptance of the Business Associate Agreement',
  'baa.signerName': 'Signer name',
  'baa.signerTitle': 'Signer title',
  'baa.version': 'BAA version',
};

export function SignupPage() {
  const baa = useBaa();
  const [sentTo, setSentTo] = useState<string | null>(null);
  if (sentTo !== null) {
    // The same answer whether or not the address already has an account: the mail says which.
    return (
      <div data-testid="signup-check-mail">
        <h1>Check your email</h1>
        <p role="status">
          We sent an email to <strong className="break-anywhere">{sentTo}</strong>. Open the link in it within 24 hours to finish creating your practice.
        </p>
        <p>If this address already has a Hearth account, the email says so instead, and nothing new is created.</p>
        <p>No email after a few minutes? Check your spam folder, or sign up again with the right address.</p>
        <p>
          <Button className="btn" onPress={() => setSentTo(null)} data-testid="signup-again">
            Sign up again
          </Button>
        </p>
        <p>
          Already have an account? <Link to="/login">Sign in</Link>
        </p>
      </div>
    );
  }
  return (
    <div data-testid="signup-page">
      <h1>Sign up your practice</h1>
      <p>
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
      <QueryState query={baa} what="the Business Associate Agreement" testId="baa">
        {(doc) => <SignupForm doc={doc} onSent={setSentTo} />}
      </QueryState>
    </div>
  );
}

function SignupForm({ doc, onSent }: { doc: { version: string; title: string; text: string }; onSent: (email: string) => void }) {
  const [practiceName, setPracticeName] = useState('');
  const [ownerName, setOwnerName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [signerName, setSignerName] = useState('');
  const [signerTitle, setSignerTitle] = useState('');
  const form = useFormErrors(LABELS);
  const { busy, submit: send } = useSubmit(form);
  const acceptError = form.errors['baa.accepted'];

  const submit = async () => {
    const body = {
      practiceName,
      ownerName,
      email,
      password,
      baa: { accepted, version: doc.version, signerName, signerTitle },
    };
    await send(SignupRequest.safeParse(body), async (data) => {
      await signUpPractice(data);
      onSent(data.email.trim());
    });
  };

  return (
    <SubmitForm aria-label="Sign up a practice" onSubmit={() => void submit()}>
      <ErrorSummary form={form} />
      <Field name="practiceName" label="Practice name" value={practiceName} onChange={setPracticeName} form={form} autoComplete="organization" isRequired />
      <Field name="ownerName" label="Your name" value={ownerName} onChange={setOwnerName} form={form} autoComplete="name" isRequired />
      <Field name="email" label="Email" type="email" value={email} onChange={setEmail} form={form} autoComplete="email" isRequired />
      <NewPasswordField value={password} onChange={setPassword} form={form} description={PASSWORD_HINT} />
      <section aria-labelledby="baa-title" className="baa">
        <h2 id="baa-title">{doc.title}</h2>
        <p>Version {doc.version}. Please read the agreement before accepting it.</p>
        <div className="scroll-box" tabIndex={0} role="region" aria-label={`${doc.title} text`} data-testid="baa-text">
          <Markdown source={doc.text} baseLevel={3} />
        </div>
        <Checkbox
          className="checkbox"
          name="baa.accepted"
          isSelected={accepted}
          onChange={(v) => {
            setAccepted(v);
            form.clear('baa.accepted');
          }}
          isInvalid={acceptError !== undefined}
          aria-describedby={acceptError ? 'baa-accept-error' : undefined}
          data-testid="baa-accept"
        >
          <span className="box" aria-hidden="true" />
          <span>
            I have read the {doc.title} (version {doc.version}) and accept it on behalf of the practice.
          </span>
        </Checkbox>
        {acceptError ? (
          <p id="baa-accept-error" className="field-error">
            {acceptError}
          </p>
        ) : null}
        <Field name="baa.signerName" label="Signer name" value={signerName} onChange={setSignerName} form={form} autoComplete="name" isRequired />
        <Field
          name="baa.signerTitle"
          label="Signer title"
          description="For example: Owner, Clinical director"
          value={signerTitle}
          onChange={setSignerTitle}
          form={form}
          autoComplete="organization-title"
          isRequired
        />
      </section>
      <Button type="submit" className="btn primary" isDisabled={busy} data-testid="signup-submit">
        {busy ? 'Sending…' : 'Create practice'}
      </Button>
    </SubmitForm>
  );
}

const VERIFY_LABELS = { token: 'Sign-up link' };

/** The page the mailed sign-up link opens: one press creates the practice and signs its owner in. */
export function SignupVerifyPage() {
  const token = useHashToken();
  const form = useFormErrors(VERIFY_LABELS);
  const { busy, submit: send } = useSubmit(form);
  const finish = useFinishLogin();
  if (!token) {
    return (
      <div data-testid="signup-verify-page">
        <h1>Finish signing up</h1>
        <p role="alert">This sign-up link is incomplete. Open the link from the email again.</p>
      </div>
    );
  }
  // A press, not an automatic request: mail scanners that open links must not use the single-use token.
  const submit = () =>
    send(SignupVerifyRequest.safeParse({ token }), async (data) => {
      const res = await verifySignup(data);
      if (!res.mfaRequired) finish(res);
    });
  return (
    <div data-testid="signup-verify-page">
      <h1>Finish signing up</h1>
      <SubmitForm aria-label="Finish signing up" onSubmit={() => void submit()}>
        <ErrorSummary form={form} />
        <p>Your email address is confirmed by this link. Press the button to create your practice and sign in.</p>
        {form.errors.token ? (
          <p>
            <Link to="/signup">Sign up again</Link> or <Link to="/login">sign in</Link>.
          </p>
        ) : null}
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="signup-verify-submit">
          {busy ? 'Creating practice…' : 'Create my practice'}
        </Button>
      </SubmitForm>
    </div>
  );
}
