// Sign-in pieces shared by the staff login (features/auth/LoginPage.tsx) and the client portal's
// (features/portal/PortalAuthPages.tsx): the page with its sign-out notice, the email and password
// form, and the second-step code form. Each takes the request to make as a function, so the staff
// API client and the portal's own client both fit; test ids are prefixed per principal. Drawn with
// the browser's own form elements (./native-form.tsx): the portal's sign-in is a client's first
// screen, and carries no React Aria (issue 19's light client path).
import { type ReactNode, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useLocation } from 'react-router';
import type { z } from 'zod';
import type { LoginRequest, MfaRequest } from '../../shared/api.js';
import type { Notice } from '../session/lifecycle.js';
import { checkWith, ErrorSummary, type FormErrorsApi, useFormErrors, useSchemas, useSubmit } from './form-state.js';
import { NativeField, NativeSubmitForm } from './native-form.js';

type LoginBody = z.infer<typeof LoginRequest>;
type CodeBody = z.infer<typeof MfaRequest>;

/** The sign-in schemas, loaded once the page is drawn (a first screen downloads no zod: forms.tsx checkWith). */
const loadSchemas = () => import('../../shared/api.js');

/** The sign-in page: its title, and the notice a session's ending left in the navigation state. */
export function SignInPage({ title, prefix, children }: { title: ReactNode; prefix: '' | 'portal-'; children: ReactNode }) {
  const location = useLocation();
  const intl = useIntl();
  // A session's end leaves a message (formatted here, in this page's language); a page with intl may leave words.
  const left = (location.state as { notice?: Notice | string } | null)?.notice;
  const notice = typeof left === 'string' ? left : left ? intl.formatMessage(left, left.values) : null;
  return (
    <div data-testid={`${prefix}login-page`} data-ready="true">
      <h1>{title}</h1>
      {notice ? (
        <p role="status" className="notice" data-testid={`${prefix}login-notice`}>
          {notice}
        </p>
      ) : null}
      {children}
    </div>
  );
}

/** Email and password; `signIn` makes the request and goes on (into the app or to the code step). */
export function PasswordSignIn({ signIn, submitTestId, children }: { signIn: (body: LoginBody) => Promise<void>; submitTestId: string; children: ReactNode }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const intl = useIntl();
  const words = { email: intl.formatMessage({ id: 'components.signin.email', defaultMessage: 'Email' }), password: intl.formatMessage({ id: 'components.form.password', defaultMessage: 'Password' }) };
  const form = useFormErrors(words);
  const { busy, submit } = useSubmit(form);
  useSchemas(loadSchemas);
  return (
    <NativeSubmitForm aria-label={intl.formatMessage({ id: 'components.signin.submit', defaultMessage: 'Sign in' })} onSubmit={() => void submit(checkWith(loadSchemas, (m) => m.LoginRequest, { email, password }), signIn)}>
      <ErrorSummary form={form} />
      <NativeField name="email" label={words.email} type="email" autoComplete="username" value={email} onChange={setEmail} form={form} isRequired />
      <NativeField name="password" label={words.password} type="password" autoComplete="current-password" value={password} onChange={setPassword} form={form} isRequired />
      <button type="submit" className="btn primary" disabled={busy} data-testid={submitTestId}>
        {busy ? <FormattedMessage id="components.signin.busy" defaultMessage="Signing in…" /> : <FormattedMessage id="components.signin.submit" defaultMessage="Sign in" />}
      </button>
      {children}
    </NativeSubmitForm>
  );
}

export interface CodeStepContext {
  form: FormErrorsApi;
  busy: boolean;
  /** Runs another way of confirming (e.g. a security key) with this form's busy state. */
  setBusy: (busy: boolean) => void;
  /** Empties the code and the errors (e.g. after switching the kind of code). */
  reset: () => void;
}

/**
 * The second sign-in step: one code, checked by `verify` (which goes on when it succeeds). After
 * a refusal the code is emptied for a fresh one. `actions` renders what follows the form.
 */
export function CodeStep({
  prefix,
  label,
  description,
  inputMode,
  normalize,
  verify,
  actions,
}: {
  prefix: 'mfa' | 'portal-mfa';
  label: string;
  description: string;
  inputMode: 'numeric' | 'text';
  /** The code as sent, from what was typed. */
  normalize: (typed: string) => string;
  verify: (body: CodeBody) => Promise<void>;
  actions: (ctx: CodeStepContext) => ReactNode;
}) {
  const [code, setCode] = useState('');
  const form = useFormErrors({ code: label });
  const { busy, setBusy, submit } = useSubmit(form);
  const reset = () => {
    setCode('');
    form.clear();
  };
  return (
    <section aria-labelledby={`${prefix}-heading`} data-testid={`${prefix}-step`}>
      <h2 id={`${prefix}-heading`}>
        <FormattedMessage id="components.signin.code-heading" defaultMessage="Confirm it's you" />
      </h2>
      <NativeSubmitForm aria-labelledby={`${prefix}-heading`} onSubmit={() => void submit(checkWith(loadSchemas, (m) => m.MfaRequest, { code: normalize(code) }), verify, () => setCode(''))}>
        <ErrorSummary form={form} />
        <NativeField
          key={label}
          name="code"
          label={label}
          description={description}
          inputMode={inputMode}
          autoComplete="one-time-code"
          value={code}
          onChange={setCode}
          form={form}
          testId={`${prefix}-code`}
          autoFocus
          isRequired
        />
        <button type="submit" className="btn primary" disabled={busy} data-testid={`${prefix}-submit`}>
          <FormattedMessage id="components.signin.verify" defaultMessage="Verify" />
        </button>
      </NativeSubmitForm>
      {actions({ form, busy, setBusy, reset })}
    </section>
  );
}
