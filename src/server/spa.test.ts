// The first screens' pages (src/server/spa.ts): the address of a client's first screen answers
// the client entry's HTML with that screen's chunks named in it (modulepreload, its stylesheet),
// a join link's redemption script to run at once, and the Spanish words for a browser or link that
// asks for Spanish; any other address, or a build without first-screens.json, answers the HTML as
// built. Names that are not the build's own assets never reach the page.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirstScreens } from '../shared/first-screens.js';
import { firstScreenOf, preloadTags, withPreloads } from './spa.js';
import { createHarness, type Harness } from './testing/harness.js';

const CLIENT_HTML = '<!doctype html><html><head><title>Hearth</title><script type="module" crossorigin src="/assets/client-1.js"></script></head><body><div id="root"></div></body></html>';
const screens: FirstScreens = {
  screens: {
    join: ['assets/JoinPage-2.js', 'assets/CallPage-3.js', 'assets/call-4.css'],
    call: ['assets/CallPage-3.js', 'assets/call-4.css'],
    'sign-in': ['assets/PortalAuthPages-5.js'],
    home: ['assets/PortalHome-6.js', '../../etc/passwd', 'assets/x.js"><script>alert(1)</script>'],
  },
  run: { join: ['assets/early-join-7.js'], call: [], 'sign-in': [], home: [] },
  spanish: ['assets/es-8.js'],
};

describe('which first screen an address opens', () => {
  it('names the join link, a call, the sign-in, and the portal home only for a browser with a portal cookie', () => {
    expect(firstScreenOf('/join', false)).toBe('join');
    expect(firstScreenOf('/portal/calls/0b7c5a1e', false)).toBe('call');
    expect(firstScreenOf('/portal/login', true)).toBe('sign-in');
    expect(firstScreenOf('/portal', false)).toBe('sign-in');
    expect(firstScreenOf('/portal', true)).toBe('home');
    for (const other of ['/portal/calls', '/portal/calls/1/extra', '/portal/clients/1/messages', '/status', '/joined']) expect(firstScreenOf(other, true)).toBeNull();
  });

  it('writes its tags before </head>, and only for the build’s own asset names', () => {
    const tags = preloadTags(['assets/a-1.js', 'assets/a-2.css', 'https://evil.example/x.js', 'assets/../x.js'], ['assets/run-3.js']);
    expect(tags).toBe('<script type="module" async crossorigin src="/assets/run-3.js"></script><link rel="modulepreload" crossorigin href="/assets/a-1.js"><link rel="stylesheet" crossorigin href="/assets/a-2.css">');
    expect(withPreloads('<head><title>t</title></head>', '<x>')).toBe('<head><title>t</title><x></head>');
    expect(withPreloads('<p>no head</p>', '<x>')).toBe('<p>no head</p>');
  });
});

describe('the first screens’ pages, served', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hearth-spa-first-'));
    mkdirSync(path.join(dir, 'assets'));
    mkdirSync(path.join(dir, '.vite'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><title>Staff</title></head><body></body></html>');
    writeFileSync(path.join(dir, 'client.html'), CLIENT_HTML);
    writeFileSync(path.join(dir, '.vite/first-screens.json'), JSON.stringify(screens));
    h = await createHarness('sqlite', { env: { WEB_DIST_DIR: dir } });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url, headers });
  const named = (html: string) => [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);

  it('a join link: its pages preloaded and its redemption run at once, not stored, told apart by language and cookie', async () => {
    const res = await get('/join');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(String(res.headers.vary)).toMatch(/accept-language/);
    expect(String(res.headers.vary)).toMatch(/cookie/);
    expect(res.body).toContain('<script type="module" async crossorigin src="/assets/early-join-7.js"></script>');
    expect(res.body).toContain('<link rel="modulepreload" crossorigin href="/assets/JoinPage-2.js">');
    expect(res.body).toContain('<link rel="stylesheet" crossorigin href="/assets/call-4.css">');
    expect(named(res.body)).toEqual(['/assets/client-1.js', '/assets/early-join-7.js', '/assets/JoinPage-2.js', '/assets/CallPage-3.js', '/assets/call-4.css']);
    expect(res.body.indexOf('early-join-7')).toBeLessThan(res.body.indexOf('</head>'));
  });

  it('Spanish words for a browser that prefers Spanish or a link that says ?lang=es, not otherwise', async () => {
    expect((await get('/portal/login', { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' })).body).toContain('/assets/es-8.js');
    expect((await get('/portal/login?lang=es')).body).toContain('/assets/es-8.js');
    expect((await get('/portal/login', { 'accept-language': 'en-US,es;q=0.5' })).body).not.toContain('/assets/es-8.js');
    expect((await get('/portal/login?lang=en', { 'accept-language': 'es' })).body).not.toContain('/assets/es-8.js');
  });

  it('the portal: its home’s pages with a portal cookie, the sign-in’s without; never a name that is not an asset', async () => {
    const signedOut = await get('/portal');
    expect(named(signedOut.body)).toEqual(['/assets/client-1.js', '/assets/PortalAuthPages-5.js']);
    const signedIn = await get('/portal', { cookie: 'hearth_portal_sid=anything' });
    expect(named(signedIn.body)).toEqual(['/assets/client-1.js', '/assets/PortalHome-6.js']);
    expect(signedIn.body).not.toContain('passwd');
    expect(signedIn.body).not.toContain('alert(1)');
  });

  it('any other client address, and the staff app’s, answer the HTML as built', async () => {
    expect((await get('/portal/clients/1/messages')).body).toBe(CLIENT_HTML);
    expect((await get('/status')).body).toBe(CLIENT_HTML);
    expect((await get('/today')).body).toContain('<title>Staff</title>');
  });

  it('a build without a readable first-screens.json answers the HTML as built', async () => {
    writeFileSync(path.join(dir, '.vite/first-screens.json'), '{"screens": {}}');
    try {
      expect((await get('/join')).body).toBe(CLIENT_HTML);
    } finally {
      writeFileSync(path.join(dir, '.vite/first-screens.json'), JSON.stringify(screens));
    }
  });
});
