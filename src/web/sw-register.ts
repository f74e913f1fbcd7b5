// Registers the service worker (./sw/sw.ts, served as /sw.js) once the first screen is up
// (lib/after-first-screen.ts), so its install never competes with the screen for a slow link.
// Production builds only: `vite dev` serves no sw.js.
// A lazy page whose chunk the server no longer has (a new build since this page's HTML was kept)
// reloads the page once per tab, which then starts on the newest build; a chunk that did not come
// because the network or the server is down never reloads it (reloadIfGone).
import { afterFirstScreen } from './lib/after-first-screen.js';

const RELOADED = 'hearth.chunk-reload';

export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  afterFirstScreen(() => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // No service worker (private mode, an old browser): the app works as before, uncached.
    });
  });
  window.addEventListener('vite:preloadError', (event) => void reloadIfGone((event as Event & { payload?: unknown }).payload));
}

/** The built asset a failed load names (`Failed to fetch dynamically imported module: <url>`, `Unable to preload CSS for <url>`). */
export function assetOf(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error ?? '');
  return /\/assets\/[\w.-]+\.(?:js|css)/.exec(message)?.[0] ?? null;
}

/**
 * A chunk that would not load: the page is reloaded (once per tab) only when the server answers
 * that it no longer has it (404: a new build since this page's HTML). A chunk that did not come
 * because the link or the server is down leaves the page as it is, with what the person typed:
 * the load's own caller says so and tries again (components/LazyDialog.tsx, lib/load-once.ts).
 */
export async function reloadIfGone(error: unknown, reload: () => void = () => window.location.reload()): Promise<boolean> {
  const asset = assetOf(error);
  if (!asset) return false;
  let gone = false;
  try {
    gone = (await fetch(asset, { method: 'HEAD', cache: 'no-store' })).status === 404;
  } catch {
    return false;
  }
  if (!gone) return false;
  try {
    if (sessionStorage.getItem(RELOADED)) return false;
    sessionStorage.setItem(RELOADED, '1');
  } catch {
    return false;
  }
  reload();
  return true;
}
