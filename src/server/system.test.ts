// Health, readiness, OpenAPI, headers, the BAA gate and the heartbeat socket.
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Actor, createPractice } from './testing/actors.js';
import { testDialects } from './testing/dialects.js';
import { createHarness, type Harness } from './testing/harness.js';

describe.each(testDialects())('system routes on %s', (dialect) => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    base = `127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => h?.close());

  it('healthz and readyz answer JSON', async () => {
    const anon = new Actor(h);
    expect((await anon.get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await anon.get('/readyz')).json()).toEqual({ status: 'ready', database: dialect });
  });

  it('readyz says so when migrations are pending', async () => {
    await h.database.db.deleteFrom('kysely_migration' as never).execute();
    const res = await new Actor(h).get('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json().status).toBe('migrations_pending');
    const { migrations } = await import('./db/migrations/index.js');
    await h.database.db
      .insertInto('kysely_migration' as never)
      .values(Object.keys(migrations(dialect)).map((name) => ({ name, timestamp: new Date().toISOString() })) as never)
      .execute();
    expect((await new Actor(h).get('/readyz')).statusCode).toBe(200);
  });

  it('publishes an OpenAPI 3 document with the public contract', async () => {
    const doc = (await new Actor(h).get('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const [path, method] of [
      ['/api/practices', 'post'],
      ['/api/auth/login', 'post'],
      ['/api/auth/mfa', 'post'],
      ['/api/auth/mfa/totp', 'post'],
      ['/api/auth/mfa/totp/verify', 'post'],
      ['/api/auth/logout', 'post'],
      ['/api/me', 'get'],
      // Issue 3 (clients) and issue 4 (scheduling) public contracts.
      ['/api/clients', 'post'],
      ['/api/clients', 'get'],
      ['/api/clients/{id}', 'get'],
      ['/api/clients/{id}', 'patch'],
      ['/api/appointments', 'post'],
      ['/api/appointments', 'get'],
      ['/api/appointments/{id}', 'patch'],
      ['/api/appointments/{id}/cancel', 'post'],
      ['/api/calendar-feeds', 'post'],
      ['/api/calendar-feeds/{id}', 'delete'],
      ['/api/providers/{id}/availability', 'get'],
      ['/api/providers/{id}/availability', 'put'],
      ['/api/providers/{id}/blocked-times', 'get'],
      ['/api/providers/{id}/blocked-times', 'post'],
      ['/api/providers/{id}/blocked-times/{blockId}', 'delete'],
      ['/api/providers/{id}/open-slots', 'get'],
      ['/api/waitlist', 'get'],
      ['/api/waitlist/{id}', 'delete'],
      // Issue 6: the SMS provider's webhooks.
      ['/api/sms/status', 'post'],
      ['/api/sms/inbound', 'post'],
      // Issue 6 (reminders).
      ['/api/practice/reminder-settings', 'get'],
      ['/api/practice/reminder-settings', 'patch'],
      ['/api/appointments/{id}/reminders', 'get'],
      ['/api/reminders/attention', 'get'],
      ['/api/reminders/{id}/acknowledge', 'post'],
      ['/api/reminder-actions/view', 'post'],
      ['/api/reminder-actions/confirm', 'post'],
      ['/api/reminder-actions/cancel', 'post'],
      // Issue 7 (status page): the Statuspage JSON, the page, subscribers, operators.
      ['/api/v2/summary.json', 'get'],
      ['/api/v2/status.json', 'get'],
      ['/api/v2/components.json', 'get'],
      ['/api/v2/incidents.json', 'get'],
      ['/api/v2/incidents/unresolved.json', 'get'],
      ['/api/v2/scheduled-maintenances.json', 'get'],
      ['/api/status/page', 'get'],
      ['/api/status/subscribers', 'post'],
      ['/api/status/incidents', 'post'],
      ['/api/status/incidents/{id}/updates', 'post'],
      ['/api/status/maintenances', 'post'],
      // Issue 13: Today, the inbox, call history.
      ['/api/today', 'get'],
      ['/api/inbox', 'get'],
      ['/api/calls/history', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(doc.paths['/api/practices'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('baa');
    expect(doc.paths['/api/waitlist'].get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'query', name: 'providerId', required: true })]));
    expect(doc.paths['/api/waitlist'].get.responses['200'].content['application/json'].schema.properties.items.items.properties).toHaveProperty('offers');
    expect(doc.paths['/api/sms/inbound'].post.requestBody.content['application/x-www-form-urlencoded'].schema.required).toEqual(expect.arrayContaining(['From', 'Body', 'MessageSid']));
    expect(doc.paths['/api/appointments/{id}/reminders'].get.responses['200'].content['application/json'].schema.properties.items.items.properties.status.enum).toEqual(
      expect.arrayContaining(['scheduled', 'sending', 'sent', 'delivered', 'failed', 'cancelled', 'uncertain', 'skipped']),
    );
    expect(Object.keys(doc.paths['/api/inbox'].get.responses['200'].content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['items', 'unread', 'nextCursor']));
    expect(doc.paths['/api/inbox'].get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'query', name: 'cursor' })]));
    expect(Object.keys(doc.paths['/api/calls/history'].get.responses['200'].content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['items', 'total', 'nextCursor']));
    expect(doc.paths['/api/calls/history'].get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'query', name: 'from', required: true }), expect.objectContaining({ in: 'query', name: 'to', required: true })]));
    expect(doc.paths['/api/reminder-actions/confirm'].post.requestBody.content['application/json'].schema.required).toEqual(['token']);
  });

  it('sends strict security headers and no-store on API answers', async () => {
    const res = await new Actor(h).get('/api/legal/baa');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json().version).toBe('2026-11-01');
    // The whole helmet set, on a success and on a 404 alike (built once at start: plugins/security.ts).
    for (const r of [res, await new Actor(h).get('/api/no-such-route')]) {
      expect(r.headers).toMatchObject({
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
      expect(r.headers['content-security-policy']).toContain("object-src 'none'");
      expect(r.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('a practice without an accepted BAA cannot store client records (baa_required)', async () => {
    const p = await createPractice(h);
    await expect(h.app.services.practices.assertBaaAccepted(p.practiceId)).resolves.toBeUndefined();
    await h.database.db.deleteFrom('baa_acceptances').where('practice_id', '=', p.practiceId).execute();
    await expect(h.app.services.practices.assertBaaAccepted(p.practiceId)).rejects.toMatchObject({ code: 'baa_required', status: 403 });
    expect((await p.owner.get('/api/me')).json().practice.baaAccepted).toBe(false);
    const accept = await p.owner.post('/api/practice/baa', { accepted: true, version: '2026-11-01', signerName: 'Olive Owner', signerTitle: 'Director' });
    expect(accept.statusCode).toBe(204);
    await expect(h.app.services.practices.assertBaaAccepted(p.practiceId)).resolves.toBeUndefined();
  });

  it('heartbeat socket: session-authenticated, Origin-checked, validated, closed on logout', async () => {
    const p = await createPractice(h);
    const origin = h.config.publicUrl;
    const anon = new WebSocket(`ws://${base}/ws`, { headers: { origin } });
    anon.on('error', () => undefined);
    const [, anonRes] = (await once(anon, 'unexpected-response')) as [unknown, IncomingMessage];
    expect(anonRes.statusCode).toBe(401);
    // The server closes a refused upgrade's socket itself; nothing lingers.
    if (!anonRes.socket.destroyed) await once(anonRes.socket, 'close');
    anon.terminate();

    const foreign = new WebSocket(`ws://${base}/ws`, { headers: { origin: 'https://evil.example', cookie: p.owner.cookie! } });
    foreign.on('error', () => undefined);
    const [, foreignRes] = (await once(foreign, 'unexpected-response')) as [unknown, IncomingMessage];
    expect(foreignRes.statusCode).toBe(403);
    if (!foreignRes.socket.destroyed) await once(foreignRes.socket, 'close');
    foreign.terminate();

    const ws = new WebSocket(`ws://${base}/ws`, { headers: { origin, cookie: p.owner.cookie! } });
    await once(ws, 'open');
    const next = () => once(ws, 'message').then(([m]) => JSON.parse(String(m)));
    ws.send(JSON.stringify({ type: 'ping', id: 7 }));
    expect(await next()).toMatchObject({ type: 'pong', id: 7 });
    ws.send(JSON.stringify({ type: 'ping', id: 'seven', extra: 1 }));
    expect(await next()).toEqual({ type: 'error', code: 'invalid_message' });
    ws.send('not json');
    expect(await next()).toEqual({ type: 'error', code: 'invalid_json' });

    const ended = next();
    const closed = once(ws, 'close');
    await p.owner.post('/api/auth/logout');
    expect(await ended).toEqual({ type: 'session_ended', reason: 'logout' });
    const [code] = (await closed) as [number];
    expect(code).toBe(4001);
  });
});
