// A draft note: its template's fields, saved as the provider types with the save state always in
// view (role=status), a notice when unsent text was restored from this device, the choice after a
// conflict, and Sign (a confirmation: signing locks the note).
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { Note } from '../../../../shared/notes.js';
import { isApiError } from '../../../api/client.js';
import { answerErrors, FieldsForm, issuesToErrors, type FieldErrorMap } from '../../../components/FieldsForm.js';
import { ModalDialog } from '../../../components/ModalDialog.js';
import { useNoteActions } from '../api/notes.js';
import { saveStateText } from '../model/labels.js';
import { useAutosave, type SaveState } from '../model/useAutosave.js';

export function DraftEditor({ note }: { note: Note }) {
  const draft = useAutosave(note);
  const { sign } = useNoteActions();
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [confirming, setConfirming] = useState(false);
  const [signing, setSigning] = useState(false);
  const [signError, setSignError] = useState<string | null>(null);
  const refused = draft.state.kind === 'refused' ? issuesToErrors(draft.state.issues) : {};
  const shown = { ...refused, ...errors };

  const askToSign = () => {
    setSignError(null);
    const problems = answerErrors(note.template, draft.fields, true);
    setErrors(problems);
    if (Object.keys(problems).length === 0) setConfirming(true);
  };
  const doSign = async () => {
    setSigning(true);
    try {
      if (!(await draft.saver.flush())) {
        setSignError('The draft is not saved on the server yet, so it cannot be signed. It is kept on this device; try again once it is saved.');
        return;
      }
      await sign(note.id, draft.saver.currentVersion);
    } catch (e) {
      if (isApiError(e)) {
        setErrors(issuesToErrors(e.issues.length ? e.issues : e.field ? [{ field: e.field, message: e.message }] : []));
        setSignError(e.message);
      } else setSignError('Signing failed. Please try again.');
    } finally {
      setSigning(false);
      setConfirming(false);
    }
  };

  return (
    <>
      <SaveStatus state={draft.state} />
      {draft.restored ? (
        <p className="notice" data-testid="note-restored">
          {draft.restored}
        </p>
      ) : null}
      {draft.state.kind === 'conflict' ? <ConflictChoice source={draft.state.source} onResolve={draft.saver.resolve} /> : null}
      {draft.state.kind === 'refused' ? (
        <p className="error-summary" data-testid="note-refused">
          The server did not take this draft: {draft.state.message}
        </p>
      ) : null}
      <div role="alert" data-testid="note-sign-error" className={signError || Object.keys(errors).length ? 'error-summary' : undefined}>
        {signError ? <p>{signError}</p> : null}
        {!signError && Object.keys(errors).length ? <p>Please complete the highlighted fields before signing.</p> : null}
      </div>
      <form className="form note-form" aria-label="Note" onSubmit={(e) => e.preventDefault()}>
        <FieldsForm
          fields={note.template}
          value={draft.fields}
          onChange={draft.saver.edit}
          errors={shown}
          testIdPrefix="note-field-"
          onEdit={(key) =>
            setErrors((prev) => {
              const { [`fields.${key}`]: _, ...rest } = prev;
              return rest;
            })
          }
        />
      </form>
      <div className="actions note-actions">
        <Button className="btn primary" onPress={askToSign} isDisabled={draft.state.kind === 'conflict'} data-testid="note-sign">
          Sign note…
        </Button>
      </div>
      {confirming ? (
        <ModalDialog title="Sign this note?" onClose={() => setConfirming(false)} testId="note-sign-dialog">
          <p>
            <strong>Signing locks this note.</strong> It can never be edited again; later corrections are added as signed, dated addenda.
          </p>
          <div className="actions">
            <Button className="btn primary" onPress={() => void doSign()} isDisabled={signing} data-testid="note-sign-confirm">
              {signing ? 'Signing…' : 'Sign and lock'}
            </Button>
            <Button className="btn" onPress={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </ModalDialog>
      ) : null}
    </>
  );
}

function SaveStatus({ state }: { state: SaveState }) {
  return (
    <p role="status" className={`note-save note-save-${state.kind}`} data-testid="note-save-state" data-state={state.kind}>
      <span className="note-save-dot" aria-hidden="true" />
      {saveStateText(state)}
    </p>
  );
}

function ConflictChoice({ source, onResolve }: { source: 'server' | 'device'; onResolve: (keep: 'mine' | 'theirs') => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const go = (keep: 'mine' | 'theirs') => {
    setBusy(true);
    setFailed(false);
    onResolve(keep)
      .catch(() => setFailed(true))
      .finally(() => setBusy(false));
  };
  return (
    <div role="alert" className="notice warn note-conflict" data-testid="note-conflict">
      <p>
        <strong>{source === 'server' ? 'This note was saved elsewhere (another tab or device) since you opened it.' : 'This device kept changes made to an older version of this note.'}</strong> Your text is below and kept on this device. Which version should the note keep?
      </p>
      <div className="actions">
        <Button className="btn primary" onPress={() => go('mine')} isDisabled={busy} data-testid="note-conflict-mine">
          Keep my version
        </Button>
        <Button className="btn" onPress={() => go('theirs')} isDisabled={busy} data-testid="note-conflict-theirs">
          Use the saved version (discard mine)
        </Button>
      </div>
      {failed ? <p className="field-error">Couldn't reach Hearth. Your text is still kept on this device; try again.</p> : null}
    </div>
  );
}
