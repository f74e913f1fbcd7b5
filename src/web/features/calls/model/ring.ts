// Ringing calls in this browser: what the server rang (over the socket) or lists as ringing
// (GET on load and after each reconnect, since the ring is durable server-side and a browser
// that connected late must still see it), minus the ones dismissed here. One store per principal
// (staff, portal client). Dismissals live in sessionStorage (call ids only, no PHI) so a reload
// does not bring a prompt back that was already answered "Not now".
//
// The list and the socket race: a GET read before a call rang can be answered after the socket
// brought the ring (a page still loading as a scheduled call rings). So each read takes a mark()
// first, and its answer (replace) keeps what the socket said since that mark: a ring heard
// after it stays, a stop heard after it stays stopped, and an answer older than one already
// applied is dropped.
//
// The ring sound is made with Web Audio (no files): a two-tone burst every few seconds until
// stopped. Browsers may refuse to start audio before the page had a user gesture; the prompt
// still shows.
import type { CallMode, CallSummary } from '../../../../shared/calls.js';

export interface RingingCall {
  callId: string;
  title: string;
  mode: CallMode;
}

const MAX_DISMISSED = 50;

export class RingStore {
  private calls = new Map<string, RingingCall>();
  private dismissed: string[];
  private listeners = new Set<() => void>();
  private snapshot: RingingCall[] = [];
  /** Counts rings and stops heard on the socket and list reads begun (one sequence: their order). */
  private clock = 0;
  /** The mark of the list answer applied last. */
  private listMark = 0;
  /** Per call: when (on `clock`) the socket last rang or stopped it, and which. */
  private heard = new Map<string, { at: number; ringing: boolean }>();

  constructor(private readonly storageKey: string) {
    this.dismissed = this.load();
  }

  private load(): string[] {
    try {
      const raw = sessionStorage.getItem(this.storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  private emit() {
    this.snapshot = [...this.calls.values()];
    this.listeners.forEach((l) => l());
  }

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => {
      this.listeners.delete(l);
    };
  };
  getSnapshot = (): RingingCall[] => this.snapshot;

  isDismissed(callId: string) {
    return this.dismissed.includes(callId);
  }

  /** A ring arrived (ignored if dismissed here). */
  ring(c: RingingCall) {
    this.heard.set(c.callId, { at: ++this.clock, ringing: true });
    if (this.isDismissed(c.callId)) return;
    this.calls.set(c.callId, c);
    this.emit();
  }

  /** The ring stopped (answered elsewhere, ended, given up). */
  stop(callId: string) {
    this.heard.set(callId, { at: ++this.clock, ringing: false });
    if (this.calls.delete(callId)) this.emit();
  }

  /** Taken before asking the server for its list; its answer goes to replace() with it. */
  mark(): number {
    return ++this.clock;
  }

  /**
   * The server's list of ringing calls, read after `mark`, is the truth: it replaces what we had,
   * except what the socket said after the mark (newer than the list). An answer to a read begun
   * before the one applied last changes nothing.
   */
  replace(list: RingingCall[], mark = this.clock) {
    if (mark < this.listMark) return;
    this.listMark = mark;
    const later = (id: string) => {
      const h = this.heard.get(id);
      return h && h.at > mark ? h : undefined;
    };
    const next = new Map(list.filter((c) => !this.isDismissed(c.callId) && later(c.callId)?.ringing !== false).map((c) => [c.callId, c]));
    for (const c of this.calls.values()) if (!next.has(c.callId) && later(c.callId)?.ringing) next.set(c.callId, c);
    for (const [id, h] of this.heard) if (h.at <= mark) this.heard.delete(id);
    this.calls = next;
    this.emit();
  }

  /** Joined, or "Not now": this call does not prompt again in this tab's session. */
  dismiss(callId: string) {
    if (!this.isDismissed(callId)) {
      this.dismissed = [...this.dismissed, callId].slice(-MAX_DISMISSED);
      try {
        sessionStorage.setItem(this.storageKey, JSON.stringify(this.dismissed));
      } catch {
        /* private mode: kept in memory only */
      }
    }
    this.stop(callId);
  }

  clear() {
    this.heard.clear();
    if (this.calls.size) {
      this.calls.clear();
      this.emit();
    }
  }
}

export const staffRings = new RingStore('hearth.rings.dismissed');
export const portalRings = new RingStore('hearth.portal.rings.dismissed');

/** The ringing calls of a GET /api/calls or /api/portal/calls answer. */
export function ringingOf(items: CallSummary[], title: (c: CallSummary) => string): RingingCall[] {
  return items.filter((c) => c.status === 'ringing').map((c) => ({ callId: c.id, title: title(c), mode: c.mode }));
}

export type RingSound = 'playing' | 'blocked' | 'off';

/**
 * Starts the ring: a 440 + 480 Hz burst of 1 s every 3 s. Returns the stop function and whether
 * the browser let it play (a suspended AudioContext that will not resume without a gesture).
 */
export function startRingSound(onState: (s: RingSound) => void): () => void {
  const Ctx = typeof window !== 'undefined' ? (window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext) : undefined;
  if (!Ctx) {
    onState('blocked');
    return () => undefined;
  }
  let ctx: AudioContext;
  try {
    ctx = new Ctx();
  } catch {
    onState('blocked');
    return () => undefined;
  }
  let stopped = false;
  const burst = () => {
    if (stopped || ctx.state !== 'running') return;
    const t = ctx.currentTime + 0.02;
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(0.15, t + 0.05);
    gain.gain.setValueAtTime(0.15, t + 0.95);
    gain.gain.linearRampToValueAtTime(0, t + 1);
    gain.connect(ctx.destination);
    for (const f of [440, 480]) {
      const osc = ctx.createOscillator();
      osc.type = 'sine';
      osc.frequency.value = f;
      osc.connect(gain);
      osc.start(t);
      osc.stop(t + 1.05);
    }
  };
  const report = () => onState(stopped ? 'off' : ctx.state === 'running' ? 'playing' : 'blocked');
  ctx.onstatechange = report;
  report();
  // Blocked until the page has had a gesture: the next click or key press lets it ring.
  const unblock = () => void ctx.resume().catch(() => undefined);
  window.addEventListener('pointerdown', unblock, { once: true });
  window.addEventListener('keydown', unblock, { once: true });
  void ctx
    .resume()
    .catch(() => undefined)
    .then(() => {
      report();
      burst();
    });
  const timer = setInterval(burst, 3000);
  return () => {
    stopped = true;
    clearInterval(timer);
    window.removeEventListener('pointerdown', unblock);
    window.removeEventListener('keydown', unblock);
    ctx.onstatechange = null;
    void ctx.close().catch(() => undefined);
    onState('off');
  };
}
