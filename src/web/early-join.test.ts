// A join link's early redemption (./early-join.ts): the token read from the fragment in both
// forms, a malformed one refused rather than thrown, and the answer handed over once, only for
// the token it was started for.
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('the early redemption of a join link', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('reads the token of #<token> and #token=<token>, and none from an empty or malformed fragment', async () => {
    const { tokenOf } = await import('./early-join.js');
    expect(tokenOf('#abc.DEF_123')).toBe('abc.DEF_123');
    expect(tokenOf('#token=abc%2Bdef')).toBe('abc+def');
    expect(tokenOf('#a%20b')).toBe('a b');
    expect(tokenOf('')).toBeNull();
    expect(tokenOf('#')).toBeNull();
    expect(tokenOf('#%E0%A4%A')).toBeNull();
  });

  it('on /join, posts the token at once and hands the answer over once, to the same token only', async () => {
    const answer = new Response('{"callId":"c1"}', { status: 200 });
    const fetchMock = vi.fn(async () => answer);
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('location', { pathname: '/join', hash: '#tok-1' });
    const { takeEarlyJoin } = await import('./early-join.js');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/calls/join-link');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ token: 'tok-1' });
    expect(takeEarlyJoin('another')).toBeNull();
    expect(await takeEarlyJoin('tok-1')).toBe(answer);
    expect(takeEarlyJoin('tok-1')).toBeNull();
  });

  it('anywhere else, or with no token, posts nothing', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('location', { pathname: '/portal/login', hash: '#tok-1' });
    await import('./early-join.js');
    vi.resetModules();
    vi.stubGlobal('location', { pathname: '/join', hash: '' });
    await import('./early-join.js');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
