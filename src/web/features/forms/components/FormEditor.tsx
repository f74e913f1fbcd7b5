// Creating or editing a form: its name and kind, the consent wording (Markdown, with a preview as
// the client will see it), its fields (the shared TemplateBuilder, signature included) and whether
// it goes out automatically with a new client's first booking. Saving an edit makes a new version.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { FieldDef } from '../../../../shared/fields.js';
import { FORM_KINDS, FormTemplateCreate, type FormKind, type FormTemplate } from '../../../../shared/forms.js';
import { Card } from '../../../components/Card.js';
import { ErrorSummary, Field, SubmitForm, TextAreaField, useFormErrors, useSubmit } from '../../../components/forms.js';
import { Markdown } from '../../../components/Markdown.js';
import { SelectField } from '../../../components/SelectField.js';
import { TemplateBuilder } from '../../../components/TemplateBuilder.js';
import { Toggle } from '../../../components/Toggle.js';
import { useFormActions } from '../api/staff.js';
import { KIND_LABELS } from '../model/labels.js';

const START_FIELDS: FieldDef[] = [{ key: 'signature', label: 'Signature', kind: 'signature', required: true }];

export function FormEditor({ template, onCancel, onSaved }: { template: FormTemplate | null; onCancel: () => void; onSaved: (name: string) => void }) {
  const { saveTemplate } = useFormActions();
  const form = useFormErrors({ name: 'Name', kind: 'Kind', wording: 'Wording', fields: 'Fields', sendOnFirstBooking: 'Send automatically' });
  const { busy, submit } = useSubmit(form);
  const [name, setName] = useState(template?.name ?? '');
  const [kind, setKind] = useState<FormKind>(template?.kind ?? 'telehealth_consent');
  const [wording, setWording] = useState(template?.wording ?? '');
  const [fields, setFields] = useState<FieldDef[]>(template ? [...template.fields] : START_FIELDS);
  const [auto, setAuto] = useState(template?.sendOnFirstBooking ?? false);
  const [preview, setPreview] = useState(false);

  const save = () => {
    const body = { name, kind, wording: wording.trim() ? wording : null, fields, sendOnFirstBooking: auto, ...(template ? { replaces: template.familyId } : {}) };
    void submit(FormTemplateCreate.safeParse(body), async (data) => {
      await saveTemplate(data);
      onSaved(data.name);
    });
  };

  return (
    <Card id="form-editor-h" title={template ? `Edit “${template.name}” (saves version ${template.version + 1})` : 'New form'} testId="form-editor">
      <SubmitForm onSubmit={save} aria-labelledby="form-editor-h">
        <ErrorSummary form={form} testId="form-editor-error" />
        <div className="grid-2">
          <Field name="name" label="Name" value={name} onChange={setName} form={form} isRequired testId="form-editor-name" description="What the client sees, e.g. “Consent to telehealth”." />
          <SelectField name="kind" label="Kind" value={kind} onChange={(v) => setKind(v as FormKind)} options={FORM_KINDS.map((k) => ({ id: k, label: KIND_LABELS[k] }))} form={form} testId="form-editor-kind" />
        </div>
        <div className="form-wording-edit">
          {preview ? (
            <div className="form-wording preview" data-testid="form-editor-preview">
              <p className="muted">Preview: what the client reads above the questions.</p>
              {wording.trim() ? <Markdown source={wording} baseLevel={4} /> : <p className="muted">No wording.</p>}
            </div>
          ) : (
            <TextAreaField
              name="wording"
              label="Consent wording (optional)"
              value={wording}
              onChange={setWording}
              form={form}
              rows={8}
              testId="form-editor-wording"
              description="Shown above the fields; the client signs that they read and agree to it. Markdown: # heading, - list item, **bold**. Empty for a questionnaire without wording."
            />
          )}
          <Button className="btn small" onPress={() => setPreview((p) => !p)} data-testid="form-editor-preview-toggle">
            {preview ? 'Edit wording' : 'Preview wording'}
          </Button>
        </div>
        <fieldset className="form-fields-edit">
          <legend>Fields</legend>
          <TemplateBuilder
            value={fields}
            onChange={setFields}
            kinds={['text', 'choice', 'checkbox', 'date', 'scale', 'signature']}
            errors={form.errors}
            onEdit={(path) => form.clear(path)}
            testIdPrefix="form-tb"
          />
        </fieldset>
        <Toggle isSelected={auto} onChange={setAuto} testId="form-editor-auto">
          Send automatically with a new client’s first booking
        </Toggle>
        <div className="actions">
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid="form-editor-save">
            {busy ? 'Saving…' : template ? 'Save new version' : 'Save form'}
          </Button>
          <Button className="btn" onPress={onCancel}>
            Cancel
          </Button>
        </div>
      </SubmitForm>
    </Card>
  );
}
