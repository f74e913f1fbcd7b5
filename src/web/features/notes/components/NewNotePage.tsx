// Starting a note for one client's appointment (/notes/new?appointmentId=&clientId=): the notes
// this appointment already has (continue a draft, open a signed one), then a new one: progress or
// psychotherapy, and its template (SOAP, DAP, BIRP or the practice's own).
import { useState } from 'react';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { NOTE_KINDS, NoteCreate, type NoteKind, type NoteSummary } from '../../../../shared/notes.js';
import { ErrorSummary, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { useNoteActions, useNoteList, useNoteTemplates } from '../api/notes.js';
import { KIND_TITLES, STATUS_LABELS, whenText } from '../model/labels.js';
import './notes.css';

export function NewNotePage() {
  const [params] = useSearchParams();
  const appointmentId = params.get('appointmentId') ?? '';
  const clientId = params.get('clientId') ?? '';
  const existing = useNoteList({ appointmentId, clientId });
  return (
    <div data-testid="note-new" className="note-page">
      <p className="breadcrumb">
        <Link to={`/clients/${encodeURIComponent(clientId)}`}>← Client record</Link>
      </p>
      <h1>Notes of this appointment</h1>
      <QueryState query={existing} what="this appointment's notes" testId="note-existing">
        {(d) => <ExistingNotes items={d.items} />}
      </QueryState>
      <StartNote appointmentId={appointmentId} clientId={clientId} />
    </div>
  );
}

function ExistingNotes({ items }: { items: NoteSummary[] }) {
  if (items.length === 0) return <p className="field-description">No note yet.</p>;
  return (
    <ul className="note-list">
      {items.map((n) => (
        <li key={n.id}>
          <Link to={`/notes/${encodeURIComponent(n.id)}`} data-testid="note-existing-link">
            {n.status === 'draft' ? 'Continue ' : 'Open '}
            {KIND_TITLES[n.kind].toLowerCase()}
          </Link>{' '}
          <span className="field-description">
            {STATUS_LABELS[n.status]} · {n.templateName} · {whenText(n.updatedAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function StartNote({ appointmentId, clientId }: { appointmentId: string; clientId: string }) {
  const templates = useNoteTemplates();
  const navigate = useNavigate();
  const { create } = useNoteActions();
  const form = useFormErrors({ kind: 'Kind', templateId: 'Template', appointmentId: 'Appointment', clientId: 'Client' });
  const { busy, submit } = useSubmit(form);
  const [kind, setKind] = useState<NoteKind>('progress');
  const [templateId, setTemplateId] = useState('soap');
  return (
    <section aria-labelledby="note-start-h" className="card">
      <h2 id="note-start-h">Start a new note</h2>
      <QueryState query={templates} what="note templates" testId="note-templates-list">
        {(d) => {
          const usable = d.items.filter((t) => t.kinds.includes(kind));
          return (
            <SubmitForm
              onSubmit={() =>
                void submit(NoteCreate.safeParse({ appointmentId, clientId, kind, templateId, fields: {} }), async (body) => {
                  const id = await create(body);
                  await navigate(`/notes/${encodeURIComponent(id)}`, { replace: true });
                })
              }
            >
              <ErrorSummary form={form} testId="note-start-error" />
              <RadioGroup className="field fields-choice" value={kind} onChange={(v) => setKind(v as NoteKind)} data-testid="note-kind">
                <Label>Kind of note</Label>
                {NOTE_KINDS.map((k) => (
                  <Radio key={k} value={k} className="fields-radio" data-testid={`note-kind-${k}`}>
                    <span className="dot" aria-hidden="true" />
                    <span>
                      {KIND_TITLES[k]}
                      <span className="field-description">{k === 'progress' ? ' — part of the client’s record' : ' — kept apart; only you can read it'}</span>
                    </span>
                  </Radio>
                ))}
              </RadioGroup>
              <SelectField name="templateId" label="Template" value={usable.some((t) => t.id === templateId) ? templateId : ''} onChange={setTemplateId} options={usable.map((t) => ({ id: t.id, label: t.builtIn ? `${t.name} (built in)` : t.name }))} form={form} testId="note-template" placeholder="Choose a template" />
              <Button type="submit" className="btn primary" isDisabled={busy} data-testid="note-start">
                {busy ? 'Starting…' : 'Start note'}
              </Button>
            </SubmitForm>
          );
        }}
      </QueryState>
    </section>
  );
}
