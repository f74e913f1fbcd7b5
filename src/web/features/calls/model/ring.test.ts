// The ring store's rules (no DOM needed: sessionStorage is absent here, dismissals stay in memory)
// and the join page's sentences for the API's codes.
import { describe, expect, it } from 'vitest';
import type { CallSummary } from '../../../../shared/calls.js';
import { ApiError } from '../../../api/factory.js';
import { joinProblem } from '../components/JoinPage.js';
import { RingStore, ringingOf } from './ring.js';

const summary = (id: string, status: CallSummary['status']): CallSummary => ({
  id,
  kind: 'call_now',
  mode: 'video',
  status,
  appointmentId: null,
  providerId: 'p',
  clients: [{ id: 'c', name: 'Marigold Q.' }],
  ringAt: null,
  startedAt: null,
  endedAt: null,
  createdAt: '2026-11-28T10:00:00.000Z',
});

describe('RingStore', () => {
  it('rings, stops, and a dismissed call neither rings again nor comes back from the list', () => {
    const s = new RingStore('test');
    let changes = 0;
    s.subscribe(() => changes++);
    s.ring({ callId: 'a', title: 'Session with Marigold Q.', mode: 'video' });
    s.ring({ callId: 'b', title: 'Session with Ola K.', mode: 'audio' });
    expect(s.getSnapshot().map((c) => c.callId)).toEqual(['a', 'b']);
    s.stop('b');
    expect(s.getSnapshot().map((c) => c.callId)).toEqual(['a']);
    s.dismiss('a');
    expect(s.getSnapshot()).toEqual([]);
    s.ring({ callId: 'a', title: 'again', mode: 'video' });
    s.replace(ringingOf([summary('a', 'ringing'), summary('c', 'ringing'), summary('d', 'active')], (c) => `Session with ${c.clients[0]!.name}`));
    expect(s.getSnapshot()).toEqual([{ callId: 'c', title: 'Session with Marigold Q.', mode: 'video' }]);
    expect(changes).toBeGreaterThan(0);
  });

  it('the server list replaces calls that stopped ringing while the socket was away', () => {
    const s = new RingStore('test2');
    s.ring({ callId: 'x', title: 't', mode: 'video' });
    s.replace([]);
    expect(s.getSnapshot()).toEqual([]);
  });

  it('a list read before a ring arrived does not undo the ring, nor bring back a ring stopped since', () => {
    const s = new RingStore('test3');
    const a = { callId: 'a', title: 'Session with Marigold Q.', mode: 'video' as const };
    const b = { callId: 'b', title: 'Session with Ola K.', mode: 'video' as const };
    // The page loads as the call rings: the GET was read before the ring, answered after it.
    const early = s.mark();
    s.ring(a);
    s.replace([], early);
    expect(s.getSnapshot()).toEqual([a]);
    // A read that saw b ringing, answered after b stopped: b stays stopped; a stays rung.
    const before = s.mark();
    s.ring(b);
    s.stop(b.callId);
    s.replace([a, b], before);
    expect(s.getSnapshot()).toEqual([a]);
    // Two reads answered out of order: the older answer changes nothing.
    const first = s.mark();
    const second = s.mark();
    s.replace([a, b], second);
    s.replace([], first);
    expect(s.getSnapshot()).toEqual([a, b]);
    // A newer read is the truth again (a ended while the socket was away).
    s.replace([b], s.mark());
    expect(s.getSnapshot()).toEqual([b]);
  });
});

describe('join link problems', () => {
  const err = (status: number, code: string) => new ApiError(status, { code, message: code });
  it('says each code in words', () => {
    expect(joinProblem(err(410, 'link_used'))).toMatch(/^This link was already used\./);
    expect(joinProblem(err(410, 'link_expired'))).toMatch(/^This link has expired\./);
    expect(joinProblem(err(404, 'token_invalid'))).toMatch(/^This link is not valid\./);
    expect(joinProblem(err(400, 'validation_error'))).toMatch(/^This link is not valid\./);
    expect(joinProblem(err(410, 'call_over'))).toMatch(/^This call has ended\./);
    expect(joinProblem(err(409, 'join_not_open'))).toMatch(/^It is too early to join: you can join from 10 minutes before your appointment starts\./);
    expect(joinProblem(err(0, 'network_error'))).toMatch(/Couldn't reach the server/);
  });
});
