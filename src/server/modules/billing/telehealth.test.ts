// Telehealth coding on invoice lines comes from the call records, not from the booking: a provider
// holds two real calls with a portal client over the app's WebSockets (one stays on video, in the
// other the client goes audio-only), and the invoice codes the first with modifier 95 and the
// second with 93; an in-person visit is POS 11 with no modifier; a payer's override replaces both.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Colleague, PracticeFixture } from '../../testing/actors.js';
import { createPractice } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { callParties, type PortalClientFixture } from '../../testing/portal.js';
import { holdVisit as heldVisit } from '../../testing/held-visits.js';
import { TestSocket } from '../../testing/sockets.js';
import { attended, newService, type InvoiceJson } from '../../testing/billing.js';

describe.each(testDialects())('telehealth coding from call records on %s', (dialect) => {
  let h: Harness;
  let base: string;
  let p: PracticeFixture;
  let provider: Colleague;
  let client: PortalClientFixture;
  let serviceId: string;
  const open: TestSocket[] = [];

  const socket = async (path: string, cookie: string) => {
    const s = await TestSocket.open(`ws://${base}${path}`, { cookie, origin: h.config.publicUrl });
    open.push(s);
    return s;
  };
  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true, env: { CALL_RING_POLL_MS: '0', SOCKET_SWEEP_MS: '200' } });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    base = `127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    p = await createPractice(h);
    ({ provider, client } = await callParties(h, p.owner));
    serviceId = await newService(p.owner, 16000, '90834');
  });
  afterAll(async () => {
    for (const s of open) s.terminate();
    await h?.close();
  });

  /** A video visit starting in a few minutes, held as a real call; the client goes audio-only when `audioOnly`. Then completed. */
  const holdVisit = (as: Actor, minutesAhead: number, audioOnly: boolean) => heldVisit({ socket, provider, client }, as, serviceId, minutesAhead, audioOnly);

  it('codes the video visit 95 and the audio-only visit 93, from the call records; in person is POS 11', async () => {
    const video = await holdVisit(provider.actor, 3, false);
    const audio = await holdVisit(provider.actor, 9, true);
    const office = await attended(provider.actor, { clientId: client.id, providerId: provider.id, serviceId, type: 'in_person' });
    const res = await provider.actor.post('/api/invoices', { clientId: client.id, appointmentIds: [video, audio, office] });
    expect(res.statusCode, res.body).toBe(201);
    const inv = res.json() as InvoiceJson;
    expect(inv.lines.map((l) => [l.cptCode, l.posCode, l.modifiers])).toEqual([
      ['90834', '02', ['95']],
      ['90834', '02', ['93']],
      ['90834', '11', []],
    ]);
    // The payer's override replaces the computed coding of telehealth lines.
    expect((await p.owner.del(`/api/invoices/${inv.id}`)).statusCode).toBe(204);
    const payer = (await p.owner.post('/api/billing/payers', { name: 'Medicare', overridePos: '10', overrideModifiers: ['gt'] })).json() as { id: string };
    expect((await p.owner.patch(`/api/clients/${client.id}/billing`, { payerId: payer.id })).statusCode).toBe(200);
    const again = (await provider.actor.post('/api/invoices', { clientId: client.id, appointmentIds: [video, audio, office] })).json() as InvoiceJson;
    expect(again.lines.map((l) => [l.posCode, l.modifiers])).toEqual([
      ['10', ['GT']],
      ['10', ['GT']],
      ['11', []],
    ]);
  });
});
