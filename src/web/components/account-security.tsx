// Account-security pieces shared by the staff account page and the client portal's security page:
// setting up an authenticator app, recovery codes shown once (with copy and download; the copy
// helper serves other secrets shown once, such as a calendar subscription link), a password
// confirmation step, a change of password, and the list of signed-in sessions. Each takes the
// request to make as a function, so the staff API client and the portal's own client both fit.
import { type ReactNode, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import type { z } from 'zod';
import { ChangePasswordRequest, MfaRequest, PasswordConfirmRequest, type TotpEnrolResponse, TotpVerifyRequest } from '../../shared/api.js';
import { describeAgent, formatDate } from './format.js';
import { ErrorSummary, Field, NewPasswordField, SubmitForm, useFormErrors, useSubmit } from './forms.js';

/**
 * Copying a secret shown once (recovery codes, a calendar subscription link) to the clipboard:
 * `message` says whether it worked, for a role=status next to the button.
 */
export function useCopy(copied: string, failed: string) {
  const [message, setMessage] = useState<string | null>(null);
  const copy = (text: string) => {
    setMessage(null);
    // navigator.clipboard is missing outside secure contexts: that is a failure to copy, too.
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(text))
      .then(() => setMessage(copied))
      .catch(() => setMessage(failed));
  };
  return { copy, message };
}

export function RecoveryCodes({ codes, onDone, fileName = 'hearth-recovery-codes.txt' }: { codes: string[]; onDone: () => void; fileName?: string }) {
  const text = `${codes.join('\n')}\n`;
  const intl = useIntl();
  const { copy: copyText, message: copied } = useCopy(
    intl.formatMessage({ id: 'account.codes.copied', defaultMessage: 'Codes copied.' }),
    intl.formatMessage({ id: 'account.codes.copy-failed', defaultMessage: "Couldn't copy here; download the codes or write them down instead." }),
  );
  const copy = () => copyText(text);
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  return (
    <div className="recovery" data-testid="recovery-codes-panel">
      <h3>
        <FormattedMessage id="account.codes.title" defaultMessage="Your recovery codes" />
      </h3>
      <p role="status">
        <FormattedMessage
          id="account.codes.intro"
          defaultMessage="Save these codes somewhere safe. Each one signs you in once if you lose your authenticator. They are shown only this once."
        />
      </p>
      <ul className="codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <Button className="btn" onPress={copy} data-testid="recovery-codes-copy">
          <FormattedMessage id="account.codes.copy" defaultMessage="Copy codes" />
        </Button>
        <Button className="btn" onPress={download} data-testid="recovery-codes-download">
          <FormattedMessage id="account.codes.download" defaultMessage="Download codes" />
        </Button>
        <Button className="btn primary" onPress={onDone} data-testid="recovery-codes-done">
          <FormattedMessage id="account.codes.done" defaultMessage="I have saved these codes" />
        </Button>
      </div>
      <p role="status" aria-live="polite">
        {copied}
      </p>
    </div>
  );
}

const PasswordAndCode = PasswordConfirmRequest.extend({ code: MfaRequest.shape.code });

/**
 * Asks for the password (and, with `code`, a current second-factor code) before a sensitive change;
 * `run` makes the request, and its errors land on this form.
 */
export function PasswordConfirm({
  label,
  run,
  onCancel,
  code: askCode,
  intro,
  danger = false,
  testId,
}: {
  label: string;
  run: (password: string, code: string) => Promise<void>;
  onCancel: () => void;
  /** Also ask for a code; the description says which codes count. */
  code?: { description: string };
  intro?: string;
  danger?: boolean;
  testId?: string;
}) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const intl = useIntl();
  const passwordLabel = intl.formatMessage({ id: 'account.confirm.password', defaultMessage: 'Your password' });
  const codeLabel = intl.formatMessage({ id: 'account.confirm.code', defaultMessage: 'Code' });
  const form = useFormErrors({ password: passwordLabel, code: codeLabel });
  return (
    <Form
      className="form inset"
      aria-label={label}
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        const body = { password, ...(askCode ? { code: code.replace(/\s+/g, '') } : {}) };
        const parsed = askCode ? PasswordAndCode.safeParse(body) : PasswordConfirmRequest.safeParse(body);
        if (!parsed.success) return form.fromZod(parsed.error);
        form.clear();
        setBusy(true);
        run(password, body.code ?? '')
          .catch((err: unknown) => {
            form.fromApi(err);
            setCode('');
          })
          .finally(() => setBusy(false));
      }}
    >
      {intro ? <p>{intro}</p> : null}
      <ErrorSummary form={form} />
      <Field name="password" label={passwordLabel} type="password" autoComplete="current-password" value={password} onChange={setPassword} form={form} autoFocus isRequired />
      {askCode ? <Field name="code" label={codeLabel} description={askCode.description} autoComplete="one-time-code" value={code} onChange={setCode} form={form} isRequired /> : null}
      <div className="actions">
        <Button type="submit" className={danger ? 'btn danger' : 'btn primary'} isDisabled={busy} data-testid={testId ? `${testId}-submit` : undefined}>
          {busy ? <FormattedMessage id="account.confirm.working" defaultMessage="Working…" /> : label}
        </Button>
        <Button className="btn" onPress={onCancel}>
          <FormattedMessage id="account.cancel" defaultMessage="Cancel" />
        </Button>
      </div>
    </Form>
  );
}

/** Current and new password; `submit` makes the request. Other sessions end on the server. */
export function ChangePasswordSection({ submit, hint }: { submit: (body: { currentPassword: string; newPassword: string }) => Promise<void>; hint?: string }) {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [ok, setOk] = useState(false);
  const [busy, setBusy] = useState(false);
  const intl = useIntl();
  const currentLabel = intl.formatMessage({ id: 'account.password.current', defaultMessage: 'Current password' });
  const newLabel = intl.formatMessage({ id: 'account.password.new', defaultMessage: 'New password' });
  const form = useFormErrors({ currentPassword: currentLabel, newPassword: newLabel });
  return (
    <section aria-labelledby="pw-h" className="card" data-testid="change-password">
      <h2 id="pw-h">
        <FormattedMessage id="account.password.title" defaultMessage="Change password" />
      </h2>
      <Form
        className="form"
        aria-labelledby="pw-h"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = ChangePasswordRequest.safeParse({ currentPassword, newPassword });
          if (!parsed.success) return form.fromZod(parsed.error);
          form.clear();
          setOk(false);
          setBusy(true);
          submit(parsed.data)
            .then(() => {
              setOk(true);
              setCurrent('');
              setNew('');
            })
            .catch((err: unknown) => form.fromApi(err))
            .finally(() => setBusy(false));
        }}
      >
        <ErrorSummary form={form} />
        <div role="status">{ok ? (
            <p data-testid="password-changed">
              <FormattedMessage id="account.password.changed" defaultMessage="Password changed. Your other sessions were signed out." />
            </p>
          ) : null}</div>
        <Field name="currentPassword" label={currentLabel} type="password" autoComplete="current-password" value={currentPassword} onChange={setCurrent} form={form} isRequired />
        <NewPasswordField name="newPassword" label={newLabel} value={newPassword} onChange={setNew} form={form} description={hint} />
        <Button type="submit" className="btn" isDisabled={busy}>
          {busy ? (
            <FormattedMessage id="account.password.changing" defaultMessage="Changing…" />
          ) : (
            <FormattedMessage id="account.password.submit" defaultMessage="Change password" />
          )}
        </Button>
      </Form>
    </section>
  );
}

export interface ListedSession {
  id: string;
  current: boolean;
  createdAt: string;
  lastActivityAt: string;
  userAgent: string;
  /** Staff lists show where from; the portal's do not. */
  ip?: string;
}

/** "Chrome on Windows", in the page's language (product names stay as they are). */
function useDeviceName() {
  const intl = useIntl();
  return (ua: string) => {
    const { browser, os } = describeAgent(ua);
    const b = browser ?? intl.formatMessage({ id: 'components.security.device.browser', defaultMessage: 'Browser' });
    return os ? intl.formatMessage({ id: 'components.security.device.on', defaultMessage: '{browser} on {os}' }, { browser: b, os }) : b;
  };
}

export function SessionList<S extends ListedSession>({ sessions, onRevoke, pending }: { sessions: S[]; onRevoke: (s: S) => void; pending: boolean }) {
  const intl = useIntl();
  const deviceName = useDeviceName();
  if (!sessions.length) return <p><FormattedMessage id="components.security.sessions.none" defaultMessage="No active sessions." /></p>;
  return (
    <ul className="rows" data-testid="session-list">
      {sessions.map((s) => {
        const device = deviceName(s.userAgent);
        return (
          <li key={s.id} data-current={s.current} data-testid="session-row">
            <span>
              <strong>{device}</strong>
              {s.current ? <FormattedMessage id="components.security.sessions.current" defaultMessage=" (this session)" /> : null}
              {s.ip ? <FormattedMessage id="components.security.sessions.ip" defaultMessage=" — {ip}" values={{ ip: s.ip }} /> : null}
              <br />
              <small>
                <FormattedMessage
                  id="components.security.sessions.times"
                  defaultMessage="Signed in {signedIn}, last active {lastActive}"
                  values={{ signedIn: formatDate(s.createdAt), lastActive: formatDate(s.lastActivityAt) }}
                />
              </small>
            </span>
            <Button
              className="btn danger"
              onPress={() => onRevoke(s)}
              isDisabled={pending}
              aria-label={
                s.current
                  ? intl.formatMessage({ id: 'components.security.sessions.revoke-current', defaultMessage: 'Sign out this session' })
                  : s.ip
                    ? intl.formatMessage({ id: 'components.security.sessions.revoke-from-ip', defaultMessage: 'Sign out session from {device}, {ip}' }, { device, ip: s.ip })
                    : intl.formatMessage({ id: 'components.security.sessions.revoke-from', defaultMessage: 'Sign out session from {device}' }, { device })
              }
            >
              <FormattedMessage id="components.security.sessions.revoke" defaultMessage="Sign out" />
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

type TotpSetup = z.infer<typeof TotpEnrolResponse>;

/**
 * Setting up an authenticator app: `begin` asks for a secret (with its QR code), `confirm` checks
 * the first code and answers the recovery codes, handed to `onEnabled`. One form and one busy
 * state serve both steps, so an error from either shows wherever the card is.
 */
export function useTotpEnrolment({
  begin,
  confirm,
  onEnabled,
  clearCodeOnError = false,
}: {
  begin: () => Promise<TotpSetup>;
  confirm: (body: z.infer<typeof TotpVerifyRequest>) => Promise<{ recoveryCodes: string[] }>;
  onEnabled: (recoveryCodes: string[]) => Promise<unknown> | void;
  clearCodeOnError?: boolean;
}) {
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  // The summary reads "Code from the app: That code didn't match…", said once (not also above it).
  const intl = useIntl();
  const form = useFormErrors({ code: intl.formatMessage({ id: 'account.totp.code-summary', defaultMessage: 'Code from the app:' }) });
  const { busy, setBusy, submit } = useSubmit(form);

  const start = async () => {
    form.clear();
    setBusy(true);
    try {
      setSetup(await begin());
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };
  const verify = () =>
    submit(
      TotpVerifyRequest.safeParse({ code: code.replace(/\s+/g, '') }),
      async (body) => {
        const res = await confirm(body);
        setSetup(null);
        setCode('');
        await onEnabled(res.recoveryCodes);
      },
      () => {
        form.setSummary(null);
        if (clearCodeOnError) setCode('');
      },
    );
  return { setup, setSetup, code, setCode, busy, form, start, verify };
}

export type TotpEnrolment = ReturnType<typeof useTotpEnrolment>;

/** The QR code, the key for typing by hand, and the first code; `actions` holds the submit button. */
export function TotpSetupView({
  enrolment: t,
  setup,
  prefix,
  qrAlt,
  stepsClassName,
  actions,
}: {
  enrolment: TotpEnrolment;
  setup: TotpSetup;
  prefix: '' | 'portal-';
  qrAlt: string;
  stepsClassName?: string;
  actions: ReactNode;
}) {
  const intl = useIntl();
  return (
    <div data-testid={`${prefix}totp-setup`}>
      <ol className={stepsClassName}>
        <li>
          <FormattedMessage id="account.totp.step-scan" defaultMessage="Scan this QR code with your authenticator app." />
        </li>
        <li>
          <FormattedMessage id="account.totp.step-key" defaultMessage="Or enter the key by hand." />
        </li>
        <li>
          <FormattedMessage id="account.totp.step-code" defaultMessage="Type the 6-digit code the app shows." />
        </li>
      </ol>
      <img src={setup.qrDataUrl} alt={qrAlt} width={200} height={200} className="qr" />
      <p>
        <FormattedMessage
          id="account.totp.manual-key"
          defaultMessage="Key for manual entry: <code>{secret}</code>"
          values={{
            secret: setup.secret,
            code: (chunks) => (
              <code className="secret" data-testid={`${prefix}totp-secret`}>
                {chunks}
              </code>
            ),
          }}
        />
      </p>
      <SubmitForm aria-label={intl.formatMessage({ id: 'account.totp.confirm-form', defaultMessage: 'Confirm the authenticator app' })} onSubmit={() => void t.verify()}>
        <ErrorSummary form={t.form} />
        <Field name="code" label={intl.formatMessage({ id: 'account.totp.code', defaultMessage: 'Code from the app' })} inputMode="numeric" autoComplete="one-time-code" value={t.code} onChange={t.setCode} form={t.form} testId={`${prefix}totp-code`} isRequired />
        {actions}
      </SubmitForm>
    </div>
  );
}
