// The visible "saved" state of a form being filled: a polite live region, so a screen reader hears
// "Saved" without being interrupted while typing.
import type { SaveState } from '../api/autosave.js';
import { clockTime } from '../model/labels.js';

export function SaveStateNote({ state }: { state: SaveState }) {
  const text =
    state.kind === 'saving' || state.kind === 'pending'
      ? 'Saving…'
      : state.kind === 'saved'
        ? `Your answers are saved (${clockTime(state.at)}).`
        : state.kind === 'error'
          ? `Not saved yet: ${state.message}`
          : 'Your answers are saved as you type.';
  return (
    <p role="status" className={`save-state save-${state.kind}`} data-testid="form-save-state" data-state={state.kind}>
      {text}
    </p>
  );
}
