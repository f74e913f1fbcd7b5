// The run loop of every polling worker (the ledger dispatchers, call rings): poll every pollMs, run
// at once on kick(), never two runs at a time in one process (a kick during a run makes it go round
// once more), stop() lets the run in hand finish. Subclasses say what one pass does.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { describeError } from './describe.js';

/** The shortest wait before looking again at a row already due. */
const MIN_WAKE_MS = 10;

export abstract class DispatchLoop {
  /** This instance's name in `claimed_by`. */
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  protected stopped = false;

  constructor(
    private readonly loopLog: Logger,
    private readonly label: string,
    private readonly pollMs: number,
  ) {}

  /** Claims and sends until nothing due is left (or the loop is stopped). */
  protected abstract pass(): Promise<void>;

  /** Sweeps stale claims, then polls every pollMs (0: only when kicked). Idempotent. */
  start(): void {
    if (this.stopped || this.started) return;
    this.started = true;
    if (this.pollMs > 0) {
      this.timer = setInterval(() => this.kick(), this.pollMs);
      this.timer.unref();
    }
    this.kick();
  }

  /** Whether start() was called (and stop() not yet): this process dispatches. */
  get active(): boolean {
    return this.started && !this.stopped;
  }

  /** Runs soon; coalesced with a run in progress. */
  kick(): void {
    void this.schedule();
  }

  /** Sends everything due now and resolves when nothing due is left (tests, tools). */
  drain(): Promise<void> {
    return this.schedule();
  }

  /**
   * Stops claiming; the group of sends in flight finishes and is recorded. Resolves when done
   * (SIGTERM in the dispatcher process).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    await this.running;
  }

  /**
   * After a pass that found nothing due: run again when the next row falls due, when that is
   * before the next poll, so a reminder goes at its minute and not up to a poll later. A row due
   * already (it fell due since the claim, or another instance's claim holds it for a moment) is
   * looked at again shortly.
   */
  protected wakeAt(nextDue: number | null, now: number): void {
    if (nextDue === null || this.stopped || !this.started || this.pollMs <= 0) return;
    const wait = Math.max(nextDue - now, MIN_WAKE_MS);
    if (wait >= this.pollMs) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.kick();
    }, wait);
    this.wakeTimer.unref();
  }

  private schedule(): Promise<void> {
    if (this.stopped) return this.running ?? Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && !this.stopped);
      } catch (err) {
        this.loopLog.error({ err: describeError(err) }, `${this.label}: a dispatch run stopped`);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
