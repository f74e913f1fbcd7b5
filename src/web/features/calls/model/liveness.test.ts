// Media liveness: heartbeats name the peers whose media arrives, are paced by the server's TTL,
// and a peer the server called gone is kept while its media flows, then dropped.
import { describe, expect, it, vi } from 'vitest';
import type { PeerLink } from './engine-types.js';
import { Heartbeats, keepOrphan, MEDIA_FRESH_MS, mediaFrom } from './liveness.js';

const link = (mediaAt: number | undefined, state: RTCPeerConnectionState = 'connected'): PeerLink =>
  ({ pc: { connectionState: state }, remote: { away: false }, mediaAt }) as unknown as PeerLink;

describe('media liveness', () => {
  it('names only the peers whose inbound bytes grew recently, on an open connection', () => {
    const now = 100_000;
    const links = new Map([
      ['pfresh', link(now - 1000)],
      ['pstale', link(now - MEDIA_FRESH_MS - 1)],
      ['pnever', link(undefined)],
      ['pclosed', link(now - 10, 'closed')],
      ['pdisconnected-but-flowing', link(now - 10, 'disconnected')],
    ]);
    expect(mediaFrom(links, now)).toEqual(['pfresh', 'pdisconnected-but-flowing']);
  });

  it('a gone peer with flowing media is kept as away; its media stopping drops it at the next beat', () => {
    vi.useFakeTimers();
    try {
      const flowing = link(Date.now());
      expect(keepOrphan(flowing)).toBe(true);
      expect(flowing.remote.away).toBe(true);
      expect(keepOrphan(link(undefined))).toBe(false);
      expect(keepOrphan(undefined)).toBe(false);
      const links = new Map([['porphan', flowing]]);
      const beats: string[][] = [];
      const dropped: string[] = [];
      const hb = new Heartbeats(links, (m) => beats.push(m), (id) => {
        dropped.push(id);
        links.delete(id);
      });
      hb.start();
      vi.advanceTimersByTime(5000);
      expect(beats).toEqual([['porphan']]);
      expect(dropped).toEqual([]);
      vi.advanceTimersByTime(5000);
      expect(dropped).toEqual(['porphan']);
      expect(beats.at(-1)).toEqual([]);
      hb.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('beats three times per TTL the server states, never slower than every 5 s', () => {
    vi.useFakeTimers();
    try {
      const beats: string[][] = [];
      const hb = new Heartbeats(new Map(), (m) => beats.push(m), () => undefined);
      hb.start();
      hb.paceTo(3000);
      vi.advanceTimersByTime(3000);
      expect(beats.length).toBe(3);
      hb.paceTo(60_000);
      vi.advanceTimersByTime(10_000);
      expect(beats.length).toBe(5);
      hb.stop();
      vi.advanceTimersByTime(10_000);
      expect(beats.length).toBe(5);
    } finally {
      vi.useRealTimers();
    }
  });
});
