import { describe, expect, it } from 'vitest';
import { turnCredentials } from './turn.js';

describe('turnCredentials (TURN REST API)', () => {
  // The vector was computed outside Node:
  //   echo -n '1700000600:peer-42' | openssl dgst -sha1 -hmac 'north-wind-secret' -binary | base64
  it('matches an independently computed HMAC-SHA1 vector', () => {
    const c = turnCredentials('north-wind-secret', 600, 'peer-42', 1_700_000_000_000);
    expect(c).toEqual({ username: '1700000600:peer-42', credential: '47Xv20laC5WwUcEXV+KtWQ+vREc=', expiresAt: 1_700_000_600 });
  });

  it('puts the expiry (now + ttl, whole seconds) first in the username', () => {
    const now = 1_800_000_123_987;
    const c = turnCredentials('s', 3600, 'alice', now);
    expect(c.expiresAt).toBe(1_800_003_723);
    expect(c.username.split(':')[0]).toBe(String(c.expiresAt));
  });

  it('defaults to the current time', () => {
    const before = Math.floor(Date.now() / 1000);
    const c = turnCredentials('s', 60, 'bob');
    expect(c.expiresAt).toBeGreaterThanOrEqual(before + 60);
    expect(c.expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 60);
  });

  it('refuses an empty secret, a bad ttl and a user containing ":"', () => {
    expect(() => turnCredentials('', 60, 'u')).toThrow(/secret/);
    expect(() => turnCredentials('s', 0, 'u')).toThrow(/ttl/);
    expect(() => turnCredentials('s', 1.5, 'u')).toThrow(/ttl/);
    expect(() => turnCredentials('s', 60, 'a:b')).toThrow(/user/);
  });
});
