// A signed note: locked, read-only content, the signature line, the supervisor's co-signature (or
// the Co-sign button for that supervisor), the addenda (each signed and dated) and "Add addendum".
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { AddendumCreate, type Note, type Signature } from '../../../../shared/notes.js';
import { FieldsForm } from '../../../components/FieldsForm.js';
import { DialogButtons } from '../../../components/ModalDialog.js';
import { ErrorSummary, SubmitForm, TextAreaField, useFormErrors, useSubmit } from '../../../components/forms.js';
import { useMe } from '../../../session/useMe.js';
import { useNoteActions } from '../api/notes.js';
import { whenText } from '../model/labels.js';

const signedBy = (s: Signature) => `${s.name}, ${whenText(s.at)}`;

export function SignedNote({ note: n }: { note: Note }) {
  const me = useMe();
  const canCosign = n.status === 'awaiting_cosign' && n.cosignerId !== null && n.cosignerId === me.data?.user.id;
  return (
    <>
      <section aria-labelledby="note-content-h" className="card note-locked">
        <h2 id="note-content-h">
          Signed content <span className="note-locked-tag">locked</span>
        </h2>
        <FieldsForm fields={n.template} value={n.fields} readOnly testIdPrefix="note-field-" />
        <p className="note-signature" data-testid="note-signature">
          Signed by {n.signed ? signedBy(n.signed) : '—'}
        </p>
        {n.cosigned ? (
          <p className="note-signature" data-testid="note-cosignature">
            Co-signed by {signedBy(n.cosigned)}
          </p>
        ) : n.status === 'awaiting_cosign' ? (
          <p className="field-description" data-testid="note-awaiting-cosign">
            Awaiting the supervisor's co-signature.
          </p>
        ) : null}
        {canCosign ? <CosignButton id={n.id} /> : null}
      </section>
      <Addenda note={n} />
    </>
  );
}

function CosignButton({ id }: { id: string }) {
  const { cosign } = useNoteActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="actions">
      <Button
        className="btn primary"
        isDisabled={busy}
        data-testid="note-cosign"
        onPress={() => {
          setBusy(true);
          setError(null);
          cosign(id)
            .catch((e: unknown) => setError(e instanceof Error ? e.message : 'Co-signing failed.'))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? 'Co-signing…' : 'Co-sign as supervisor'}
      </Button>
      <span role="alert" className="field-error">
        {error}
      </span>
    </div>
  );
}

function Addenda({ note: n }: { note: Note }) {
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby="addenda-h" className="card" data-testid="note-addenda">
      <h2 id="addenda-h">Addenda</h2>
      {n.addenda.length === 0 ? <p className="field-description">No addenda.</p> : null}
      <ol className="note-addenda">
        {n.addenda.map((a) => (
          <li key={a.id} data-testid="note-addendum">
            <p className="fields-view-text">{a.text}</p>
            <p className="note-signature">Added and signed by {signedBy(a.signed)}</p>
          </li>
        ))}
      </ol>
      {adding ? (
        <AddendumForm id={n.id} onDone={() => setAdding(false)} />
      ) : (
        <Button className="btn" onPress={() => setAdding(true)} data-testid="note-addendum-add">
          Add addendum
        </Button>
      )}
    </section>
  );
}

function AddendumForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { addAddendum } = useNoteActions();
  const form = useFormErrors({ text: 'Addendum' });
  const { busy, submit } = useSubmit(form);
  const [text, setText] = useState('');
  return (
    <SubmitForm className="form inset" onSubmit={() => void submit(AddendumCreate.safeParse({ text }), async (body) => {
      await addAddendum(id, body.text);
      onDone();
    })}>
      <ErrorSummary form={form} testId="note-addendum-error" />
      <TextAreaField name="text" label="Addendum" value={text} onChange={setText} form={form} rows={4} testId="note-addendum-text" description="Signed with your name and the time when you add it; it cannot be changed afterwards." />
      <DialogButtons submit={busy ? 'Adding…' : 'Sign and add addendum'} onCancel={onDone} busy={busy} submitTestId="note-addendum-save" />
    </SubmitForm>
  );
}
