// The service worker (built to /sw.js by scripts/web-build/service-worker.ts, which fills in
// HEARTH_SW): it keeps the app shell — the two entries' HTML and the build's hashed assets — so a
// client opening a link again on a weak signal starts from the device, not the network.
//   - Only same-origin GETs of /assets/* and page navigations are answered; /api, /ws and every
//     other request go to the network untouched, so nothing from the API (PHI) is ever cached.
//     A navigation is answered with the entry's HTML file (client.html or index.html), never the
//     server's answer for that URL: the shell holds no PHI.
//   - Hashed assets: cache first (a hash names one content forever). The shell HTML: from the
//     cache at once, refreshed in the background (stale-while-revalidate), so the next visit
//     starts on the newest build; a page whose lazy chunk is gone reloads (./register.ts).
//   - A new build installs beside the old one and waits (no skipWaiting): it takes over once no
//     page uses the old one, so a page in the middle of a call is never switched under it.
//     Activation deletes the old build's cache.
import { isClientPath } from '../../shared/client-paths.js';

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEvent) => void): void;
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
}

declare const HEARTH_SW: { version: string; precache: string[] };
const scope = self as unknown as WorkerScope;
const PREFIX = 'hearth-shell-';
const CACHE = `${PREFIX}${HEARTH_SW.version}`;

scope.addEventListener('install', (e) => {
  // Plain fetches: what the page just loaded comes from the HTTP cache, not the network again.
  e.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(HEARTH_SW.precache)));
});

scope.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
      // The first install only (no page was controlled before): the page that registered it is
      // served from the shell from now on. A later build never claims a page that runs the old one.
      await scope.clients.claim();
    })(),
  );
});

function isAsset(url: URL): boolean {
  return url.pathname.startsWith('/assets/') && !url.pathname.endsWith('.map');
}

async function fromCacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok && res.type === 'basic') await cache.put(request, res.clone());
  return res;
}

async function shell(e: FetchEvent, url: URL): Promise<Response> {
  const file = isClientPath(url.pathname) ? '/client.html' : '/index.html';
  const cache = await caches.open(CACHE);
  const fresh = fetch(file, { cache: 'no-cache' }).then(async (res) => {
    if (res.ok && res.type === 'basic') await cache.put(file, res.clone());
    return res;
  });
  const hit = await cache.match(file);
  if (!hit) return fresh.catch(() => fetch(e.request));
  e.waitUntil(fresh.catch(() => undefined));
  return hit;
}

scope.addEventListener('fetch', (e) => {
  const { request } = e;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin) return;
  if (request.mode === 'navigate') e.respondWith(shell(e, url));
  else if (isAsset(url)) e.respondWith(fromCacheFirst(request));
});
