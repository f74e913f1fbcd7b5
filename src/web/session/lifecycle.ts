// The browser side of a session's life, one implementation for both principals (staff in
// ./staff.ts, portal client in ./portal.ts): a query cache of its own (../lib/query.ts),
// beginning a session after sign-in, and ending it — whatever the cause — by leaving for the
// sign-in page with a plain notice and nothing from the API left behind.
import type { QueryClient } from '@tanstack/react-query';
import type { ClientSession } from '../api/factory.js';

export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The notice after an idle sign-out, from the idle window last seen (30 minutes if never seen). */
export const idleNotice = (session: ClientSession) =>
  `You were signed out after ${formatDuration(session.getIdle().windowMs ?? 30 * 60_000)} without activity.`;

type Navigate = (to: string, state: { notice: string }) => Promise<void> | void;

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
  notices: Record<Exclude<R, 'idle' | 'logout'>, string>;
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
      const notice = r === cfg.idleReason ? idleNotice(cfg.session) : r === 'logout' ? 'You signed out.' : cfg.notices[r as Exclude<R, 'idle' | 'logout'>];
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
