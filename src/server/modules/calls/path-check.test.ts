// The before-call check's path measure: staff and portal get a payload of exactly the size asked,
// random (incompressible, different each time), never cached; no session: 401; a bad size: 400
// naming `bytes`; a flood from one address is throttled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATH_CHECK_MAX_BYTES } from '../../../shared/path-check.js';
import { Actor, createPractice, type PracticeFixture } from '../../testing/actors.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { portalClient } from '../../testing/portal.js';

describe('calls: the path check', () => {
  let h: Harness;
  let p: PracticeFixture;

  beforeAll(async () => {
    h = await createHarness('sqlite', { smtp: true });
    p = await createPractice(h);
  });
  afterAll(async () => h?.close());

  it('answers the size asked, random and never cached, to staff and to the portal; refuses strangers and bad sizes', async () => {
    const staff = await p.owner.get('/api/calls/path-check?bytes=65536');
    expect(staff.statusCode, staff.body).toBe(200);
    expect(staff.headers['cache-control']).toBe('no-store');
    const a = staff.json().pad as string;
    expect(a).toHaveLength(65536);
    expect(new Set(a).size).toBeGreaterThan(50);
    const again = (await p.owner.get('/api/calls/path-check?bytes=65536')).json().pad as string;
    expect(again).not.toBe(a);
    expect((await p.owner.get('/api/calls/path-check')).json().pad).toBe('');

    const client = await portalClient(h, p.owner);
    const portal = await client.portal.get(`/api/portal/calls/path-check?bytes=${PATH_CHECK_MAX_BYTES}`);
    expect(portal.statusCode, portal.body).toBe(200);
    expect(portal.headers['cache-control']).toBe('no-store');
    expect((portal.json().pad as string).length).toBe(PATH_CHECK_MAX_BYTES);

    expect((await new Actor(h, 'nobody').get('/api/portal/calls/path-check')).statusCode).toBe(401);
    expect((await new Actor(h, 'nobody2').get('/api/calls/path-check')).statusCode).toBe(401);
    for (const bad of [String(PATH_CHECK_MAX_BYTES + 1), '-1', '1.5', 'lots']) {
      const res = await p.owner.get(`/api/calls/path-check?bytes=${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.field, bad).toBe('bytes');
    }
  });

  it('throttles a flood from one address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 70; i++) codes.push((await p.owner.get('/api/calls/path-check')).statusCode);
    expect(codes).toContain(429);
    expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
  });
});
