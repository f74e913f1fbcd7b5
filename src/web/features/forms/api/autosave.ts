// Progress saved as the client types: a change waits a moment (more typing joins it), then PUTs the
// answers; a failed save that may pass later retries with the shared backoff and says so. The state
// is what the page shows, in the client's language ("Saving…", "Saved 9:41 PM", "Not saved yet. Trying again…").
import { useEffect, useState } from 'react';
import type { Answers } from '../../../../shared/fields.js';
import { type ApiError, isApiError } from '../../../api/factory.js';
import { backoff, transient } from '../../../api/retry.js';
import { saveFormDraft } from './portal.js';

/**
 * error: `problem` is the API's failure (null for any other), which the page words in the client's
 * language (SaveStateNote: no answer at all has a code, not English words); `retrying` when another
 * try is scheduled.
 */
export type SaveState = { kind: 'idle' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; problem: ApiError | null; retrying: boolean };

const QUIET_MS = 800;

/** One form's draft saver: the answers waiting to go, one save at a time, retries on transient failures. */
class DraftSaver {
  private waiting: Answers | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private failures = 0;
  constructor(
    private readonly requestId: string,
    private readonly onState: (s: SaveState) => void,
  ) {}

  changed(answers: Answers) {
    this.waiting = answers;
    if (this.failures === 0) this.onState({ kind: 'pending' });
    this.schedule(QUIET_MS);
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), ms);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running || this.waiting === null) return;
    const sending = this.waiting;
    this.running = true;
    this.onState({ kind: 'saving' });
    try {
      await saveFormDraft(this.requestId, sending);
      this.failures = 0;
      if (this.waiting === sending) this.waiting = null;
      this.onState(this.waiting ? { kind: 'pending' } : { kind: 'saved', at: new Date() });
      if (this.waiting) this.schedule(QUIET_MS);
    } catch (e) {
      this.failures += 1;
      const again = transient(e);
      this.onState({ kind: 'error', problem: isApiError(e) ? e : null, retrying: again });
      if (again) this.schedule(backoff(this.failures, e));
    } finally {
      this.running = false;
    }
  }

  /** Drop what is waiting (the form is being submitted with it). */
  discard() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting = null;
  }

  /** Leaving the page: what was typed goes now rather than being lost. */
  leave() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiting && !this.running) void saveFormDraft(this.requestId, this.waiting).catch(() => undefined);
  }
}

export function useDraftAutosave(requestId: string) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const [saver] = useState(() => new DraftSaver(requestId, setState));
  useEffect(() => () => saver.leave(), [saver]);
  return { state, changed: (a: Answers) => saver.changed(a), discard: () => saver.discard() };
}
