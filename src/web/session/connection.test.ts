// A failed request is explained as what really happened: no network on this device, Hearth's
// server unreachable, the server briefly unavailable, or the request refused with its reason.
import { createIntl, type IntlShape } from 'react-intl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, isApiError, networkError } from '../api/factory.js';
import componentsEs from '../components/es.json' with { type: 'json' };
import { explainFailure } from './connection.js';
import es from './es.json' with { type: 'json' };

const en = createIntl({ locale: 'en', timeZone: 'UTC' });
const spanish = createIntl({ locale: 'es-US', messages: { ...componentsEs, ...es }, timeZone: 'UTC', onError: (e) => { throw e; } });
const WHAT = 'Your message was not sent';
const explained = (e: unknown, intl: IntlShape = en, what = WHAT) => {
  const out = explainFailure(intl, e, what);
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
    // Shown as it is: the form does not word network_error again over it.
    expect(e.code).toBe('explained');
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
    expect(explainFailure(en, other, WHAT)).toBe(other);
  });

  it("in the page's language (a Spanish reader reads no English the web app wrote)", () => {
    const NO = 'Su mensaje no se envió';
    vi.stubGlobal('navigator', { onLine: true });
    expect(explained(networkError(), spanish, NO).message).toBe('Su mensaje no se envió: no es posible comunicarse con el servidor de Hearth en este momento. Se conserva aquí; vuelva a intentarlo en un momento.');
    vi.stubGlobal('navigator', { onLine: false });
    expect(explained(networkError(), spanish, NO).message).toMatch(/^Su mensaje no se envió: este dispositivo no tiene conexión a internet\./);
    expect(explained(new ApiError(503, { code: 'overloaded', message: 'Busy' }), spanish, NO).message).toBe(
      'Su mensaje no se envió: Hearth no está disponible por un momento (el servidor respondió 503). Se conserva aquí. Vuelva a intentarlo en un momento.',
    );
    expect(explained(new ApiError(429, { code: 'rate_limited', message: 'Too many' }, 1), spanish, NO).message).toBe('Su mensaje no se envió: demasiadas solicitudes. Vuelva a intentarlo en 1 segundo.');
    // The server words a refusal in the page's language itself; a bare proxy answer is worded here.
    expect(explained(new ApiError(404, { code: 'not_found', message: 'Esta conversación está cerrada.' }), spanish, NO).message).toBe('Su mensaje no se envió: Esta conversación está cerrada.');
    expect(explained(new ApiError(413, { code: 'http_413', message: 'The server answered 413.' }), spanish, NO).message).toBe('Su mensaje no se envió: El servidor de Hearth respondió con un error (413).');
  });
});
