// Note templates (/practice/note-templates): the built-in SOAP, DAP and BIRP and the practice's own,
// each with its fields; a new one is built from typed fields (TemplateBuilder) with a live preview.
// A template is never changed once made (a note keeps the fields it was started with).
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import { NOTE_KINDS, NoteTemplateCreate, type NoteKind, type NoteTemplate } from '../../../../shared/notes.js';
import type { FieldDef } from '../../../../shared/fields.js';
import { CheckboxChoices } from '../../../components/CheckboxChoices.js';
import { FieldsForm } from '../../../components/FieldsForm.js';
import { DialogButtons } from '../../../components/ModalDialog.js';
import { ErrorSummary, Field, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { TemplateBuilder } from '../../../components/TemplateBuilder.js';
import { useMe } from '../../../session/useMe.js';
import { useNoteActions, useNoteTemplates } from '../api/notes.js';
import { KIND_TITLES } from '../model/labels.js';
import './notes.css';

export function NoteTemplatesPage() {
  const me = useMe();
  const templates = useNoteTemplates();
  const canWrite = me.data?.permissions.includes('records.templates.write') ?? false;
  const [creating, setCreating] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <div data-testid="note-templates" className="note-page">
      <p className="breadcrumb">
        <Link to="/practice">← Practice settings</Link>
      </p>
      <h1>Note templates</h1>
      <p role="status" className={saved ? 'notice' : undefined}>
        {saved}
      </p>
      {canWrite && !creating ? (
        <Button className="btn primary" onPress={() => (setCreating(true), setSaved(null))} data-testid="note-template-new">
          New template
        </Button>
      ) : null}
      {creating ? (
        <NewTemplate
          onDone={(name) => {
            setCreating(false);
            if (name) setSaved(`Template “${name}” created.`);
          }}
        />
      ) : null}
      <QueryState query={templates} what="note templates" testId="note-templates-list">
        {(d) => (
          <ul className="note-template-list">
            {d.items.map((t) => (
              <TemplateRow key={t.id} t={t} />
            ))}
          </ul>
        )}
      </QueryState>
    </div>
  );
}

function TemplateRow({ t }: { t: NoteTemplate }) {
  return (
    <li className="card" data-testid="note-template-row">
      <h2 className="note-template-name">
        {t.name} <span className="field-description">{t.builtIn ? 'Built in' : 'Your practice'} · {t.kinds.map((k) => KIND_TITLES[k]).join(', ')}</span>
      </h2>
      <details>
        <summary>{t.fields.length} fields</summary>
        <ul>
          {t.fields.map((f) => (
            <li key={f.key}>
              {f.label}
              {f.required ? ' (required)' : ''}
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}

const START: FieldDef[] = [{ key: 'summary', label: 'Summary', kind: 'text', required: true, multiline: true, maxLength: 20_000 }];

function NewTemplate({ onDone }: { onDone: (name: string | null) => void }) {
  const { createTemplate } = useNoteActions();
  const form = useFormErrors({ name: 'Name', kinds: 'Kinds', fields: 'Fields' });
  const { busy, submit } = useSubmit(form);
  const [name, setName] = useState('');
  const [kinds, setKinds] = useState<NoteKind[]>(['progress', 'psychotherapy']);
  const [fields, setFields] = useState<FieldDef[]>(START);
  const [preview, setPreview] = useState<Record<string, unknown>>({});
  return (
    <section aria-labelledby="tpl-new-h" className="card" data-testid="note-template-form">
      <h2 id="tpl-new-h">New note template</h2>
      <SubmitForm
        onSubmit={() =>
          void submit(NoteTemplateCreate.safeParse({ name, kinds, fields }), async (body) => {
            await createTemplate(body);
            onDone(body.name);
          })
        }
      >
        <ErrorSummary form={form} testId="note-template-error" />
        <Field name="name" label="Name" value={name} onChange={setName} form={form} isRequired testId="note-template-name" />
        <CheckboxChoices name="kinds" label="For" value={kinds} onChange={setKinds} options={NOTE_KINDS.map((k) => ({ id: k, label: KIND_TITLES[k] }))} form={form} testIdPrefix="note-template-kind-" />
        <h3>Fields</h3>
        <TemplateBuilder value={fields} onChange={setFields} errors={form.errors} onEdit={(p) => form.clear(`${p}.label`)} testIdPrefix="tb" />
        <details className="note-template-preview">
          <summary>Preview</summary>
          <FieldsForm fields={fields.filter((f) => f.label.trim() && f.key)} value={preview} onChange={setPreview} testIdPrefix="preview-" />
        </details>
        <DialogButtons submit={busy ? 'Saving…' : 'Create template'} onCancel={() => onDone(null)} busy={busy} submitTestId="note-template-save" />
      </SubmitForm>
    </section>
  );
}

/** The practice settings page's link to the note templates. */
export function NoteTemplatesSection() {
  const me = useMe();
  if (!me.data?.permissions.includes('records.read')) return null;
  return (
    <section aria-labelledby="note-templates-h" className="card">
      <h2 id="note-templates-h">Clinical note templates</h2>
      <p>
        SOAP, DAP and BIRP are built in; build your own from typed fields. <Link to="/practice/note-templates">Note templates</Link>
      </p>
    </section>
  );
}
