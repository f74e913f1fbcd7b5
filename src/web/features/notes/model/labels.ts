// The words of notes: kinds, statuses, save states, and an appointment's time as a heading says it.
import type { NoteKind, NoteStatus } from '../../../../shared/notes.js';
import type { SaveState } from './useAutosave.js';

export const KIND_TITLES: Record<NoteKind, string> = { progress: 'Progress note', psychotherapy: 'Psychotherapy note' };

export const STATUS_LABELS: Record<NoteStatus, string> = {
  draft: 'Draft',
  signed: 'Signed',
  awaiting_cosign: 'Signed · awaiting co-signature',
  cosigned: 'Signed and co-signed',
};

const dateTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** An instant in the viewer's zone: "Mon, 7 Dec 2026, 10:00". */
export const whenText = (iso: string) => dateTime.format(new Date(iso));
export const clockText = (iso: string) => clock.format(new Date(iso));

/** The save state in words (role=status reads it). */
export function saveStateText(s: SaveState): string {
  switch (s.kind) {
    case 'clean':
      return 'All changes saved';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return `Saved ${clockText(s.at)}`;
    case 'local':
      return s.why === 'offline' ? 'Offline — saved on this device' : "Couldn't reach Hearth — saved on this device; trying again";
    case 'conflict':
      return 'Not saved: choose which version to keep';
    case 'refused':
      return 'Not saved: see the problem below — kept on this device';
  }
}
