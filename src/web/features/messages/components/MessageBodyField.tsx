// The text of a message being written, shared by the staff reply form (ClientMessagesPanel) and
// the portal's compose form (PortalPages): its error sits on the field and clears on typing.
import { FieldError, Label, TextArea, TextField } from 'react-aria-components';
import type { FormErrorsApi } from '../../../components/forms.js';

export function MessageBodyField({
  label,
  rows,
  testId,
  value,
  onChange,
  form,
}: {
  label: string;
  rows: number;
  testId: string;
  value: string;
  onChange: (v: string) => void;
  form: FormErrorsApi;
}) {
  return (
    <TextField
      className="field"
      name="body"
      value={value}
      onChange={(v) => {
        onChange(v);
        form.clear('body');
      }}
      isInvalid={form.errors.body !== undefined}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      <TextArea className="textarea" rows={rows} data-testid={testId} />
      <FieldError className="field-error">{form.errors.body}</FieldError>
    </TextField>
  );
}
