import { describe, expect, it } from 'vitest';
import { JOIN_WINDOW_MINUTES } from '../../../shared/join-window.js';
import type { CalendarEntry } from '../scheduling/index.js';
import { icsText, mailText } from './invitation-text.js';

const start = Date.UTC(2026, 9, 20, 14, 0);
const occ = (id: string, at: number) => ({ id, start: at, end: at + 3_600_000, type: 'video' }) as unknown as CalendarEntry;
const portal = 'https://hearth.test/portal';

describe('calendar mail words', () => {
  it('a Spanish client gets the invitation in Spanish: their zone, the join and portal links with lang=es', () => {
    const joins = new Map([['a', 'https://hearth.test/join#tok']]);
    const m = mailText('es', 'invitation', [occ('a', start)], 'America/Chicago', portal, { providerName: 'Dra. Ruiz', serviceName: 'Terapia', type: 'video' }, { timeChanged: true, previousStart: null }, joins);
    expect(m.subject).toBe('Su próxima cita');
    expect(m.text).toContain('Tiene una próxima cita de Terapia por video con Dra. Ruiz:');
    expect(m.text).toContain('martes, 20 de octubre de 2026');
    expect(m.text).toContain('https://hearth.test/join?lang=es#tok');
    expect(m.text).toContain(`Para ver sus citas, ingrese a su portal seguro: ${portal}?lang=es`);
    expect(m.text).not.toMatch(/appointment|Join|Sign in/);
  });

  it('plurals and cancellations in Spanish; English unchanged', () => {
    const two = [occ('a', start), occ('b', start + 7 * 86_400_000)];
    const es = mailText('es', 'cancel', two, 'America/Chicago', portal, null, { timeChanged: true, previousStart: null });
    expect(es.subject).toBe('Sus citas fueron canceladas');
    expect(es.text).toContain('Estas citas fueron canceladas:');
    expect(es.text).toContain('(invite.ics) las quita de su calendario.');
    const en = mailText('en', 'cancel', two, 'America/Chicago', portal, null, { timeChanged: true, previousStart: null });
    expect(en.subject).toBe('Your appointments were cancelled');
    expect(en.text).toContain('These appointments were cancelled:');
    expect(en.text).toContain(`sign in to your secure portal: ${portal}\n`);
  });

  it('the calendar file speaks the client’s language', () => {
    expect(icsText('es', 'Dra. Ruiz', portal, 'https://hearth.test/join#t')).toEqual({
      summary: 'Cita con Dra. Ruiz',
      description: `Para conectarse (desde ${JOIN_WINDOW_MINUTES} minutos antes del inicio; el enlace funciona una sola vez): https://hearth.test/join?lang=es#t\nIngrese a su portal seguro para ver los detalles: ${portal}?lang=es`,
    });
    expect(icsText('en', null, portal, undefined)).toEqual({ summary: 'Appointment', description: `Sign in to your secure portal for details: ${portal}` });
  });
});
