// A native date or time input with its label and error: the browser's own picker on phones; and a
// range of two time inputs.

/** A native date or time input with a label and its error (the browser's own picker on phones). */
export function NativeField({
  name,
  label,
  type,
  value,
  onChange,
  error,
  invalid,
  testId,
  onEdit,
}: {
  name: string;
  label: string;
  type: 'date' | 'time';
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  invalid?: boolean;
  testId: string;
  onEdit?: () => void;
}) {
  const id = `native-${name}`;
  const errId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} <span aria-hidden="true">*</span>
      </label>
      <input
        id={id}
        type={type}
        value={value}
        required
        aria-invalid={error !== undefined || invalid ? true : undefined}
        aria-describedby={error ? errId : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          onEdit?.();
        }}
        data-testid={testId}
      />
      {error ? (
        <p id={errId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type Side = 'start' | 'end';

/**
 * A range of times of day (working hours, quiet hours): its start and end as native time inputs.
 * An error of the range as a whole (e.g. an end before its start) marks both and shows under the end.
 */
export function TimeRangeFields({
  labels,
  value,
  onChange,
  onEdit,
  errors,
  name,
  testId,
}: {
  labels: Record<Side, string>;
  value: Record<Side, string>;
  onChange: (side: Side, v: string) => void;
  onEdit?: () => void;
  errors: { start?: string | undefined; end?: string | undefined; whole?: string | undefined };
  name: (side: Side) => string;
  testId: (side: Side) => string;
}) {
  return (['start', 'end'] as const).map((side) => (
    <NativeField
      key={side}
      name={name(side)}
      label={labels[side]}
      type="time"
      value={value[side]}
      onChange={(v) => onChange(side, v)}
      {...(onEdit ? { onEdit } : {})}
      error={errors[side] ?? (side === 'end' ? errors.whole : undefined)}
      invalid={errors.whole !== undefined}
      testId={testId(side)}
    />
  ));
}
