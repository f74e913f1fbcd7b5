// Reconnect timing: full jitter under a cap that starts low and grows to 8 s, starting over after
// a connection that held; a chance to reconnect (online, visible) calls back at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backoff, BACKOFF_CAPS_MS, HELD_MS, onChanceToReconnect, RESTART_CAP_MS } from './backoff.js';

describe('reconnect backoff', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('each wait is random between 0 and a cap that starts at 250 ms and tops out at 8 s', () => {
    const top = new Backoff({ random: () => 0.999999 });
    const waits = Array.from({ length: BACKOFF_CAPS_MS.length + 2 }, () => top.next());
    expect(waits.slice(0, 3)).toEqual([249, 499, 999]);
    expect(waits.every((w, i) => i === 0 || w >= waits[i - 1]!)).toBe(true);
    expect(Math.max(...waits)).toBe(7999);
    expect(waits.at(-1)).toBe(7999);
    expect(new Backoff({ random: () => 0 }).next()).toBe(0);
    // Real randomness: spread over the whole range, not clustered around the cap.
    const spread = Array.from({ length: 400 }, () => new Backoff().next());
    expect(Math.min(...spread)).toBeLessThan(40);
    expect(Math.max(...spread)).toBeGreaterThan(210);
    expect(spread.every((w) => w >= 0 && w < BACKOFF_CAPS_MS[0])).toBe(true);
  });

  it('a quick restart is bridged within 2 s on average: the first five caps sum to under 6 s', () => {
    expect(BACKOFF_CAPS_MS.slice(0, 5).reduce((a, b) => a + b, 0)).toBeLessThan(6000);
    expect(BACKOFF_CAPS_MS.at(-1)).toBe(8000);
  });

  it('a server back within 15 s of going down is tried again within 1 s of answering, at ~2 tries/s', () => {
    // A seeded generator, so the run is the same every time; 2000 outages of 1 to 15 s.
    let seed = 19;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let worstFound = 0;
    let tries = 0;
    let downFor = 0;
    for (let i = 0; i < 2000; i++) {
      const outage = 1000 + random() * 14_000;
      const b = new Backoff({ random });
      let t = 0;
      while (t < outage) {
        t += b.next();
        if (t < outage) tries++;
      }
      worstFound = Math.max(worstFound, t - outage);
      downFor += outage;
    }
    expect(worstFound).toBeLessThan(RESTART_CAP_MS);
    // The cost: about two tries a second per socket while the server is down, no more.
    expect(tries / (downFor / 1000)).toBeLessThan(2.3);
    expect(tries / (downFor / 1000)).toBeGreaterThan(1.5);
    // Then it eases off: 2 s caps, and 8 s once the outage is long.
    const long = BACKOFF_CAPS_MS.findIndex((c) => c > RESTART_CAP_MS);
    expect(BACKOFF_CAPS_MS.slice(long).every((c) => c >= 2000)).toBe(true);
  });

  it('starts over after a connection that held, not after one that dropped at once', () => {
    let t = 0;
    const b = new Backoff({ random: () => 0.999999, now: () => t });
    b.next();
    b.next();
    b.next();
    b.opened();
    t += 100;
    b.closed();
    expect(b.attempts).toBe(3);
    expect(b.next()).toBe(999);
    expect(b.next()).toBe(999);
    b.opened();
    t += HELD_MS;
    b.closed();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(249);
    b.reset();
    expect(b.attempts).toBe(0);
  });

  it('online and the page becoming visible call back; hidden does not; unsubscribing stops both', () => {
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    vi.stubGlobal('window', win);
    vi.stubGlobal('document', doc);
    const retry = vi.fn();
    const off = onChanceToReconnect(retry);
    win.dispatchEvent(new Event('online'));
    expect(retry).toHaveBeenCalledTimes(1);
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(retry).toHaveBeenCalledTimes(1);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(retry).toHaveBeenCalledTimes(2);
    off();
    win.dispatchEvent(new Event('online'));
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(retry).toHaveBeenCalledTimes(2);
  });
});
