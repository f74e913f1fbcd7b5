// A template's typed fields (src/shared/fields.ts) as accessible inputs: the one renderer behind a
// note's content and an intake / consent form. Controlled: `value` is the answers (field key ->
// answer) and `onChange` gets the next whole map. Errors are keyed `fields.<key>` (what
// checkAnswers and the API name); each sits under its input (aria-invalid + aria-describedby).
// `readOnly` shows signed content as text. A signature field is drawn by `renderSignature` (the
// forms lane plugs its SignaturePad in); without it the field asks for the typed name only.
import { useId, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Checkbox, CheckboxGroup, FieldError, Label, Radio, RadioGroup, Text, TextArea, TextField, Input } from 'react-aria-components';
import { answerText, checkAnswers, type AnswerIssue, type Answers, type FieldDef, type SignatureAnswer } from '../../shared/fields.js';

export type FieldErrorMap = Record<string, string>;

/** checkAnswers' issues (or the API's) as a map `fields.<key>` -> message, first message per field. */
export function issuesToErrors(issues: readonly AnswerIssue[]): FieldErrorMap {
  const out: FieldErrorMap = {};
  for (const i of issues) if (!(i.field in out)) out[i.field] = i.message;
  return out;
}

/** The answers' problems as an error map: `complete` when signing or submitting (required fields then count). */
export function answerErrors(fields: readonly FieldDef[], answers: Answers, complete: boolean): FieldErrorMap {
  return issuesToErrors(checkAnswers(fields, answers, { complete }));
}

export interface SignatureRenderProps {
  field: Extract<FieldDef, { kind: 'signature' }>;
  value: SignatureAnswer | null;
  onChange: (v: SignatureAnswer | null) => void;
  error: string | undefined;
  /** The id the error text must carry (the pad's input points at it with aria-describedby). */
  errorId: string;
  readOnly: boolean;
  testId: string;
}

export interface FieldsFormProps {
  fields: readonly FieldDef[];
  value: Answers;
  onChange?: (next: Answers) => void;
  /** `fields.<key>` -> message. */
  errors?: FieldErrorMap;
  readOnly?: boolean;
  renderSignature?: (p: SignatureRenderProps) => ReactNode;
  /** Each input's data-testid is this prefix and the field's key (default "field-"). */
  testIdPrefix?: string;
  /** Called with the key of a field the person changed (e.g. to clear its error). */
  onEdit?: (key: string) => void;
}

/** Every field of a template, in order. */
export function FieldsForm(p: FieldsFormProps) {
  if (p.readOnly) return <FieldsView fields={p.fields} value={p.value} renderSignature={p.renderSignature} testIdPrefix={p.testIdPrefix} />;
  const set = (key: string, v: unknown) => {
    p.onChange?.({ ...p.value, [key]: v });
    p.onEdit?.(key);
  };
  return (
    <div className="fields-form">
      {p.fields.map((f) => (
        <OneField key={f.key} field={f} value={p.value[f.key]} set={(v) => set(f.key, v)} error={p.errors?.[`fields.${f.key}`]} testId={`${p.testIdPrefix ?? 'field-'}${f.key}`} renderSignature={p.renderSignature} />
      ))}
    </div>
  );
}

interface OneProps {
  field: FieldDef;
  value: unknown;
  set: (v: unknown) => void;
  error: string | undefined;
  testId: string;
  renderSignature: FieldsFormProps['renderSignature'];
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** The required mark (a sign, not a word). */
const STAR = ' *';
const Req = ({ on }: { on: boolean }) => (on ? <span aria-hidden="true">{STAR}</span> : null);
/** A field's label, starred (for sighted readers) when required. */
function Title({ f }: { f: FieldDef }) {
  return (
    <Label>
      {f.label}
      <Req on={f.required} />
    </Label>
  );
}

function Notes({ help, error }: { help: string | undefined; error: string | undefined }) {
  return (
    <>
      {help ? (
        <Text slot="description" className="field-description">
          {help}
        </Text>
      ) : null}
      <FieldError className="field-error">{error}</FieldError>
    </>
  );
}

function OneField({ field: f, value, set, error, testId, renderSignature }: OneProps) {
  const invalid = error !== undefined;
  const boxId = useId();
  switch (f.kind) {
    case 'text':
      return (
        <TextField className="field" value={str(value)} onChange={set} isRequired={f.required} isInvalid={invalid} validationBehavior="aria" maxLength={f.maxLength}>
          <Title f={f} />
          {f.multiline ? <TextArea className="textarea" rows={4} data-testid={testId} /> : <Input data-testid={testId} />}
          <Notes help={f.help} error={error} />
        </TextField>
      );
    case 'choice':
      return f.multiple ? (
        <CheckboxGroup className="field fields-choice" value={Array.isArray(value) ? (value as string[]) : []} onChange={set} isRequired={f.required} isInvalid={invalid} validationBehavior="aria" data-testid={testId}>
          <Title f={f} />
          {f.options.map((o) => (
            <Checkbox key={o.value} value={o.value} className="checkbox" data-testid={`${testId}-${o.value}`}>
              <span className="box" aria-hidden="true" />
              <span>{o.label}</span>
            </Checkbox>
          ))}
          <Notes help={f.help} error={error} />
        </CheckboxGroup>
      ) : (
        <RadioGroup className="field fields-choice" value={str(value) || null} onChange={set} isRequired={f.required} isInvalid={invalid} validationBehavior="aria" data-testid={testId}>
          <Title f={f} />
          {f.options.map((o) => (
            <Radio key={o.value} value={o.value} className="fields-radio" data-testid={`${testId}-${o.value}`}>
              <span className="dot" aria-hidden="true" />
              <span>{o.label}</span>
            </Radio>
          ))}
          <Notes help={f.help} error={error} />
        </RadioGroup>
      );
    case 'checkbox':
      return (
        <div className="field">
          <Checkbox className="checkbox" isSelected={value === true} onChange={set} isInvalid={invalid} validationBehavior="aria" data-testid={testId} aria-describedby={[f.help ? `${boxId}-help` : '', error ? `${boxId}-err` : ''].filter(Boolean).join(' ') || undefined}>
            <span className="box" aria-hidden="true" />
            <span>
              {f.label}
              <Req on={f.required} />
            </span>
          </Checkbox>
          {f.help ? (
            <p id={`${boxId}-help`} className="field-description">
              {f.help}
            </p>
          ) : null}
          {error ? (
            <p id={`${boxId}-err`} className="field-error">
              {error}
            </p>
          ) : null}
        </div>
      );
    case 'date':
      return <DateInput field={f} value={str(value)} set={set} error={error} testId={testId} />;
    case 'scale':
      return <ScaleInput field={f} value={value} set={set} error={error} testId={testId} />;
    case 'signature':
      return <SignatureInput field={f} value={value} set={set} error={error} testId={testId} renderSignature={renderSignature} />;
  }
}

function DateInput({ field: f, value, set, error, testId }: { field: FieldDef; value: string; set: (v: unknown) => void; error: string | undefined; testId: string }) {
  const id = useId();
  const described = [f.help ? `${id}-help` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>
        {f.label}
        <Req on={f.required} />
      </label>
      <input id={id} type="date" className="fields-date" value={value} required={f.required} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} onChange={(e) => set(e.target.value)} data-testid={testId} />
      {f.help ? (
        <p id={`${id}-help`} className="field-description">
          {f.help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-err`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Up to this many points a scale is a row of buttons; a wider one is a number input. */
const SEGMENTS = 11;

function ScaleInput({ field: f, value, set, error, testId }: { field: Extract<FieldDef, { kind: 'scale' }>; value: unknown; set: (v: unknown) => void; error: string | undefined; testId: string }) {
  const id = useId();
  const intl = useIntl();
  const end = (v: number) => (v === f.min && f.minLabel ? f.minLabel : v === f.max && f.maxLabel ? f.maxLabel : null);
  const pointLabel = (v: number) => {
    const label = end(v);
    return label ? intl.formatMessage({ id: 'fields.scale.pointLabel', defaultMessage: '{value} ({label})' }, { value: v, label }) : String(v);
  };
  const n = f.max - f.min + 1;
  const ends =
    f.minLabel || f.maxLabel
      ? `${f.min}${f.minLabel ? ` = ${f.minLabel}` : ''}, ${f.max}${f.maxLabel ? ` = ${f.maxLabel}` : ''}`
      : intl.formatMessage({ id: 'fields.scale.range', defaultMessage: '{min} to {max}' }, { min: f.min, max: f.max });
  if (n > SEGMENTS) {
    return (
      <TextField className="field" value={typeof value === 'number' ? String(value) : ''} onChange={(v) => set(v.trim() === '' ? null : Number(v))} isRequired={f.required} isInvalid={error !== undefined} validationBehavior="aria">
        <Title f={f} />
        <Input type="number" inputMode="numeric" min={f.min} max={f.max} data-testid={testId} />
        <Notes help={f.help ? `${f.help} (${ends})` : ends} error={error} />
      </TextField>
    );
  }
  const points = Array.from({ length: n }, (_, i) => f.min + i);
  return (
    <RadioGroup className="field fields-scale" orientation="horizontal" value={typeof value === 'number' ? String(value) : null} onChange={(v) => set(Number(v))} isRequired={f.required} isInvalid={error !== undefined} validationBehavior="aria" data-testid={testId}>
      <Title f={f} />
      <div className="scale-row">
        {f.minLabel ? (
          <span className="scale-end" aria-hidden="true" id={`${id}-min`}>
            {f.minLabel}
          </span>
        ) : null}
        <div className="scale-points">
          {points.map((v) => (
            <Radio key={v} value={String(v)} className="scale-point" data-testid={`${testId}-${v}`} aria-label={pointLabel(v)}>
              {v}
            </Radio>
          ))}
        </div>
        {f.maxLabel ? (
          <span className="scale-end" aria-hidden="true">
            {f.maxLabel}
          </span>
        ) : null}
      </div>
      <Notes help={f.help} error={error} />
    </RadioGroup>
  );
}

function asSignature(v: unknown): SignatureAnswer | null {
  return v && typeof v === 'object' && 'typedName' in v ? (v as SignatureAnswer) : null;
}

function SignatureInput({ field, value, set, error, testId, renderSignature }: { field: Extract<FieldDef, { kind: 'signature' }>; value: unknown; set: (v: unknown) => void; error: string | undefined; testId: string; renderSignature: FieldsFormProps['renderSignature'] }) {
  const id = useId();
  if (renderSignature) {
    return <div className="field fields-signature">{renderSignature({ field, value: asSignature(value), onChange: set, error, errorId: `${id}-err`, readOnly: false, testId })}</div>;
  }
  return (
    <div className="field fields-signature" data-testid={testId}>
      <span className="field-label">{field.label}</span>
      <p className="field-description">
        <FormattedMessage id="fields.signature.inPortal" defaultMessage="A signature is given in the client portal." />
      </p>
      {error ? (
        <p id={`${id}-err`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

// ---- read-only (signed content) ----

function FieldsView({ fields, value, renderSignature, testIdPrefix }: { fields: readonly FieldDef[]; value: Answers; renderSignature: FieldsFormProps['renderSignature']; testIdPrefix: string | undefined }) {
  const intl = useIntl();
  // A tick box's answer in the reader's language; every other answer is the form's own words.
  const text = (f: FieldDef, v: unknown) =>
    f.kind === 'checkbox' && v === true
      ? intl.formatMessage({ id: 'fields.answer.yes', defaultMessage: 'Yes' })
      : f.kind === 'checkbox' && v === false
        ? intl.formatMessage({ id: 'fields.answer.no', defaultMessage: 'No' })
        : answerText(f, v);
  return (
    <dl className="fields-view">
      {fields.map((f) => {
        const testId = `${testIdPrefix ?? 'field-'}${f.key}`;
        const sig = f.kind === 'signature' ? asSignature(value[f.key]) : null;
        return (
          <div key={f.key} className="fields-view-row">
            <dt>{f.label}</dt>
            <dd data-testid={testId} className={f.kind === 'text' ? 'fields-view-text' : undefined}>
              {f.kind === 'signature' && renderSignature ? (
                renderSignature({ field: f, value: sig, onChange: () => undefined, error: undefined, errorId: '', readOnly: true, testId })
              ) : sig ? (
                <>
                  <img src={sig.image} alt={intl.formatMessage({ id: 'fields.signatureOf', defaultMessage: 'Signature of {name}' }, { name: sig.typedName })} className="fields-signature-img" />
                  <span>{sig.typedName}</span>
                </>
              ) : (
                text(f, value[f.key])
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
