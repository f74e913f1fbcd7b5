// A bench practice: signed up through the API, the owner enrolled in TOTP; the headers of the
// owner's session (cookie and CSRF token) for the requests that follow.
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { CURRENT_BAA_VERSION } from '../../src/server/modules/practices/index.js';
import { cookieName } from '../../src/server/plugins/auth.js';

export async function benchOwner(app: FastifyInstance): Promise<{ cookie: string; csrf: string; headers: { cookie: string; 'x-csrf-token': string } }> {
  // Sign-up over HTTP finishes by a mailed link (the bench's mailers keep nothing): the practice
  // and its owner's session come from the service path the seed uses, the rest goes over HTTP.
  const out = await app.services.practices.signup(
    { practiceName: 'Lakeside Family Counseling', ownerName: 'Robin Alvarez', email: 'owner@lakeside.bench.test', password: 'velvet orchard compass 7', baa: { accepted: true, version: CURRENT_BAA_VERSION, signerName: 'Robin Alvarez', signerTitle: 'Clinical Director' } },
    { ip: '127.0.0.1', userAgent: 'hearth-bench' },
  );
  const cookie = `${cookieName(app.services.ctx.config)}=${out.token}`;
  const csrf = out.session.csrf_token;
  const headers = { cookie, 'x-csrf-token': csrf };
  const start = await app.inject({ method: 'POST', url: '/api/auth/mfa/totp', headers, payload: {} });
  const code = await generate({ secret: (start.json() as { secret: string }).secret });
  const verify = await app.inject({ method: 'POST', url: '/api/auth/mfa/totp/verify', headers, payload: { code } });
  if (verify.statusCode !== 200) throw new Error(`TOTP: ${verify.statusCode}`);
  return { cookie, csrf, headers };
}
