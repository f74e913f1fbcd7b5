// "Send forms": choose the practice's forms (current versions) to send to the client through the
// portal. The client gets one e-mail (no form names in it) with a link to the portal.
import { useState } from 'react';
import { CheckboxChoices } from '../../../components/CheckboxChoices.js';
import { DialogButtons, ModalDialog } from '../../../components/ModalDialog.js';
import { ErrorSummary, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { FormRequestCreate } from '../../../../shared/forms.js';
import { useFormActions, useFormTemplates } from '../api/staff.js';
import { KIND_LABELS } from '../model/labels.js';
import { currentTemplates } from './FormsSettingsSection.js';

export function SendFormsDialog({ clientId, clientName, onClose, onSent }: { clientId: string; clientName: string; onClose: () => void; onSent: (n: number) => void }) {
  const templates = useFormTemplates();
  const { send } = useFormActions();
  const form = useFormErrors({ templateIds: 'Forms' });
  const { busy, submit } = useSubmit(form);
  const [chosen, setChosen] = useState<string[]>([]);
  return (
    <ModalDialog title={`Send forms to ${clientName}`} onClose={onClose} testId="forms-send-dialog">
      <QueryState query={templates} what="the practice's forms" testId="forms-send-templates">
        {(d) =>
          currentTemplates(d.items).length === 0 ? (
            <p>The practice has no forms yet. Create them under Practice settings → Forms.</p>
          ) : (
            <SubmitForm onSubmit={() => void submit(FormRequestCreate.safeParse({ templateIds: chosen }), async (data) => {
              await send(clientId, data.templateIds);
              onSent(data.templateIds.length);
            })}>
              <ErrorSummary form={form} testId="forms-send-error" />
              <CheckboxChoices name="templateIds" label="Forms to send" value={chosen} onChange={setChosen} options={currentTemplates(d.items).map((t) => ({ id: t.id, label: `${t.name} (${KIND_LABELS[t.kind]})` }))} form={form} testIdPrefix="forms-send-choice-" />
              <p className="field-description">The client gets one e-mail saying forms are waiting in the portal; the e-mail names no form.</p>
              <DialogButtons submit={busy ? 'Sending…' : 'Send'} onCancel={onClose} busy={busy} submitTestId="forms-send-submit" />
            </SubmitForm>
          )
        }
      </QueryState>
    </ModalDialog>
  );
}
