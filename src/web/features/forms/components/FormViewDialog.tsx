// A client's form with its answers and signing record (roles that read records; the read is audited
// by the server), in a dialog over the client page.
import { Button } from 'react-aria-components';
import type { FormRequestSummary } from '../../../../shared/forms.js';
import { FieldsForm } from '../../../components/FieldsForm.js';
import { ModalDialog } from '../../../components/ModalDialog.js';
import { QueryState } from '../../../components/QueryState.js';
import { formPdfHref, useFormRequest } from '../api/staff.js';
import { answerFields } from '../model/labels.js';
import { SignedForm } from './SignedForm.js';

export function FormViewDialog({ request, onClose }: { request: FormRequestSummary; onClose: () => void }) {
  const detail = useFormRequest(request.id);
  const close = (
    <Button className="btn" onPress={onClose} data-testid="form-view-close">
      Close
    </Button>
  );
  return (
    <ModalDialog title={request.name} onClose={onClose} wide testId="form-view-dialog">
      <QueryState query={detail} what="the form" testId="form-view-state">
        {(f) =>
          f.status === 'completed' ? (
            <SignedForm f={f} pdfHref={formPdfHref(f.id)} audience="staff" heading={2} extra={close} />
          ) : (
            <>
              <p className="notice warn">Not submitted yet: the answers so far (a draft the client may still change).</p>
              <FieldsForm fields={answerFields(f.fields)} value={f.answers} readOnly testIdPrefix="form-answer-" />
              <div className="actions">{close}</div>
            </>
          )
        }
      </QueryState>
    </ModalDialog>
  );
}
