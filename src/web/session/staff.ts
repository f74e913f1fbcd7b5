// The staff principal: ending a staff session in the browser, whatever the cause (idle timeout,
// any 401, the socket's session_ended, logout), leaves nothing from the API behind — no query
// cache, no storage, no PHI on screen — and lands on the login page with a plain notice. The
// mechanics are shared with the portal (./lifecycle.ts); what is staff-only lives here: the
// words, the /ws socket, the MFA enrolment gate.
import { api, session } from '../api/client.js';
import { Heartbeat } from './connection.js';
import { createQueryClient } from '../lib/query.js';
import { createSessionLifecycle } from './lifecycle.js';
import type { Principal } from './principal.js';

/** A session that ended for a reason the person need not know (its time limit, or unknown). */
const ENDED_NOTICE = { id: 'session.notice.ended', defaultMessage: 'Your session has ended. Please sign in again.' };

export const queryClient = createQueryClient();

/** The staff app's socket: heartbeat, a call's ring, session_ended. */
export const heartbeat = new Heartbeat({ path: '/ws', probe: () => api.get('/api/me', undefined, { background: true }) });

export type EndReason = 'idle' | 'logout' | 'revoked' | 'expired' | 'password_changed' | 'unknown';

// Enrolment gate: set when the practice requires MFA and this user has none yet.
let enrolmentRequired = false;
const enrolListeners = new Set<() => void>();
export const enrolment = {
  get: () => enrolmentRequired,
  set(v: boolean) {
    if (v === enrolmentRequired) return;
    enrolmentRequired = v;
    enrolListeners.forEach((l) => l());
  },
  subscribe(l: () => void) {
    enrolListeners.add(l);
    return () => {
      enrolListeners.delete(l);
    };
  },
};

const lifecycle = createSessionLifecycle<EndReason>({
  session,
  queryClient,
  loginPath: '/login',
  // A 401 at or after the known idle expiry is the idle timeout, not some other cause.
  idleAliases: ['unknown', 'expired'],
  idleReason: 'idle',
  notices: {
    revoked: { id: 'session.notice.revoked', defaultMessage: 'Your session was ended from another device or by an administrator. Please sign in again.' },
    password_changed: { id: 'session.notice.password-changed', defaultMessage: 'Your password was changed. Please sign in with the new password.' },
    expired: ENDED_NOTICE,
    unknown: ENDED_NOTICE,
  },
  onEnd: () => {
    heartbeat.stop();
    enrolment.set(false);
  },
  // Storage never held API data; clearing it is a belt.
  wipeExtra: () => {
    try {
      sessionStorage.clear();
      localStorage.clear();
    } catch {
      /* storage may be unavailable */
    }
  },
});

export const setNavigator = lifecycle.setNavigator;
/** Wipe every trace of API data from this tab. */
export const wipeClientData = lifecycle.wipe;
export const endSession = lifecycle.end;

session.onSessionLost(() => {
  void endSession('unknown');
});
session.onEnrolmentRequired(() => enrolment.set(true));
heartbeat.onSessionEnded((reason) => {
  const r: EndReason =
    reason === 'idle' ? 'idle' : reason === 'logout' ? 'logout' : reason === 'revoked' ? 'revoked' : 'expired';
  void endSession(r);
});

/** After a successful login/sign-up/MFA/invitation acceptance. */
export function beginSession(csrfToken: string, mfaEnrollmentRequired: boolean) {
  lifecycle.begin(csrfToken);
  enrolment.set(mfaEnrollmentRequired);
}

export function signOut() {
  void api
    .post('/api/auth/logout', {})
    .catch(() => undefined)
    .finally(() => void endSession('logout'));
}

export const staff: Principal = {
  kind: 'staff',
  session,
  queryClient,
  socket: heartbeat,
  loginPath: '/login',
  setNavigator,
  check: () => api.get('/api/me', undefined, { background: true }),
  keepAlive: () => api.post('/api/session/keepalive', {}),
  endIdle: () => void endSession('idle'),
  signOut,
  idle: { reason: "For your clients' privacy", testId: 'idle-warning' },
};
