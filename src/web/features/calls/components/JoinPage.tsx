// The page a call's join link opens: `/join#<token>`, no sign-in. The token is taken from the
// fragment and dropped from the address bar (and history) at once; it travels only in the body of
// POST /api/calls/join-link, which answers with the call and sets a guest cookie good for that call
// only. Then the portal's call page takes over. A link that cannot be used says why in words, and
// offers the portal's sign-in and the camera and microphone check.
import { JOIN_WINDOW_MINUTES } from '../../../../shared/join-window.js';
import { useEffect, useState } from 'react';
import { createIntl, defineMessages, FormattedMessage, type IntlShape, type MessageDescriptor, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import './calls.css';
// The type only (no zod on a join link's first screen, issue 19's budget; see ../api/audience.ts).
import type { JoinTokenResponse } from '../../../../shared/calls.js';
import { createApiClient, isApiError } from '../../../api/factory.js';
import { JOIN_LINK_PATH, takeEarlyJoin, tokenOf } from '../../../early-join.js';

/** The product's name: the same in every language. */
const BRAND = 'Hearth';

// Its own client instance: this page has no session, and a staff or portal session in the same
// browser must neither lend it a CSRF token nor be ended by anything this page hears.
const linkApi = createApiClient().api;

// Read once per page load (a StrictMode re-render must not find the fragment already gone), and
// redeemed once: the link is single use, so a second POST would report it used.
let captured: string | null | undefined;
function takeToken(): string | null {
  if (captured === undefined) {
    captured = tokenOf(window.location.hash);
    if (window.location.hash) history.replaceState(history.state, '', window.location.pathname);
  }
  return captured;
}
const redeemed = new Map<string, Promise<JoinTokenResponse>>();
function redeem(token: string): Promise<JoinTokenResponse> {
  let p = redeemed.get(token);
  if (!p) {
    // The page's own early start (../../../early-join.ts) when it made one for this token.
    const early = takeEarlyJoin(token);
    p = early
      ? linkApi.settle<JoinTokenResponse>(early, `POST ${JOIN_LINK_PATH}`, undefined, { expectAuthFailure: true })
      : linkApi.post<JoinTokenResponse>(JOIN_LINK_PATH, { token }, undefined, { expectAuthFailure: true });
    redeemed.set(token, p);
  }
  return p;
}

const english = createIntl({ locale: 'en', onError: () => undefined });

const m = defineMessages({
  used: { id: 'calls.join.used', defaultMessage: 'This link was already used. Each join link works once: ask your provider for a new one, or sign in to your portal to join the call.' },
  expired: { id: 'calls.join.expired', defaultMessage: 'This link has expired. Ask your provider for a new one, or sign in to your portal to join the call.' },
  invalid: { id: 'calls.join.invalid', defaultMessage: 'This link is not valid. Open it again from your text message or e-mail, and make sure it is complete.' },
  early: { id: 'calls.join.early', defaultMessage: 'It is too early to join: you can join from {minutes} minutes before your appointment starts. Keep this page open and press Try again then, or open the link again.' },
  over: { id: 'calls.join.over', defaultMessage: 'This call has ended. If you still need to talk, contact your provider or sign in to your portal.' },
  network: { id: 'calls.join.network', defaultMessage: "Couldn't reach the server. Check your connection and try again." },
  tooMany: { id: 'calls.join.tooMany', defaultMessage: 'Too many tries from this connection. Please wait {seconds, plural, =0 {a minute} one {# second} other {# seconds}} and try again.' },
  ours: { id: 'calls.join.ours', defaultMessage: 'Something went wrong on our side. Please try again in a few minutes.' },
  unknown: { id: 'calls.join.unknown', defaultMessage: 'Something went wrong. Please try again.' },
  incomplete: { id: 'calls.join.incomplete', defaultMessage: 'This link is incomplete. Open it again from your text message or e-mail, and make sure it is complete.' },
});

/** Why a join link did not open, in words (in the page's language; English by default). */
export function joinProblem(e: unknown, intl: IntlShape = english): string {
  if (!isApiError(e)) return intl.formatMessage(m.unknown);
  switch (e.code) {
    case 'link_used':
      return intl.formatMessage(m.used);
    case 'link_expired':
      return intl.formatMessage(m.expired);
    case 'token_invalid':
    case 'validation_error':
      return intl.formatMessage(m.invalid);
    case 'join_not_open':
      return intl.formatMessage(m.early as MessageDescriptor, { minutes: JOIN_WINDOW_MINUTES });
    case 'call_over':
      return intl.formatMessage(m.over);
  }
  if (e.status === 0) return intl.formatMessage(m.network);
  if (e.status === 429) return intl.formatMessage(m.tooMany as MessageDescriptor, { seconds: e.retryAfterSeconds ?? 0 });
  if (e.status === 400 || e.status === 404) return intl.formatMessage(m.invalid);
  return intl.formatMessage(m.ours);
}

type State = { kind: 'joining' } | { kind: 'error'; code: string; error: unknown; retry: boolean };

const INCOMPLETE: State = { kind: 'error', code: 'incomplete', error: null, retry: false };

export function JoinPage() {
  const intl = useIntl();
  const [token, setToken] = useState(takeToken);
  const navigate = useNavigate();
  const [state, setState] = useState<State>(token ? { kind: 'joining' } : INCOMPLETE);
  const [attempt, setAttempt] = useState(0);

  // Another link opened in this tab changes only the fragment (no new page load): take it too.
  useEffect(() => {
    const onHash = () => {
      if (!window.location.hash) return;
      captured = undefined;
      const t = takeToken();
      setToken(t);
      setState(t ? { kind: 'joining' } : INCOMPLETE);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!token) return;
    let alive = true;
    // The call page, fetched while the link is redeemed rather than after: on a weak signal each
    // round trip in a row is a few hundred milliseconds before the client can press Join.
    void import('./CallPage.js').catch(() => undefined);
    redeem(token).then(
      (r) => {
        if (alive) void navigate(`/portal/calls/${encodeURIComponent(r.callId)}`, { replace: true });
      },
      (e: unknown) => {
        if (!alive) return;
        // Too early is not used up either: the same link works once the join window opens.
        const transient = !isApiError(e) || e.status === 0 || e.status >= 500 || e.code === 'join_not_open';
        // A network failure may not have reached the server: the same link may be tried again.
        if (transient) redeemed.delete(token);
        setState({ kind: 'error', code: isApiError(e) ? e.code : 'unknown', error: e, retry: transient });
      },
    );
    return () => {
      alive = false;
    };
  }, [token, navigate, attempt]);

  return (
    <>
      <header className="topbar">
        <span className="brand">{BRAND}</span>
        <span className="practice-name">
          <FormattedMessage id="calls.join.videoCall" defaultMessage="Video call" />
        </span>
      </header>
      <main id="main" className="page narrow join-page">
        <div data-testid="join-page" data-state={state.kind} data-code={state.kind === 'error' ? state.code : undefined}>
          <h1>
            <FormattedMessage id="calls.join.title" defaultMessage="Join your call" />
          </h1>
          {state.kind === 'joining' ? (
            <p role="status">
              <FormattedMessage id="calls.join.opening" defaultMessage="Opening your call…" />
            </p>
          ) : (
            <>
              <p role="alert" data-testid="join-error">
                {state.code === 'incomplete' ? intl.formatMessage(m.incomplete) : joinProblem(state.error, intl)}
              </p>
              {state.retry ? (
                <p>
                  <button
                    type="button"
                    className="btn primary"
                    onClick={() => {
                      setState({ kind: 'joining' });
                      setAttempt((n) => n + 1);
                    }}
                  >
                    <FormattedMessage id="calls.join.tryAgain" defaultMessage="Try again" />
                  </button>
                </p>
              ) : null}
            </>
          )}
          <ul className="join-links">
            <li>
              <Link to="/portal/login" data-testid="join-portal-sign-in">
                <FormattedMessage id="calls.join.signIn" defaultMessage="Sign in to your portal" />
              </Link>
            </li>
            <li>
              <Link to="/portal/device-check" data-testid="join-device-check">
                <FormattedMessage id="calls.join.deviceCheck" defaultMessage="Test your camera and microphone" />
              </Link>
            </li>
          </ul>
        </div>
      </main>
    </>
  );
}
