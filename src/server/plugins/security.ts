// HTTP hygiene: strict security headers, no caching of API answers, strict JSON parsing
// (invalid UTF-8 is refused, not silently replaced), and a per-IP rate limit (counted in Redis
// across instances with REDIS_URL: rate-limit-store.ts).
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { sharedRateLimits } from './rate-limit-store.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function registerSecurity(app: FastifyInstance, config: Readonly<Config>) {
  // Helmet's middleware, built once. (@fastify/helmet builds it again on every request, parsing
  // the CSP directives each time: about 5% of the CPU of an audited list request.) The headers
  // are the same on every answer, 404s and errors included, as before.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", config.publicUrl.replace(/^http/, 'ws')],
        // data: for FullCalendar's icon font (arrows), which its stylesheet embeds as a data: URL.
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
      },
    },
    // HSTS only where we serve TLS ourselves or sit behind a TLS proxy in production.
    hsts: config.tls || config.env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)));

  const shared = config.redisUrl ? await sharedRateLimits(config.redisUrl, app.log) : undefined;
  if (shared) app.addHook('onClose', async () => shared.close());
  await app.register(rateLimit, {
    ...(shared ? { store: shared.Store } : {}),
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    allowList: (req) => req.url === '/healthz' || req.url === '/readyz',
    errorResponseBuilder: (_req, ctx) => {
      const err = new AppError('too_many_requests', 429, `Too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} seconds`);
      return Object.assign(err, { statusCode: 429 });
    },
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes }, (_req, body: Buffer, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(new AppError('invalid_utf8', 400, 'The request body is not valid UTF-8', 'body'));
    }
    if (text.trim() === '') return done(null, {});
    try {
      // __proto__ keys are dropped by JSON.parse into plain data; strict schemas reject the rest.
      done(null, JSON.parse(text));
    } catch {
      done(new AppError('invalid_json', 400, 'The request body is not valid JSON', 'body'));
    }
  });

  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/') || req.url === '/healthz' || req.url === '/readyz') {
      reply.header('cache-control', 'no-store');
      reply.header('pragma', 'no-cache');
    }
  });
}
