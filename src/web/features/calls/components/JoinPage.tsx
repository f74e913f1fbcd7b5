// The page a call's join link opens: `/join#<token>`, no sign-in. The token is taken from the
// fragment and dropped from the address bar (and history) at once; it travels only in the body of
// POST /api/calls/join-link, which answers with the call and sets a guest cookie good for that call
// only. Then the portal's call page takes over. A link that cannot be used says why in words, and
// offers the portal's sign-in and the camera and microphone check.
import { JOIN_WINDOW_MINUTES } from '../../../../shared/join-window.js';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useNavigate } from 'react-router';
import './calls.css';
import { JoinTokenResponse } from '../../../../shared/calls.js';
import { createApiClient, isApiError } from '../../../api/factory.js';

// Its own client instance: this page has no session, and a staff or portal session in the same
// browser must neither lend it a CSRF token nor be ended by anything this page hears.
const linkApi = createApiClient().api;

// Read once per page load (a StrictMode re-render must not find the fragment already gone), and
// redeemed once: the link is single use, so a second POST would report it used.
let captured: string | null | undefined;
function takeToken(): string | null {
  if (captured === undefined) {
    const raw = window.location.hash.replace(/^#/, '');
    // `#<token>`; `#token=<token>` is accepted too.
    captured = (raw.startsWith('token=') ? new URLSearchParams(raw).get('token') : decodeURIComponent(raw)) || null;
    if (window.location.hash) history.replaceState(history.state, '', window.location.pathname);
  }
  return captured;
}
const redeemed = new Map<string, Promise<JoinTokenResponse>>();
function redeem(token: string): Promise<JoinTokenResponse> {
  let p = redeemed.get(token);
  if (!p) {
    p = linkApi.post('/api/calls/join-link', { token }, JoinTokenResponse, { expectAuthFailure: true });
    redeemed.set(token, p);
  }
  return p;
}

/** Why a join link did not open, in words. */
export function joinProblem(e: unknown): string {
  if (!isApiError(e)) return 'Something went wrong. Please try again.';
  switch (e.code) {
    case 'link_used':
      return 'This link was already used. Each join link works once: ask your provider for a new one, or sign in to your portal to join the call.';
    case 'link_expired':
      return 'This link has expired. Ask your provider for a new one, or sign in to your portal to join the call.';
    case 'token_invalid':
    case 'validation_error':
      return 'This link is not valid. Open it again from your text message or e-mail, and make sure it is complete.';
    case 'join_not_open':
      return `It is too early to join: you can join from ${JOIN_WINDOW_MINUTES} minutes before your appointment starts. Keep this page open and press Try again then, or open the link again.`;
    case 'call_over':
      return 'This call has ended. If you still need to talk, contact your provider or sign in to your portal.';
  }
  if (e.status === 0) return "Couldn't reach the server. Check your connection and try again.";
  if (e.status === 429) return `Too many tries from this connection. Please wait${e.retryAfterSeconds ? ` ${e.retryAfterSeconds} seconds` : ' a minute'} and try again.`;
  if (e.status === 400 || e.status === 404) return 'This link is not valid. Open it again from your text message or e-mail, and make sure it is complete.';
  return 'Something went wrong on our side. Please try again in a few minutes.';
}

type State = { kind: 'joining' } | { kind: 'error'; code: string; message: string; retry: boolean };

const INCOMPLETE: State = { kind: 'error', code: 'incomplete', message: 'This link is incomplete. Open it again from your text message or e-mail, and make sure it is complete.', retry: false };

export function JoinPage() {
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
        setState({ kind: 'error', code: isApiError(e) ? e.code : 'unknown', message: joinProblem(e), retry: transient });
      },
    );
    return () => {
      alive = false;
    };
  }, [token, navigate, attempt]);

  return (
    <>
      <header className="topbar">
        <span className="brand">Hearth</span>
        <span className="practice-name">Video call</span>
      </header>
      <main id="main" className="page narrow join-page">
        <div data-testid="join-page" data-state={state.kind} data-code={state.kind === 'error' ? state.code : undefined}>
          <h1>Join your call</h1>
          {state.kind === 'joining' ? (
            <p role="status">Opening your call…</p>
          ) : (
            <>
              <p role="alert" data-testid="join-error">
                {state.message}
              </p>
              {state.retry ? (
                <p>
                  <Button
                    className="btn primary"
                    onPress={() => {
                      setState({ kind: 'joining' });
                      setAttempt((n) => n + 1);
                    }}
                  >
                    Try again
                  </Button>
                </p>
              ) : null}
            </>
          )}
          <ul className="join-links">
            <li>
              <Link to="/portal/login" data-testid="join-portal-sign-in">
                Sign in to your portal
              </Link>
            </li>
            <li>
              <Link to="/portal/device-check" data-testid="join-device-check">
                Test your camera and microphone
              </Link>
            </li>
          </ul>
        </div>
      </main>
    </>
  );
}
