// The built SPA (config.webDistDir): hashed assets, served as the build pre-compressed them, and
// every other path answered with an entry's HTML so the SPA's own routes work on reload. A client
// path answers the light client entry's page (client.html, built apart from the staff app); the
// address of a client's first screen (a join link, a call, the portal's sign-in or home) gets that
// page with the screen's own chunks named in it (<link rel="modulepreload">, from the build's
// first-screens.json), so a weak link fetches them beside the entry's script instead of a round
// trip after it has run, and a join link's redemption starts before the app has arrived
// (src/web/early-join.ts): issue 19's light client path (docs/client-path.md).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isClientPath } from '../shared/client-paths.js';
import { FIRST_SCREEN_NAMES, FIRST_SCREENS_FILE, type FirstScreen, type FirstScreens } from '../shared/first-screens.js';
import type { Config } from './config.js';
import { requestLocale } from './i18n/errors.js';
import { cookieName } from './plugins/auth.js';

/**
 * The first screen an address opens, if it is one. The portal's own address is its home for a
 * browser holding a portal session cookie (only a hint of which chunks to name: the page itself
 * asks the server who is signed in), else its sign-in.
 */
export function firstScreenOf(pathname: string, portalCookie: boolean): FirstScreen | null {
  if (pathname === '/join') return 'join';
  if (/^\/portal\/calls\/[^/]+$/.test(pathname)) return 'call';
  if (pathname === '/portal/login') return 'sign-in';
  if (pathname === '/portal' || pathname === '/portal/') return portalCookie ? 'home' : 'sign-in';
  return null;
}

const ASSET = /^assets\/[\w.-]+\.(?:js|css)$/;

/**
 * The tags naming a screen's files (the build's own asset names; anything else is left out): each
 * of `run` as a module script run as soon as it arrives, each of `preload` fetched at once for the
 * entry to find (a stylesheet applied).
 */
export function preloadTags(preload: readonly string[], run: readonly string[] = []): string {
  const own = (f: string) => ASSET.test(f);
  const scripts = run.filter(own).map((f) => `<script type="module" async crossorigin src="/${f}"></script>`);
  const links = preload
    .filter(own)
    .map((f) => (f.endsWith('.css') ? `<link rel="stylesheet" crossorigin href="/${f}">` : `<link rel="modulepreload" crossorigin href="/${f}">`));
  return [...scripts, ...links].join('');
}

/** `html` with the tags before its </head> (or unchanged when it has none). */
export function withPreloads(html: string, tags: string): string {
  const at = html.indexOf('</head>');
  return tags && at >= 0 ? html.slice(0, at) + tags + html.slice(at) : html;
}

/**
 * A built file read and parsed again only when it changed on disk (a rebuild under a running
 * server), not on every request; null while it is missing.
 */
function freshFile<T>(file: string, parse: (text: string) => T): () => T | null {
  let kept: { mtimeMs: number; value: T } | null = null;
  return () => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return null;
    if (kept?.mtimeMs !== stat.mtimeMs) kept = { mtimeMs: stat.mtimeMs, value: parse(readFileSync(file, 'utf8')) };
    return kept.value;
  };
}

/** The build's first-screens.json, or null when it is not of the shape the server reads. */
function readScreens(text: string): FirstScreens | null {
  try {
    const parsed = JSON.parse(text) as FirstScreens;
    return FIRST_SCREEN_NAMES.every((n) => Array.isArray(parsed.screens?.[n]) && Array.isArray(parsed.run?.[n])) && Array.isArray(parsed.spanish) ? parsed : null;
  } catch {
    return null;
  }
}

/** The Spanish words are named too for a link that says ?lang=es or a browser that prefers Spanish. */
function wantsSpanish(req: FastifyRequest): boolean {
  const lang = new URLSearchParams(req.url.split('?')[1] ?? '').get('lang')?.toLowerCase();
  return lang ? lang === 'es' : requestLocale(req.headers['accept-language']) === 'es';
}

/**
 * Hashed assets never change; the service worker (sw.js) and the entries' HTML are checked on
 * every use (no-cache), so a new build is picked up at once; anything else is not kept.
 */
function staticCacheControl(pathname: string): string {
  if (pathname.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  if (pathname === '/sw.js' || pathname.endsWith('.html')) return 'no-cache';
  return 'no-store';
}

export async function serveSpa(app: FastifyInstance, config: Readonly<Config>): Promise<void> {
  if (!existsSync(config.webDistDir)) return;
  const root = path.resolve(config.webDistDir);
  // A build without a client entry answers index.html on the client paths too.
  const clientShell = existsSync(path.join(root, 'client.html')) ? 'client.html' : 'index.html';
  const clientHtml = freshFile(path.join(root, clientShell), (text) => text);
  const firstScreens = freshFile(path.join(root, FIRST_SCREENS_FILE), readScreens);
  const portalCookie = cookieName(config, 'portal');
  // preCompressed: the build's .br/.gz beside each asset (vite.config.ts) are sent as they are, not
  // compressed again per request. cacheControl: false, so the Cache-Control set below is the one
  // sent (the plugin's own `public, max-age=0` replaced it: hashed assets were never cached).
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true, cacheControl: false });
  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const pathname = decodeURIComponent(req.url.split('?')[0]!);
    if (pathname.startsWith('/api/')) return reply.code(404).send({ error: { code: 'not_found', message: 'No such route' } });
    const file = path.resolve(root, '.' + pathname);
    if (file.startsWith(root + path.sep) && path.extname(file) && existsSync(file)) {
      reply.header('cache-control', staticCacheControl(pathname));
      // The same URL travels as brotli, gzip or plain: a shared cache must keep them apart.
      return reply.header('vary', 'accept-encoding').sendFile(path.relative(root, file));
    }
    if (path.extname(pathname)) return reply.code(404).send({ error: { code: 'not_found', message: 'No such file' } });
    reply.header('cache-control', 'no-store');
    if (!isClientPath(pathname)) return reply.sendFile('index.html');
    const screen = firstScreenOf(pathname, Boolean(req.cookies[portalCookie]));
    const screens = screen ? firstScreens() : null;
    const html = screens ? clientHtml() : null;
    if (!screen || !screens || html === null) return reply.sendFile(clientShell);
    const files = [...screens.screens[screen], ...(wantsSpanish(req) ? screens.spanish : [])];
    // The page differs by the language asked for and by the portal cookie: a shared cache keeps them apart.
    return reply.header('vary', 'accept-language, cookie').type('text/html; charset=utf-8').send(withPreloads(html, preloadTags(files, screens.run[screen])));
  });
}
