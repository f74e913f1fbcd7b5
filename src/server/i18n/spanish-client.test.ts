// A client the practice marks Spanish, through the HTTP API and the real SMTP receiver: the
// language on the record (400 naming the field for an unknown one), the portal invitation in
// Spanish with a lang=es link, the refusals a client meets on the portal in the page's language,
// the account's language in /api/portal/me, and the client's own choice.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../lib/clock.js';
import { Actor } from '../testing/actors.js';
import { testDialects } from '../testing/dialects.js';
import { linkToken } from '../testing/smtp.js';
import { practiceSuite } from '../testing/suite.js';

/** The receiver keeps a header as sent: RFC 2047 encoded words (Q encoding) read back. */
const header = (v: string) =>
  v.replace(/=\?UTF-8\?Q\?([^?]*)\?=\s*/gi, (_, q: string) => Buffer.from(q.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, x: string) => String.fromCharCode(parseInt(x, 16))), 'latin1').toString('utf8'));

describe.each(testDialects())('a Spanish client on %s', (dialect) => {
  const clock = new ManualClock(Date.now());
  const { h, p } = practiceSuite(dialect, { smtp: true, clock }, { practiceName: 'Clinica del Valle' });

  it('is recorded, invited and signs in in Spanish, and may choose English', async () => {
    const email = `lucia.${dialect}@example.test`;
    const bad = await p.owner.post('/api/clients', { firstName: 'Lucia', lastName: 'Reyes', dateOfBirth: '1988-02-03', email, locale: 'fr' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('locale');
    const res = await p.owner.post('/api/clients', { firstName: 'Lucia', lastName: 'Reyes', dateOfBirth: '1988-02-03', email, consents: { email: true, sms: false, details: false }, locale: 'es' });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    expect((await p.owner.get(`/api/clients/${id}`)).json().locale).toBe('es');

    expect((await p.owner.post(`/api/clients/${id}/portal-invitation`)).statusCode).toBe(201);
    const mail = await h.smtp!.waitFor((m) => m.to.includes(email));
    expect(header(mail.subject)).toBe('Su invitación al portal seguro de Clinica del Valle');
    expect(mail.text).toContain('Clinica del Valle le invita a su portal seguro');
    expect(mail.text).toContain(`${h.config.publicUrl}/portal/accept?lang=es#token=`);
    for (const secret of ['Lucia', 'Reyes']) expect(mail.raw).not.toContain(secret);

    const client = new Actor(h, 'client');
    const token = linkToken(mail, '/portal/accept');
    // The page sends its language; the refusals a client meets on the portal come back in it.
    const es = { 'accept-language': 'es' };
    const common = await client.post('/api/portal/invitations/accept', { token, password: 'password1234567' }, es);
    expect(common.statusCode).toBe(422);
    expect(common.json().error).toMatchObject({ code: 'password_rejected', field: 'password', message: expect.stringMatching(/^La contraseña es una contraseña común/) });
    expect((await client.post('/api/portal/invitations/accept', { token, password: 'lucia reyes by the sea' }, es)).json().error.message).toBe('La contraseña no debe contener su nombre.');
    const ok = await client.post('/api/portal/invitations/accept', { token, password: 'meadowlark quiet river 3' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await client.get('/api/portal/me')).json().locale).toBe('es');
    const wrong = await client.post('/api/portal/password', { currentPassword: 'not my password at all', newPassword: 'heron lantern cedar 9' }, es);
    expect([wrong.statusCode, wrong.json().error.field, wrong.json().error.message]).toEqual([400, 'currentPassword', 'La contraseña actual no es correcta.']);
    expect((await client.post('/api/portal/mfa/totp/verify', { code: '123456' }, es)).json().error.message).toBe('Primero empiece a configurar la app de autenticación.');
    const signIn = await new Actor(h, 'client').post('/api/portal/login', { email, password: 'not my password at all' }, es);
    expect([signIn.statusCode, signIn.json().error.message]).toEqual([401, 'El correo electrónico o la contraseña no son correctos.']);
    // Without the page's language (a script, a log), the English.
    expect((await new Actor(h, 'client').post('/api/portal/login', { email, password: 'not my password at all' })).json().error.message).toBe('The email or password is not correct');

    expect((await client.request('PUT', '/api/portal/me/locale', { locale: 'xx' })).statusCode).toBe(400);
    expect((await client.request('PUT', '/api/portal/me/locale', { locale: 'en' })).statusCode).toBe(204);
    expect((await client.get('/api/portal/me')).json().locale).toBe('en');
    expect((await p.owner.get(`/api/clients/${id}`)).json().locale).toBe('en');
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'resource_type']).where('resource_id', '=', id).where('action', '=', 'update').execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);

    expect((await p.owner.patch(`/api/clients/${id}`, { locale: 'es' })).json().locale).toBe('es');
  });
});
