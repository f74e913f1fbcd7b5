// A one-time token carried in a link's URL fragment (#token=...): a password reset, a reminder's
// confirm/cancel link. The fragment never reaches the server's logs; it is dropped from the
// address bar and history as soon as it is read.
import { type ComponentType, createElement, useEffect, useState } from 'react';

/**
 * What was taken from the address bar in this document, with the page it was taken on. A render
 * that suspends (a lazy chunk still loading on a slow link) or a remount (the language arriving)
 * throws its state away after the fragment is already gone: it finds the values here again.
 */
let taken: { path: string; params: Record<string, string> } | null = null;

/**
 * The named values of the URL fragment (`#confirm=…`), taken out of the address bar and history as
 * they are read; read again on the same page, the same values.
 */
export function takeHashParams<K extends string>(names: readonly K[]): Partial<Record<K, string>> {
  const path = window.location.pathname;
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const found: Partial<Record<K, string>> = {};
  for (const name of names) {
    const v = fragment.get(name);
    if (v) found[name] = v;
  }
  if (Object.keys(found).length > 0) {
    history.replaceState(history.state, '', path + window.location.search);
    taken = { path, params: found as Record<string, string> };
    return found;
  }
  if (taken?.path !== path) return {};
  const again: Partial<Record<K, string>> = {};
  for (const name of names) if (taken.params[name]) again[name] = taken.params[name];
  return again;
}

/** The `token` in the URL fragment, taken out of the address bar and history as it is read. */
export function takeHashToken(): string | null {
  return takeHashParams(['token']).token ?? null;
}

/**
 * A token from the URL fragment, then dropped from the address bar and history. Opening another
 * link to the same page changes only the fragment (no reload): the new token replaces the old, so
 * a page keyed by it starts afresh instead of keeping the last link's error.
 */
export function useHashToken(): string | null {
  const [token, setToken] = useState(takeHashToken);
  useEffect(() => {
    const onHashChange = () => {
      const t = takeHashToken();
      if (t) setToken(t);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return token;
}

/**
 * The page a link opens, given the link's token and keyed by it: another link opened here starts
 * afresh, with an empty form and no old error.
 */
export function keyedByHashToken<P extends { token: string | null }>(Page: ComponentType<P>) {
  return function KeyedByHashToken(props: Omit<P, 'token'>) {
    const token = useHashToken();
    return createElement(Page, { ...props, token, key: token ?? '' } as P & { key: string });
  };
}
