// The browser side of a session's life, one implementation for both principals (staff in
// ./staff.ts, portal client in ./portal.ts): a query cache of its own (../lib/query.ts),
// beginning a session after sign-in, and ending it — whatever the cause — by leaving for the
// sign-in page with a plain notice and nothing from the API left behind.
import type { QueryClient } from '@tanstack/react-query';
import type { ClientSession } from '../api/factory.js';

/**
 * What the sign-in page says after a session ends: a message, not words. The ending happens
 * outside React (no intl here), so the page formats it in its own language when it shows it. A
 * plain string (already formatted by a page that had intl) is accepted too.
 */
export interface Notice {
  id: string;
  defaultMessage: string;
  values?: Record<string, string | number>;
}

/** Whole seconds under 90 s, else whole minutes: a duration for a plural message ({unit, select, …}). */
export function durationParts(ms: number): { unit: 'seconds' | 'minutes'; n: number } {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds < 90 ? { unit: 'seconds', n: seconds } : { unit: 'minutes', n: Math.round(seconds / 60) };
}

const IDLE_NOTICE = {
  id: 'session.notice.idle',
  defaultMessage: 'You were signed out after {unit, select, seconds {{n, plural, one {# second} other {# seconds}}} other {{n, plural, one {# minute} other {# minutes}}}} without activity.',
};
const SIGNED_OUT_NOTICE = { id: 'session.notice.signed-out', defaultMessage: 'You signed out.' };

/** The notice after an idle sign-out, from the idle window last seen (30 minutes if never seen). */
export const idleNotice = (session: ClientSession): Notice => ({ ...IDLE_NOTICE, values: durationParts(session.getIdle().windowMs ?? 30 * 60_000) });

export type Navigate = (to: string, state: { notice: Notice | string }) => Promise<void> | void;

export interface LifecycleConfig<R extends string> {
  session: ClientSession;
  queryClient: QueryClient;
  /** Where an ended session lands. */
  loginPath: string;
  /** Reasons that, at or after the known idle expiry, were really the idle timeout. */
  idleAliases: readonly R[];
  idleReason: R;
  /**
   * What the sign-in page then says, for each reason but 'idle' (the idle limit: its notice tells
   * the idle window) and 'logout' (signed out here: "You signed out.").
   */
  notices: Record<Exclude<R, 'idle' | 'logout'>, Notice>;
  /** Extra clean-up as the session ends here (sockets, gates), before leaving the page. */
  onEnd?: () => void;
  /** Extra wiping after the cache is emptied (e.g. browser storage). */
  wipeExtra?: () => void;
}

export function createSessionLifecycle<R extends string>(cfg: LifecycleConfig<R>) {
  let navigateTo: Navigate | null = null;
  let ending = false;

  function wipe() {
    cfg.queryClient.cancelQueries().catch(() => undefined);
    cfg.queryClient.clear();
    cfg.wipeExtra?.();
  }

  async function end(reason: R) {
    if (ending) return;
    ending = true;
    try {
      // Past the idle deadline, whatever the server's code (another tab may have been told first), it was the idle limit.
      const idle = cfg.session.getIdle();
      const r = cfg.idleAliases.includes(reason) && idle.expiresAt !== null && Date.now() >= idle.expiresAt - 3_000 ? cfg.idleReason : reason;
      const notice = r === cfg.idleReason ? idleNotice(cfg.session) : r === 'logout' ? SIGNED_OUT_NOTICE : cfg.notices[r as Exclude<R, 'idle' | 'logout'>];
      cfg.session.setActive(false);
      cfg.onEnd?.();
      // Leave the signed-in pages first so nothing refetches, then empty the cache.
      await navigateTo?.(cfg.loginPath, { notice });
      wipe();
      setTimeout(wipe, 50);
    } finally {
      ending = false;
    }
  }

  function begin(csrfToken: string) {
    cfg.session.setCsrf(csrfToken);
    cfg.session.setActive(true);
    cfg.queryClient.clear();
  }

  return {
    setNavigator(fn: Navigate) {
      navigateTo = fn;
    },
    wipe,
    end,
    begin,
  };
}
