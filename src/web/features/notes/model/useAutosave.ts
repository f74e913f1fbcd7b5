// A draft note saved as the provider types. Every change is kept at once on this device
// (./localDrafts.ts, encrypted) and sent a moment later (PATCH with the version last seen). The
// local copy is dropped when the server has the latest text. Offline or on a failed save the
// state says "saved on this device" and the save is tried again (at once when the browser is back
// online, else every few seconds); a copy found on opening the note is restored and sent. A stale
// version (409: another tab or device saved) pauses saving and asks the person which text to keep:
// nothing is ever overwritten silently.
import { useEffect, useState } from 'react';
import type { Answers } from '../../../../shared/fields.js';
import type { Note } from '../../../../shared/notes.js';
import { isApiError } from '../../../api/client.js';
import { transient } from '../../../api/retry.js';
import { fetchNote, patchNote, useNoteActions } from '../api/notes.js';
import { dropLocal, keepLocal, loadLocal } from './localDrafts.js';

export type SaveState =
  | { kind: 'clean' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'local'; why: 'offline' | 'failed' }
  | { kind: 'conflict'; source: 'server' | 'device' }
  | { kind: 'refused'; message: string; issues: { field: string; message: string }[] };

/** How long typing may pause before the draft is sent; how long before a failed save is tried again. */
export const SAVE_DELAY_MS = 800;
const LOCAL_DELAY_MS = 150;
const RETRY_MS = 5000;

const same = (a: Answers, b: Answers) => JSON.stringify(a) === JSON.stringify(b);

interface Outlets {
  state: (s: SaveState) => void;
  fields: (f: Answers) => void;
  restored: (message: string) => void;
  saved: (n: Note) => void;
}

/** The saving of one draft, outside React: what was typed (seq), what the server has (ackSeq). */
export class DraftSaver {
  private version: number;
  private fields: Answers;
  private seq = 0;
  private ackSeq = 0;
  private paused = false;
  private inflight: Promise<void> | null = null;
  private sendTimer = 0;
  private localTimer = 0;
  private retryTimer = 0;
  private alive = false;

  constructor(
    private readonly note: Note,
    private readonly out: Outlets,
  ) {
    this.version = note.version;
    this.fields = note.fields;
  }

  get currentVersion(): number {
    return this.version;
  }

  /** The person changed the answers. */
  edit = (next: Answers): void => {
    this.fields = next;
    this.seq += 1;
    this.out.fields(next);
    window.clearTimeout(this.localTimer);
    this.localTimer = window.setTimeout(() => void this.keepNow(), LOCAL_DELAY_MS);
    if (!this.paused) this.schedule();
  };

  /** Send what is unsent now; true when the server has the latest text. */
  flush = async (background = false): Promise<boolean> => {
    window.clearTimeout(this.sendTimer);
    while (this.inflight) await this.inflight;
    if (this.paused) return false;
    if (this.seq === this.ackSeq) return true;
    // Always try, even when the browser says it is offline: navigator.onLine is only a hint (it
    // says "offline" behind some VPNs and in networks with no default route, and "online" behind a
    // dead captive portal). A failed request keeps the text on this device and retries.
    this.inflight = this.sendOnce(background);
    await this.inflight;
    this.inflight = null;
    return this.seq === this.ackSeq;
  };

  /** After a conflict: keep this text (sent over the newer version) or take the server's. */
  resolve = async (keep: 'mine' | 'theirs'): Promise<void> => {
    const n = await fetchNote(this.note.id);
    this.version = n.version;
    this.paused = false;
    if (keep === 'theirs') {
      this.fields = n.fields;
      this.ackSeq = this.seq;
      this.out.fields(n.fields);
      this.out.saved(n);
      await dropLocal(this.note.id).catch(() => undefined);
      this.out.state({ kind: 'saved', at: n.updatedAt });
    } else {
      this.seq += 1;
      await this.flush();
    }
  };

  /** On opening: restore a copy kept on this device; listen for "online" and the page going away. */
  start(): () => void {
    this.alive = true;
    void this.restore();
    const online = () => void this.flush(true);
    const hide = () => void this.keepNow();
    window.addEventListener('online', online);
    window.addEventListener('pagehide', hide);
    return () => {
      this.alive = false;
      window.removeEventListener('online', online);
      window.removeEventListener('pagehide', hide);
      window.clearTimeout(this.retryTimer);
      window.clearTimeout(this.sendTimer);
      void this.keepNow();
    };
  }

  private schedule() {
    window.clearTimeout(this.sendTimer);
    this.sendTimer = window.setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  private async keepNow(): Promise<void> {
    window.clearTimeout(this.localTimer);
    if (this.seq === this.ackSeq) return;
    await keepLocal({ noteId: this.note.id, baseVersion: this.version, fields: this.fields, savedAt: new Date().toISOString() }).catch(() => undefined);
  }

  private async sendOnce(background: boolean): Promise<void> {
    const seq = this.seq;
    this.out.state({ kind: 'saving' });
    try {
      const n = await patchNote(this.note.id, this.version, this.fields, background);
      this.version = n.version;
      this.ackSeq = seq;
      this.out.saved(n);
      if (this.seq === seq) {
        await dropLocal(this.note.id).catch(() => undefined);
        this.out.state({ kind: 'saved', at: new Date().toISOString() });
      }
    } catch (e) {
      await this.keepNow();
      if (isApiError(e) && e.status === 409) {
        this.paused = true;
        this.out.state({ kind: 'conflict', source: 'server' });
      } else if (isApiError(e) && e.status >= 400 && e.status < 500 && !transient(e)) {
        this.paused = true;
        this.out.state({ kind: 'refused', message: e.message, issues: e.field && !e.issues.length ? [{ field: e.field, message: e.message }] : e.issues });
      } else {
        this.out.state({ kind: 'local', why: navigator.onLine ? 'failed' : 'offline' });
        window.clearTimeout(this.retryTimer);
        if (this.alive) this.retryTimer = window.setTimeout(() => void this.flush(true), RETRY_MS);
      }
    }
  }

  private async restore(): Promise<void> {
    const n = this.note;
    const local = await loadLocal(n.id).catch(() => null);
    if (!this.alive || !local) return;
    if (same(local.fields, n.fields)) return dropLocal(n.id);
    if (n.status !== 'draft') {
      this.out.restored('Unsent changes kept on this device were not applied: the note was signed meanwhile.');
      return;
    }
    this.fields = local.fields;
    this.seq += 1;
    this.out.fields(local.fields);
    if (local.baseVersion === n.version) {
      this.out.restored(`Restored your unsaved changes from this device (kept ${new Date(local.savedAt).toLocaleTimeString()}).`);
      await this.flush();
    } else {
      this.paused = true;
      this.out.state({ kind: 'conflict', source: 'device' });
    }
  }
}

export function useAutosave(note: Note) {
  const { saved } = useNoteActions();
  const [fields, setFields] = useState<Answers>(note.fields);
  const [state, setState] = useState<SaveState>({ kind: 'clean' });
  const [restored, setRestored] = useState<string | null>(null);
  const [saver] = useState(() => new DraftSaver(note, { state: setState, fields: setFields, restored: setRestored, saved }));
  useEffect(() => saver.start(), [saver]);
  return { fields, state, restored, saver };
}
