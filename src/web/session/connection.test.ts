// A failed request is explained as what really happened: no network on this device, Hearth's
// server unreachable, the server briefly unavailable, or the request refused with its reason.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, isApiError, networkError } from '../api/factory.js';
import { explainFailure } from './connection.js';

const WHAT = 'Your message was not sent';
const explained = (e: unknown) => {
  const out = explainFailure(e, WHAT);
  if (!isApiError(out)) throw new Error('expected an ApiError');
  return out;
};

describe('explaining a failed send', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('no answer while the browser has a network: the server cannot be reached (not "check your connection")', () => {
    vi.stubGlobal('navigator', { onLine: true });
    const e = explained(networkError());
    expect(e.message).toBe("Your message was not sent: Hearth's server can't be reached right now. It is kept here; try again in a moment.");
    expect(e.message).not.toMatch(/your connection/i);
    expect(e.status).toBe(0);
  });

  it('no answer and the browser is offline: this device is offline', () => {
    vi.stubGlobal('navigator', { onLine: false });
    expect(explained(networkError()).message).toBe('Your message was not sent: this device is offline. It is kept here; send it again when you are back online.');
  });

  it('a 5xx says the server is unavailable for a moment, with its Retry-After', () => {
    const e = explained(new ApiError(503, { code: 'overloaded', message: 'Busy' }, 7));
    expect(e.message).toBe('Your message was not sent: Hearth is unavailable for a moment (the server answered 503). It is kept here. Try again in 7 seconds.');
    // Not appended a second time by the form's summary.
    expect(e.retryAfterSeconds).toBeUndefined();
  });

  it('a refusal says so with the server’s reason, and the field keeps its own words', () => {
    const e = explained(new ApiError(400, { code: 'validation', message: 'body: must not be empty', field: 'body' }));
    expect(e.message).toBe('Your message was not sent: body: must not be empty');
    expect(e.field).toBe('body');
    expect(e.issues).toEqual([{ field: 'body', message: 'must not be empty' }]);
    const gone = explained(new ApiError(404, { code: 'not_found', message: 'This conversation is closed.' }));
    expect(gone.message).toBe('Your message was not sent: This conversation is closed.');
    expect(gone.issues).toEqual([]);
  });

  it('throttling names the wait once; anything else passes through untouched', () => {
    expect(explained(new ApiError(429, { code: 'rate_limited', message: 'Too many' }, 30)).message).toBe('Your message was not sent: too many requests. Try again in 30 seconds.');
    const other = new Error('boom');
    expect(explainFailure(other, WHAT)).toBe(other);
  });
});
