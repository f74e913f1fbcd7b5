// The route helper: what it hands Fastify (config and schema as a routes file would spell them),
// the status it answers with, and the handler's request typed from the zod schemas.
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { routesOf } from './route.js';

const Params = z.object({ id: z.string() });
const Body = z.strictObject({ name: z.string().min(1) });
const Query = z.object({ limit: z.coerce.number().int().optional() });
const Thing = z.object({ id: z.string(), name: z.string() });

function app(): { app: FastifyInstance; routes: RouteOptions[] } {
  const a = Fastify();
  a.setValidatorCompiler(validatorCompiler);
  a.setSerializerCompiler(serializerCompiler);
  const routes: RouteOptions[] = [];
  a.addHook('onRoute', (r) => void routes.push(r));
  return { app: a, routes };
}

describe('routesOf', () => {
  let a: FastifyInstance | undefined;
  afterEach(async () => a?.close());

  it('builds the config and schema a routes file spelled out, and nothing it did not set', async () => {
    const t = app();
    a = t.app;
    const route = routesOf(a, ['things']);
    route.post('/things/:id', { access: 'clients.write', summary: 'Make a thing', params: Params, body: Body, status: 201, response: Thing }, async (req) => ({ id: req.params.id, name: req.body.name }));
    route.get('/things', { access: { public: true, rateLimit: { max: 5, timeWindow: '1 minute' } }, tags: ['other'], summary: 'Things', querystring: Query }, async () => []);
    route.delete('/things/:id', { summary: 'Remove a thing', params: Params, status: 204 }, async () => undefined);
    await a.ready();

    const [post, get, del] = [t.routes.find((r) => r.method === 'POST')!, t.routes.find((r) => r.method === 'GET')!, t.routes.find((r) => r.method === 'DELETE')!];
    expect(post.config).toEqual({ permission: 'clients.write' });
    // Fastify marks a schema it has seen (a symbol key): the string keys are compared, in their order.
    const schemaOf = (r: RouteOptions) => Object.fromEntries(Object.entries(r.schema ?? {}));
    expect(Object.entries(schemaOf(post))).toEqual(Object.entries({ tags: ['things'], summary: 'Make a thing', params: Params, body: Body, response: { 201: Thing } }));
    expect(get.config).toEqual({ public: true, rateLimit: { max: 5, timeWindow: '1 minute' } });
    expect(Object.entries(schemaOf(get))).toEqual(Object.entries({ tags: ['other'], summary: 'Things', querystring: Query }));
    expect(del).not.toHaveProperty('config');
    expect(Object.entries(schemaOf(del))).toEqual(Object.entries({ tags: ['things'], summary: 'Remove a thing', params: Params }));
  });

  it('answers 200 with what the handler returns, 201/202 with the declared status, 204 with nothing', async () => {
    a = app().app;
    const route = routesOf(a, ['things']);
    route.get('/things/:id', { summary: 'One thing', params: Params, response: Thing }, async (req) => ({ id: req.params.id, name: 'a' }));
    route.post('/things', { summary: 'Make a thing', body: Body, status: 201, response: Thing }, async (req) => ({ id: '1', name: req.body.name }));
    route.post('/things/later', { summary: 'Make a thing later', body: Body, status: 202 }, async () => ({ status: 'queued' }));
    route.delete('/things/:id', { summary: 'Remove a thing', params: Params, status: 204 }, async () => ({ ignored: true }));

    const one = await a.inject({ method: 'GET', url: '/things/7' });
    expect([one.statusCode, one.json()]).toEqual([200, { id: '7', name: 'a' }]);
    const made = await a.inject({ method: 'POST', url: '/things', payload: { name: 'b' } });
    expect([made.statusCode, made.json()]).toEqual([201, { id: '1', name: 'b' }]);
    const later = await a.inject({ method: 'POST', url: '/things/later', payload: { name: 'c' } });
    expect([later.statusCode, later.json()]).toEqual([202, { status: 'queued' }]);
    const gone = await a.inject({ method: 'DELETE', url: '/things/7' });
    expect([gone.statusCode, gone.body]).toEqual([204, '']);
    const bad = await a.inject({ method: 'POST', url: '/things', payload: { name: '' } });
    expect(bad.statusCode).toBe(400);
  });

  it('types the request from the zod schemas and the answer from the response schema', () => {
    const route = routesOf(Fastify(), ['things']);
    route.post('/things/:id', { summary: 'Make a thing', params: Params, querystring: Query, body: Body, status: 201, response: Thing }, async (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ id: string }>();
      expectTypeOf(req.body).toEqualTypeOf<{ name: string }>();
      expectTypeOf(req.query).toEqualTypeOf<{ limit?: number | undefined }>();
      return { id: req.params.id, name: req.body.name };
    });
    // @ts-expect-error: the answer must be what the response schema takes.
    route.get('/things/:id', { summary: 'One thing', params: Params, response: Thing }, async () => ({ id: 1 }));
  });
});
