// A client's error in the language of the page that asked: Accept-Language read by weight, the
// English kept as the error's own message (logs, staff, scripts).
import { describe, expect, it } from 'vitest';
import { ClientError, requestLocale } from './errors.js';

describe('client errors in the page language', () => {
  it('reads the language from Accept-Language, by weight then order, English otherwise', () => {
    expect(requestLocale('es')).toBe('es');
    expect(requestLocale('es-US,es;q=0.9,en;q=0.8')).toBe('es');
    expect(requestLocale('fr-FR,es;q=0.5,en;q=0.9')).toBe('en');
    expect(requestLocale('fr, de')).toBe('en');
    expect(requestLocale('es;q=0, en')).toBe('en');
    expect(requestLocale(undefined)).toBe('en');
    expect(requestLocale(['pt', 'es-MX'])).toBe('es');
  });

  it('keeps the English as its message and says it in Spanish on request', () => {
    const e = new ClientError('validation_failed', 400, 'errors.booking.notice', { hours: 24 }, 'start');
    expect(e.message).toBe('start: must be at least 24 hours from now');
    expect(e.field).toBe('start');
    expect(e.in('es')).toBe('Elija una hora con al menos 24 horas de anticipación.');
    expect(new ClientError('conflict', 409, 'errors.booking.notPending', { status: 'declined' }).in('es')).toBe('La solicitud ya no está pendiente: fue rechazada.');
  });
});
