// A bench practice: signed up through the API, the owner enrolled in TOTP; the headers of the
// owner's session (cookie and CSRF token) for the requests that follow.
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { CURRENT_BAA_VERSION } from '../../src/server/modules/practices/baa.js';

export async function benchOwner(app: FastifyInstance): Promise<{ cookie: string; csrf: string; headers: { cookie: string; 'x-csrf-token': string } }> {
  const signup = await app.inject({
    method: 'POST',
    url: '/api/practices',
    payload: { practiceName: 'Lakeside Family Counseling', ownerName: 'Robin Alvarez', email: 'owner@lakeside.bench.test', password: 'velvet orchard compass 7', baa: { accepted: true, version: CURRENT_BAA_VERSION, signerName: 'Robin Alvarez', signerTitle: 'Clinical Director' } },
  });
  if (signup.statusCode !== 201) throw new Error(`sign-up: ${signup.statusCode} ${signup.body}`);
  const cookie = /^((?:__Host-)?hearth_sid=[^;]+)/.exec(String(signup.headers['set-cookie']))?.[1] ?? '';
  const csrf = (signup.json() as { csrfToken: string }).csrfToken;
  const headers = { cookie, 'x-csrf-token': csrf };
  const start = await app.inject({ method: 'POST', url: '/api/auth/mfa/totp', headers, payload: {} });
  const code = await generate({ secret: (start.json() as { secret: string }).secret });
  const verify = await app.inject({ method: 'POST', url: '/api/auth/mfa/totp/verify', headers, payload: { code } });
  if (verify.statusCode !== 200) throw new Error(`TOTP: ${verify.statusCode}`);
  return { cookie, csrf, headers };
}
