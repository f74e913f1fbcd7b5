// Ending a session in the browser: whatever the cause (idle timeout, any 401, the socket's
// session_ended, logout), leave nothing from the API behind — no query cache, no storage,
// no PHI on screen — and land on the login page with a plain notice.
import { QueryClient } from '@tanstack/react-query';
import { isApiError, session } from '../api/client.js';
import { heartbeat } from './connection.js';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Refetching on focus would count as user activity and keep idle sessions alive.
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      staleTime: 15_000,
      gcTime: 5 * 60_000,
      retry: (count, err) => {
        if (isApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 429) return false;
        return count < 3;
      },
      retryDelay: (attempt) => Math.min(8_000, 1_000 * 2 ** attempt),
    },
  },
});

export type EndReason = 'idle' | 'logout' | 'revoked' | 'expired' | 'password_changed' | 'unknown';

type Navigate = (to: string, state: { notice: string }) => Promise<void> | void;
let navigateTo: Navigate | null = null;
export function setNavigator(fn: Navigate) {
  navigateTo = fn;
}

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

export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function noticeFor(reason: EndReason): string {
  const idle = session.getIdle();
  switch (reason) {
    case 'idle':
      return `You were signed out after ${formatDuration(idle.windowMs ?? 30 * 60_000)} without activity.`;
    case 'logout':
      return 'You signed out.';
    case 'revoked':
      return 'Your session was ended from another device or by an administrator. Please sign in again.';
    case 'password_changed':
      return 'Your password was changed. Please sign in with the new password.';
    case 'expired':
      return 'Your session has ended. Please sign in again.';
    case 'unknown':
      return 'Your session has ended. Please sign in again.';
  }
}

/** Wipe every trace of API data from this tab. Storage never held API data; clearing is a belt. */
export function wipeClientData() {
  queryClient.cancelQueries().catch(() => undefined);
  queryClient.clear();
  try {
    sessionStorage.clear();
    localStorage.clear();
  } catch {
    /* storage may be unavailable */
  }
}

let ending = false;
export async function endSession(reason: EndReason) {
  if (ending) return;
  ending = true;
  try {
    // A 401 at or after the known idle expiry is the idle timeout, not some other cause.
    const idle = session.getIdle();
    let r = reason;
    if ((r === 'unknown' || r === 'expired') && idle.expiresAt !== null && Date.now() >= idle.expiresAt - 3_000) r = 'idle';
    const notice = noticeFor(r);
    heartbeat.stop();
    session.setActive(false);
    enrolment.set(false);
    // Unmount the app frame first so nothing refetches, then empty the cache.
    await navigateTo?.('/login', { notice });
    wipeClientData();
    setTimeout(wipeClientData, 50);
  } finally {
    ending = false;
  }
}

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
  session.setCsrf(csrfToken);
  session.setActive(true);
  enrolment.set(mfaEnrollmentRequired);
  queryClient.clear();
}
