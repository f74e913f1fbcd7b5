// A chunk that would not load (src/web/sw-register.ts): the page reloads once per tab only when the
// server says the chunk is gone (a new build), never when the link or the server is down, which
// would lose what the person typed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assetOf, reloadIfGone } from './sw-register.js';

const store = new Map<string, string>();
const sessionStorageStub = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };

describe('a chunk that would not load', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    store.clear();
  });

  it('names the asset of either kind of failure, and none of anything else', () => {
    expect(assetOf(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:3000/assets/aria-dialog-B76DtJ3Y.js'))).toBe('/assets/aria-dialog-B76DtJ3Y.js');
    expect(assetOf(new Error('Unable to preload CSS for /assets/CallPage-qCfBYfYb.css'))).toBe('/assets/CallPage-qCfBYfYb.css');
    expect(assetOf(new Error('something else'))).toBeNull();
    expect(assetOf(undefined)).toBeNull();
  });

  it('reloads once when the server answers 404 for it; not when the server cannot be reached, nor when it has the file', async () => {
    vi.stubGlobal('sessionStorage', sessionStorageStub);
    const reload = vi.fn();
    const error = new TypeError('Failed to fetch dynamically imported module: http://h/assets/Page-1.js');

    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect(await reloadIfGone(error, reload)).toBe(false);
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 200 })));
    expect(await reloadIfGone(error, reload)).toBe(false);
    expect(reload).not.toHaveBeenCalled();

    const head = vi.fn(async () => new Response('', { status: 404 }));
    vi.stubGlobal('fetch', head);
    expect(await reloadIfGone(error, reload)).toBe(true);
    expect(head).toHaveBeenCalledWith('/assets/Page-1.js', { method: 'HEAD', cache: 'no-store' });
    // Once per tab: a second missing chunk does not reload again (no loop on a broken deploy).
    expect(await reloadIfGone(error, reload)).toBe(false);
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
