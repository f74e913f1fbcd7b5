// The built SPA's assets: a file the build pre-compressed (vite.config.ts writes .br and .gz beside
// it) is sent as those bytes, not compressed again per request; one without them is compressed as
// before; every form decodes to the file; index.html is no-store and hashed assets immutable (the
// static plugin's own `public, max-age=0` used to replace both).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

// Big enough to be compressed (over 1 KB), and different each line so the encodings differ in size.
const script = Array.from({ length: 400 }, (_, i) => `export const line${i} = ${i * 7919};`).join('\n');
const style = Array.from({ length: 300 }, (_, i) => `.c${i} { margin: ${i}px; }`).join('\n');

describe('the SPA assets', () => {
  let h: Harness;
  let dir: string;
  // Marked, so a response can be told apart from one compressed on the fly: the build's .br holds a
  // brotli stream of the file with a quality the server never uses, but both decode the same, so
  // the test pre-compresses a different body and checks it is the one that arrives.
  const prebuiltBr = brotliCompressSync(Buffer.from(script + '\n// from the .br'));
  const prebuiltGz = gzipSync(Buffer.from(script + '\n// from the .gz'));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hearth-spa-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Hearth</title><div id="root"></div>');
    writeFileSync(path.join(dir, 'client.html'), '<!doctype html><title>Hearth</title><div id="root" data-entry="client"></div>');
    writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(path.join(dir, 'assets', 'app-1a2b3c.js'), script);
    writeFileSync(path.join(dir, 'assets', 'app-1a2b3c.js.br'), prebuiltBr);
    writeFileSync(path.join(dir, 'assets', 'app-1a2b3c.js.gz'), prebuiltGz);
    writeFileSync(path.join(dir, 'assets', 'style-4d5e6f.css'), style);
    h = await createHarness('sqlite', { env: { WEB_DIST_DIR: dir } });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, encoding?: string) => h.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

  it('sends the pre-compressed file the browser accepts, as it is', async () => {
    const br = await get('/assets/app-1a2b3c.js', 'gzip, deflate, br, zstd');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.equals(prebuiltBr)).toBe(true);
    expect(String(br.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers['content-type'])).toMatch(/javascript/);

    const gz = await get('/assets/app-1a2b3c.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.equals(prebuiltGz)).toBe(true);

    const plain = await get('/assets/app-1a2b3c.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('compresses a file the build did not, as before; index.html answers the SPA’s routes, never kept', async () => {
    const css = await get('/assets/style-4d5e6f.css', 'br');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(css.rawPayload).toString('utf8')).toBe(style);
    const gz = await get('/assets/style-4d5e6f.css', 'gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(style);

    const index = await get('/calendar');
    expect(index.statusCode).toBe(200);
    expect(index.headers['cache-control']).toBe('no-store');
    expect(index.body).toContain('<div id="root"></div>');
  });

  it('answers the client paths with the client entry and every other path with the staff app', async () => {
    for (const url of ['/join', '/join?lang=es', '/r?lang=es', '/status', '/status/subscribe', '/portal', '/portal/login', '/portal/calls/c1']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('data-entry="client"');
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    for (const url of ['/', '/today', '/login', '/portals', '/reports', '/joined', '/clients/c1']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('data-entry="client"');
    }
  });

  it('lets the service worker and the entries’ pages be cached only when checked first', async () => {
    const sw = await get('/sw.js');
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(String(sw.headers['content-type'])).toMatch(/javascript/);
    // What the service worker fetches to keep the shell: checked with the server on each use.
    expect((await get('/client.html')).headers['cache-control']).toBe('no-cache');
    expect((await get('/index.html')).headers['cache-control']).toBe('no-cache');
  });
});
