// Validation refusals name their field; text()'s own problems (shared/strings.ts) come in the
// language of the page that asked, the rest in English.
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { text } from '../../shared/strings.js';
import { registerErrorHandler } from './errors.js';

describe('validation refusals in the page language', () => {
  const app = Fastify();
  beforeAll(async () => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandler(app);
    app.withTypeProvider<ZodTypeProvider>().post('/note', { schema: { body: z.strictObject({ body: text({ min: 1, max: 10_000, multiline: true }), count: z.number().int() }) } }, async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  const post = (payload: unknown, lang?: string) => app.inject({ method: 'POST', url: '/note', payload: payload as object, headers: lang ? { 'accept-language': lang } : {} });

  it("says text()'s problems in Spanish on request, and in the same English as before otherwise", async () => {
    const empty = await post({ body: '  ', count: 1 }, 'es-MX,es;q=0.9');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'validation_failed', field: 'body', message: 'body: es obligatorio' });
    const long = await post({ body: 'x'.repeat(10_001), count: 1 }, 'es');
    expect(long.json().error.message).toBe('body: debe tener como máximo 10000 caracteres');
    expect((await post({ body: 'a\u0000b', count: 1 }, 'es')).json().error.message).toBe('body: no debe contener caracteres de control');
    expect((await post({ body: 'x'.repeat(10_001), count: 1 })).json().error.message).toBe('body: must be at most 10000 characters');
    expect((await post({ body: '', count: 1 }, 'en-US')).json().error.message).toBe('body: is required');
  });

  it("keeps any other schema's words (zod's own) in English, on the field", async () => {
    const res = await post({ body: 'fine', count: 1.5 }, 'es');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('count');
    expect(res.json().error.message).toMatch(/^count: /);
  });
});
