// The link's token survives a render React throws away (a lazy chunk suspending on a slow link, a
// remount when the language arrives): the fragment is gone from the address bar after the first
// read, and the token is still there for the next one, on that page only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

function fakeLocation(href: string) {
  const url = new URL(href);
  const location = { get pathname() { return url.pathname; }, get search() { return url.search; }, get hash() { return url.hash; } };
  const history = { state: null, replaceState: (_s: unknown, _t: string, to: string) => void (url.href = new URL(to, url).href) };
  const go = (to: string) => void (url.href = new URL(to, url).href);
  return { window: { location }, history, url, go };
}

describe('takeHashToken', () => {
  let env: ReturnType<typeof fakeLocation>;
  beforeEach(() => {
    vi.resetModules();
    env = fakeLocation('https://hearth.example/r#token=first');
    vi.stubGlobal('window', env.window);
    vi.stubGlobal('history', env.history);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('takes the token out of the address bar and gives it again to a second read', async () => {
    const { takeHashToken } = await import('./hash-token.js');
    expect(takeHashToken()).toBe('first');
    expect(env.url.href).toBe('https://hearth.example/r');
    expect(takeHashToken()).toBe('first');
  });

  it('a new link replaces the token; another page does not see it', async () => {
    const { takeHashToken } = await import('./hash-token.js');
    expect(takeHashToken()).toBe('first');
    env.go('/r#token=second');
    expect(takeHashToken()).toBe('second');
    expect(takeHashToken()).toBe('second');
    env.go('/portal/accept');
    expect(takeHashToken()).toBeNull();
  });

  it('no token in a fresh document is none', async () => {
    env.go('/r');
    const { takeHashToken } = await import('./hash-token.js');
    expect(takeHashToken()).toBeNull();
  });
});

describe('takeHashParams', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('takes the named values once from the address bar, and again from memory on that page', async () => {
    vi.resetModules();
    const env = fakeLocation('https://hearth.example/status/subscribe#confirm=abc');
    vi.stubGlobal('window', env.window);
    vi.stubGlobal('history', env.history);
    const { takeHashParams } = await import('./hash-token.js');
    expect(takeHashParams(['confirm', 'unsubscribe'])).toEqual({ confirm: 'abc' });
    expect(env.url.hash).toBe('');
    expect(takeHashParams(['confirm', 'unsubscribe'])).toEqual({ confirm: 'abc' });
    expect(takeHashParams(['token'])).toEqual({});
  });
});
