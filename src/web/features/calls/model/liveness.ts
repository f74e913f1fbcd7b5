// Media liveness and heartbeats (./engine.ts runs them). Signaling may be gone while media still
// flows (the server restarted, a socket is blocked on a bad network): the media decides who is in
// the call, not the socket.
//  - each heartbeat names the peers whose media arrived in the last MEDIA_FRESH_MS (`mediaFrom`):
//    the server keeps those in the call, as away, however long their own sockets are gone;
//  - heartbeats go at a third of the server's presence TTL (call.alive says it), at most every 5 s;
//  - a peer the server says is gone while its media still arrives is kept (orphan) until its media
//    stops; if it comes back (peer_joined) it is simply in the call again.
import type { PeerLink } from './engine-types.js';

/** Inbound bytes grew this recently: the peer's media is flowing. */
export const MEDIA_FRESH_MS = 6000;
const DEFAULT_EVERY_MS = 5000;
const MIN_EVERY_MS = 500;

export function mediaFresh(l: PeerLink, now = Date.now()): boolean {
  return l.pc.connectionState !== 'closed' && l.mediaAt !== undefined && now - l.mediaAt < MEDIA_FRESH_MS;
}

/** The peers whose media this page receives now. */
export function mediaFrom(links: Map<string, PeerLink>, now = Date.now()): string[] {
  return [...links].filter(([, l]) => mediaFresh(l, now)).map(([id]) => id);
}

/** peer_left 'gone' for a link whose media still arrives: kept, shown away; true when kept. */
export function keepOrphan(l: PeerLink | undefined): boolean {
  if (!l || !mediaFresh(l)) return false;
  l.orphan = true;
  l.remote.away = true;
  return true;
}

/** The heartbeat timer, paced by the server's TTL; each beat first drops orphans whose media stopped. */
export class Heartbeats {
  private timer: ReturnType<typeof setInterval> | undefined;
  private everyMs = DEFAULT_EVERY_MS;

  constructor(
    private readonly links: Map<string, PeerLink>,
    private readonly beat: (mediaFrom: string[]) => void,
    private readonly drop: (peerId: string) => void,
  ) {}

  start(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), this.everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** call.alive: the server keeps us listed for `expiresInMs`; beat three times within it. */
  paceTo(expiresInMs: number): void {
    const every = Math.max(MIN_EVERY_MS, Math.min(DEFAULT_EVERY_MS, Math.floor(expiresInMs / 3)));
    if (every === this.everyMs) return;
    this.everyMs = every;
    if (this.timer !== undefined) this.start();
  }

  tick(now = Date.now()): void {
    for (const [id, l] of [...this.links]) if (l.orphan && !mediaFresh(l, now)) this.drop(id);
    this.beat(mediaFrom(this.links, now));
  }
}
