// A Spanish client's reminder, cancellation and text: Spanish words, the date in Spanish in the
// client's zone, links that open the page in Spanish, and a text that stays GSM-7 within budget.
import { describe, expect, it } from 'vitest';
import { cancellationMail, cancellationSms, fits, reminderMail, reminderSms, SMS_MAX } from './text.js';
import { smsCost, smsText, withLang } from '../../i18n/index.js';

const url = 'https://telehealth.riversidecounselingcenter.example.com';
const facts = {
  sender: 'Clínica Río Grande',
  start: Date.UTC(2026, 11, 7, 16), // Monday 7 December 2026, 10:00 in Chicago
  zone: 'America/Chicago',
  providerName: 'Dra. Inés Martínez-Ocampo de la Vega',
  link: `${url}/r#token=${'a'.repeat(43)}`,
  portal: `${url}/portal`,
  join: `${url}/join#${'b'.repeat(43)}`,
  locale: 'es' as const,
};

describe('Spanish reminder text', () => {
  it('the mail is in Spanish, the date in Spanish in the client zone, links with lang=es', () => {
    const m = reminderMail(facts);
    expect(m.subject).toBe('Recordatorio de su cita');
    expect(m.text).toContain('Le recordamos su próxima cita con Dra. Inés Martínez-Ocampo de la Vega:');
    expect(m.text).toContain('lunes, 7 de diciembre de 2026, 10:00 a.m. CST');
    expect(m.text).toContain(`${url}/join?lang=es#${'b'.repeat(43)}`);
    expect(m.text).toContain(`${url}/r?lang=es#token=${'a'.repeat(43)}`);
    expect(m.text).not.toMatch(/reminder|appointment|Times are/i);
    // Another zone, another hour: the client's zone decides.
    expect(reminderMail({ ...facts, zone: 'America/Los_Angeles' }).text).toContain('lunes, 7 de diciembre de 2026, 8:00 a.m. PST');
  });

  it('an English client is unchanged: English words, no lang parameter', () => {
    const m = reminderMail({ ...facts, locale: 'en' });
    expect(m.subject).toBe('Appointment reminder');
    expect(m.text).toContain('Monday, December 7, 2026 at 10:00 AM CST');
    expect(m.text).not.toContain('lang=');
  });

  it('the cancellation is in Spanish', () => {
    const m = cancellationMail(facts);
    expect(m.subject).toBe('Cita cancelada');
    expect(m.text).toContain('del lunes, 7 de diciembre de 2026, 10:00 a.m. CST fue cancelada.');
    expect(m.text).toContain(`${url}/portal?lang=es`);
  });

  it('the text is Spanish, GSM-7 (no UCS-2 for an accent) and within budget, keeping the join link', () => {
    const text = reminderSms(facts);
    expect(text).toContain('le recordamos su cita el lun, 7 de dic, 10:00 a.m. CST');
    expect(text).toContain(`${url}/join?lang=es#${'b'.repeat(43)}`);
    expect(text.endsWith('Responda C para confirmar, STOP para no recibir mensajes.')).toBe(true);
    const cost = smsCost(text);
    expect(cost.encoding).toBe('gsm7');
    expect(cost.units).toBeLessThanOrEqual(SMS_MAX);
    expect(text.startsWith('Clinica Rio Grande:')).toBe(true);
    // Short links: everything fits, the provider's name too (ñ and é stay: they are GSM-7).
    const short = reminderSms({ ...facts, providerName: 'Dr. Peña Ibáñez', link: 'https://h.example/r#x', join: 'https://h.example/join#y' });
    expect(short).toContain('con Dr. Peña Ibañez.');
    expect(short).toContain('Confirme o cancele: https://h.example/r?lang=es#x');
    expect(fits(short)).toBe(true);
    expect(cancellationSms(facts)).toMatch(/^Clinica Rio Grande: su cita con .* del lun, 7 de dic, 10:00 a\.m\. CST fue cancelada\. Responda STOP/);
  });

  it('a name outside GSM-7 makes a UCS-2 text, kept within the same number of segments', () => {
    // (Two long links alone exceed a UCS-2 budget: the confirm link is then dropped, as in English.)
    const text = reminderSms({ ...facts, sender: '河畔诊所', providerName: '王医生', link: 'https://h.example/r#x', join: 'https://h.example/join#y' });
    const cost = smsCost(text);
    expect(cost.encoding).toBe('ucs2');
    expect(cost.segments).toBeLessThanOrEqual(smsCost('x'.repeat(SMS_MAX)).segments);
  });

  it('smsText and withLang', () => {
    expect(smsText('¿Cuándo? Mañana — sábado…')).toBe('¿Cuando? Mañana - sabado...');
    expect(withLang('https://x/portal/accept#token=abc', 'es')).toBe('https://x/portal/accept?lang=es#token=abc');
    expect(withLang('https://x/r?a=1#t', 'es')).toBe('https://x/r?a=1&lang=es#t');
    expect(withLang('https://x/r#t', 'en')).toBe('https://x/r#t');
  });
});
