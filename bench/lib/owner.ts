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
  const start = await shedAware(app, { method: 'POST' as const, url: '/api/auth/mfa/totp', headers, payload: {} });
  if (start.statusCode !== 200) throw new Error(`TOTP start: ${start.statusCode} ${start.body}`);
  const code = await generate({ secret: (start.json() as { secret: string }).secret });
  const verify = await shedAware(app, { method: 'POST' as const, url: '/api/auth/mfa/totp/verify', headers, payload: { code } });
  if (verify.statusCode !== 200) throw new Error(`TOTP: ${verify.statusCode}`);
  return { cookie, csrf, headers };
}

type Inject = { method: 'POST'; url: string; headers: Record<string, string>; payload: object };

/**
 * A request asked again while the app sheds load (503 overloaded, plugins/load-shedding.ts), as a
 * client told "retrying shortly will work" does: a bench machine busy starting up is not a failure.
 */
async function shedAware(app: FastifyInstance, req: Inject, tries = 20) {
  for (let i = 1; ; i++) {
    const res = await app.inject(req);
    if (res.statusCode !== 503 || i >= tries) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}
