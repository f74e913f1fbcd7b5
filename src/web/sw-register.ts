// Registers the service worker (./sw/sw.ts, served as /sw.js) once the first screen is up
// (lib/after-first-screen.ts), so its install never competes with the screen for a slow link.
// Production builds only: `vite dev` serves no sw.js.
// A lazy page whose chunk the server no longer has (a new build since this page's HTML was kept)
// reloads the page once per tab, which then starts on the newest build.
import { afterFirstScreen } from './lib/after-first-screen.js';

const RELOADED = 'hearth.chunk-reload';

export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  afterFirstScreen(() => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // No service worker (private mode, an old browser): the app works as before, uncached.
    });
  });
  window.addEventListener('vite:preloadError', (event) => {
    try {
      if (sessionStorage.getItem(RELOADED)) return;
      sessionStorage.setItem(RELOADED, '1');
    } catch {
      return;
    }
    event.preventDefault();
    window.location.reload();
  });
}
