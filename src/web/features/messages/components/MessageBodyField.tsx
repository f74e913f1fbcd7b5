// The text of a message being written, shared by the staff reply form (ClientMessagesPanel) and
// the portal's compose form (PortalPages): its error sits on the field and clears on typing.
import { type FormErrorsApi, TextAreaField } from '../../../components/forms.js';

export function MessageBodyField(p: { label: string; rows: number; testId: string; value: string; onChange: (v: string) => void; form: FormErrorsApi }) {
  return <TextAreaField name="body" {...p} />;
}
