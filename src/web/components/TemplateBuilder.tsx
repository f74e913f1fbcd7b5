// Building a template's typed fields (a FieldList, src/shared/fields.ts): add, remove and reorder
// fields; each has a kind, a label, a help text, required or not, options for a choice, min / max
// (and their words) for a scale. Used for note templates (notes) and form templates (forms).
// Controlled: `value` is the list being built, `onChange` gets the next one. Errors are keyed by
// the zod path under `errorPrefix` (default "fields": "fields.2.label", what the API names).
// A field's key (and an option's value) follows its label until the person edits it.
import { Button, FieldError, Input, Label, TextField } from 'react-aria-components';
import type { ChoiceOption, FieldDef, FieldKind } from '../../shared/fields.js';
import { SelectField } from './SelectField.js';
import { Toggle } from './Toggle.js';

export const KIND_LABELS: Record<FieldKind, string> = {
  text: 'Text',
  choice: 'Choice',
  checkbox: 'Checkbox',
  date: 'Date',
  scale: 'Scale',
  signature: 'Signature',
};

/** A key made of a label: lower-case letters, digits and underscores, starting with a letter, unique among `taken`. */
export function keyOf(label: string, taken: readonly string[] = []): string {
  let base = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 36);
  if (!/^[a-z]/.test(base)) base = `f_${base}`.replace(/_+$/, '');
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}_${n}`;
  return key;
}

/** A new field of `kind`, keeping what the kinds share (key, label, help, required). */
export function fieldOfKind(kind: FieldKind, from: Pick<FieldDef, 'key' | 'label' | 'help' | 'required'>): FieldDef {
  const base = { key: from.key, label: from.label, required: from.required, ...(from.help ? { help: from.help } : {}) };
  switch (kind) {
    case 'text':
      return { ...base, kind, multiline: true, maxLength: 20_000 };
    case 'choice':
      return { ...base, kind, multiple: false, options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] };
    case 'scale':
      return { ...base, kind, min: 0, max: 10 };
    case 'checkbox':
    case 'date':
    case 'signature':
      return { ...base, kind };
  }
}

export interface TemplateBuilderProps {
  value: readonly FieldDef[];
  onChange: (next: FieldDef[]) => void;
  /** Which kinds may be added (note templates leave out "signature"). */
  kinds?: readonly FieldKind[];
  errors?: Record<string, string>;
  errorPrefix?: string;
  /** Called when a field changes, with its error path prefix (e.g. to clear its errors). */
  onEdit?: (path: string) => void;
  testIdPrefix?: string;
}

export function TemplateBuilder(p: TemplateBuilderProps) {
  const kinds = p.kinds ?? (['text', 'choice', 'checkbox', 'date', 'scale'] as const);
  const prefix = p.errorPrefix ?? 'fields';
  const tid = p.testIdPrefix ?? 'tb';
  const list = p.value;
  const put = (i: number, f: FieldDef) => {
    p.onChange(list.map((x, j) => (j === i ? f : x)));
    p.onEdit?.(`${prefix}.${i}`);
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...list];
    const [f] = next.splice(i, 1);
    if (f) next.splice(i + by, 0, f);
    p.onChange(next);
  };
  const add = () => {
    const label = `Field ${list.length + 1}`;
    p.onChange([...list, fieldOfKind('text', { key: keyOf(label, list.map((f) => f.key)), label, required: false })]);
  };
  return (
    <div className="template-builder" data-testid={tid}>
      {list.length === 0 ? <p className="field-description">No fields yet.</p> : null}
      <ol className="tb-list">
        {list.map((f, i) => (
          <li key={i} className="tb-field" data-testid={`${tid}-field-${i}`}>
            <FieldEditor
              field={f}
              index={i}
              kinds={kinds}
              others={list.filter((_, j) => j !== i).map((x) => x.key)}
              err={(path) => p.errors?.[`${prefix}.${i}${path ? `.${path}` : ''}`]}
              onChange={(next) => put(i, next)}
              tid={`${tid}-${i}`}
            />
            <div className="actions tb-actions">
              <Button className="btn small" isDisabled={i === 0} onPress={() => move(i, -1)} aria-label={`Move “${f.label}” up`} data-testid={`${tid}-${i}-up`}>
                ↑ Up
              </Button>
              <Button className="btn small" isDisabled={i === list.length - 1} onPress={() => move(i, 1)} aria-label={`Move “${f.label}” down`} data-testid={`${tid}-${i}-down`}>
                ↓ Down
              </Button>
              <Button className="btn small danger" onPress={() => p.onChange(list.filter((_, j) => j !== i))} aria-label={`Remove “${f.label}”`} data-testid={`${tid}-${i}-remove`}>
                Remove
              </Button>
            </div>
          </li>
        ))}
      </ol>
      {p.errors?.[prefix] ? <p className="field-error">{p.errors[prefix]}</p> : null}
      <Button className="btn" onPress={add} isDisabled={list.length >= 100} data-testid={`${tid}-add`}>
        + Add field
      </Button>
    </div>
  );
}

function BField({ label, value, onChange, error, testId, type, isRequired }: { label: string; value: string; onChange: (v: string) => void; error: string | undefined; testId: string; type?: 'number'; isRequired?: boolean }) {
  return (
    <TextField className="field" value={value} onChange={onChange} isInvalid={error !== undefined} validationBehavior="aria" isRequired={isRequired} type={type ?? 'text'}>
      <Label>
        {label}
        {isRequired ? <span aria-hidden="true"> *</span> : null}
      </Label>
      <Input data-testid={testId} {...(type === 'number' ? { inputMode: 'numeric' as const } : {})} />
      <FieldError className="field-error">{error}</FieldError>
    </TextField>
  );
}

interface EditorProps {
  field: FieldDef;
  index: number;
  kinds: readonly FieldKind[];
  others: string[];
  err: (path: string) => string | undefined;
  onChange: (f: FieldDef) => void;
  tid: string;
}

const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
const numText = (v: number) => (Number.isNaN(v) ? '' : String(v));

function FieldEditor({ field: f, index, kinds, others, err, onChange, tid }: EditorProps) {
  const setLabel = (label: string) => {
    const followsLabel = f.key === keyOf(f.label, others) || f.key === '';
    onChange({ ...f, label, ...(followsLabel && label.trim() ? { key: keyOf(label, others) } : {}) });
  };
  return (
    <fieldset className="tb-fieldset">
      <legend>
        Field {index + 1}: {f.label || 'untitled'} <span className="tb-kind">({KIND_LABELS[f.kind]})</span>
      </legend>
      <div className="grid-2">
        <BField label="Label" value={f.label} onChange={setLabel} error={err('label')} testId={`${tid}-label`} isRequired />
        <SelectField name={`kind-${index}`} label="Kind" value={f.kind} onChange={(k) => onChange(fieldOfKind(k as FieldKind, f))} options={kinds.map((k) => ({ id: k, label: KIND_LABELS[k] }))} testId={`${tid}-kind`} />
        <BField label="Key (stored name)" value={f.key} onChange={(key) => onChange({ ...f, key })} error={err('key')} testId={`${tid}-key`} />
        <BField label="Help text" value={f.help ?? ''} onChange={(help) => onChange(help ? { ...f, help } : withoutHelp(f))} error={err('help')} testId={`${tid}-help`} />
      </div>
      <div className="tb-toggles">
        <Toggle isSelected={f.required} onChange={(required) => onChange({ ...f, required })} testId={`${tid}-required`}>
          Required
        </Toggle>
        {f.kind === 'text' ? (
          <Toggle isSelected={f.multiline} onChange={(multiline) => onChange({ ...f, multiline })} testId={`${tid}-multiline`}>
            Several lines
          </Toggle>
        ) : null}
        {f.kind === 'choice' ? (
          <Toggle isSelected={f.multiple} onChange={(multiple) => onChange({ ...f, multiple })} testId={`${tid}-multiple`}>
            Several may be picked
          </Toggle>
        ) : null}
      </div>
      {f.kind === 'choice' ? <OptionsEditor options={f.options} onChange={(options) => onChange({ ...f, options })} err={err} tid={tid} fieldLabel={f.label} /> : null}
      {f.kind === 'scale' ? (
        <div className="grid-2">
          <BField label="Lowest value" type="number" value={numText(f.min)} onChange={(v) => onChange({ ...f, min: num(v) })} error={err('min')} testId={`${tid}-min`} />
          <BField label="Highest value" type="number" value={numText(f.max)} onChange={(v) => onChange({ ...f, max: num(v) })} error={err('max')} testId={`${tid}-max`} />
          <BField label="Words for the lowest" value={f.minLabel ?? ''} onChange={(minLabel) => onChange({ ...f, minLabel })} error={err('minLabel')} testId={`${tid}-min-label`} />
          <BField label="Words for the highest" value={f.maxLabel ?? ''} onChange={(maxLabel) => onChange({ ...f, maxLabel })} error={err('maxLabel')} testId={`${tid}-max-label`} />
        </div>
      ) : null}
      {err('') ? <p className="field-error">{err('')}</p> : null}
    </fieldset>
  );
}

function withoutHelp(f: FieldDef): FieldDef {
  const { help: _, ...rest } = f;
  return rest as FieldDef;
}

function OptionsEditor({ options, onChange, err, tid, fieldLabel }: { options: readonly ChoiceOption[]; onChange: (o: ChoiceOption[]) => void; err: (path: string) => string | undefined; tid: string; fieldLabel: string }) {
  const values = (skip: number) => options.filter((_, j) => j !== skip).map((o) => o.value);
  const setLabel = (i: number, label: string) =>
    onChange(
      options.map((o, j) => {
        if (j !== i) return o;
        const follows = o.value === keyOf(o.label, values(i));
        return { label, value: follows && label.trim() ? keyOf(label, values(i)) : o.value };
      }),
    );
  return (
    <div className="tb-options" role="group" aria-label={`Options of “${fieldLabel}”`}>
      <p className="tb-options-head">Options</p>
      <ul>
        {options.map((o, i) => (
          <li key={i} className="tb-option">
            <BField label={`Option ${i + 1}`} value={o.label} onChange={(v) => setLabel(i, v)} error={err(`options.${i}.label`) ?? err(`options.${i}.value`)} testId={`${tid}-option-${i}`} />
            <Button className="btn small danger" isDisabled={options.length <= 1} onPress={() => onChange(options.filter((_, j) => j !== i))} aria-label={`Remove option ${i + 1}`}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      {err('options') ? <p className="field-error">{err('options')}</p> : null}
      <Button className="btn small" isDisabled={options.length >= 50} onPress={() => onChange([...options, { value: keyOf(`Option ${options.length + 1}`, values(-1)), label: `Option ${options.length + 1}` }])} data-testid={`${tid}-option-add`}>
        + Add option
      </Button>
    </div>
  );
}
