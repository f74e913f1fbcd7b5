// A video visit held as a real call over the app's sockets, for the billing suites that code
// telehealth from call records: booked a few minutes ahead, the provider and the client join (the
// provider admits the client from the lobby), the client goes audio-only when asked, the call ends
// and the appointment is marked completed.
import { expect } from 'vitest';
import type { Actor, Colleague } from './actors.js';
import { setStatus } from './billing.js';
import { eventually } from './eventually.js';
import type { PortalClientFixture } from './portal.js';
import type { TestSocket } from './sockets.js';

export interface VisitParties {
  /** Opens a socket on the listening app (the suite keeps and closes it). */
  socket: (path: string, cookie: string) => Promise<TestSocket>;
  provider: Colleague;
  client: PortalClientFixture;
}

const join = (s: TestSocket, callId: string) => {
  s.send({ type: 'call.join', callId });
  return s.next((m) => (m.type === 'call.joined' || m.type === 'call.waiting' || m.type === 'call.error') && m.callId === callId);
};

/** Books (as `as`), holds and completes a video visit of the service; the appointment's id. */
export async function holdVisit(parties: VisitParties, as: Actor, serviceId: string, minutesAhead: number, audioOnly: boolean): Promise<string> {
  const { provider, client } = parties;
  const start = new Date(Date.now() + minutesAhead * 60_000);
  start.setUTCSeconds(0, 0);
  const booked = await as.post('/api/appointments', { clientIds: [client.id], providerId: provider.id, start: start.toISOString(), durationMinutes: 5, timeZone: 'UTC', type: 'video', serviceId });
  expect(booked.statusCode, booked.body).toBe(201);
  const apptId = (booked.json() as { id: string }).id;
  const room = await provider.actor.post(`/api/appointments/${apptId}/call`);
  expect(room.statusCode, room.body).toBe(200);
  const callId = (room.json() as { id: string }).id;
  const ps = await parties.socket('/ws', provider.actor.cookie!);
  const cs = await parties.socket('/portal/ws', client.portal.cookie!);
  expect((await join(ps, callId)).type).toBe('call.joined');
  if ((await join(cs, callId)).type === 'call.waiting') {
    const lobby = await ps.next((m) => m.type === 'call.lobby' && m.callId === callId && (m.waiting as unknown[]).length === 1);
    ps.send({ type: 'call.admit', callId, peerId: (lobby.waiting as { peerId: string }[])[0]!.peerId });
    await cs.next((m) => m.type === 'call.joined' && m.callId === callId);
  }
  const callField = async (field: string) => ((await provider.actor.get(`/api/calls/${callId}`)).json() as Record<string, unknown>)[field];
  await eventually(async () => (await callField('status')) === 'active', { what: 'the call to be active' });
  if (audioOnly) {
    cs.send({ type: 'call.state', callId, state: { connection: 'connected', audioOnly: true, muted: false, cameraOff: true, sharingScreen: false } });
    await eventually(async () => (await callField('billedMode')) === 'audio', { what: 'the call to be billed as audio' });
  }
  expect((await provider.actor.post(`/api/calls/${callId}/end`)).statusCode).toBe(200);
  await setStatus(provider.actor, apptId, 'completed');
  return apptId;
}
