// The before-call check's measure of the path to Hearth: GET …/path-check?bytes=N answers N random
// characters (no PHI, nothing stored, never cached), for the staff app and for the portal or a join
// link's guest. Rate-limited per IP: one check makes a handful of requests.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PathCheck, PathCheckQuery } from '../../../shared/path-check.js';
import { routesOf } from '../../http/route.js';

const tags = ['calls'];
const RATE = { max: 60, timeWindow: '1 minute' };

function pad(bytes: number): PathCheck {
  return { pad: randomBytes(Math.ceil((bytes * 3) / 4)).toString('base64url').slice(0, bytes) };
}

/** `who` throws 401 for a request of neither a portal session nor a join link's guest. */
export function pathCheckRoutes(app: FastifyInstance, who: (req: FastifyRequest) => Promise<unknown>) {
  const spec = { querystring: PathCheckQuery, response: PathCheck } as const;
  routesOf(app, tags).get('/api/calls/path-check', { access: { rateLimit: RATE }, summary: 'The before-call check: a payload of `bytes` random characters (no PHI, never cached) for the round trip and download rate to Hearth', ...spec }, async (req, reply) => {
    void reply.header('cache-control', 'no-store');
    return pad(req.query.bytes);
  });
  routesOf(app, ['portal', ...tags]).get('/api/portal/calls/path-check', { access: { portal: true, public: true, rateLimit: RATE }, summary: 'The before-call check for a client or a join link: a payload of `bytes` random characters (no PHI, never cached)', ...spec }, async (req, reply) => {
    await who(req);
    void reply.header('cache-control', 'no-store');
    return pad(req.query.bytes);
  });
}
