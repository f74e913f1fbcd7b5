// A native date or time input with its label and error: the browser's own picker on phones.

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
