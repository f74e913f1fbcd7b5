// A day's appointment row: the client's forms for it ("Forms complete", "2 forms pending"), from
// the Today read model. Nothing when no forms were sent.
import { formsCountText } from '../model/labels.js';

export function AppointmentFormsStatus({ forms }: { forms: { pending: number; completed: number } | null | undefined }) {
  const t = forms ? formsCountText(forms) : null;
  if (!t || !forms) return null;
  return (
    <span className={`forms-count forms-count-${t.tone}`} data-testid="today-forms" data-pending={forms.pending} data-completed={forms.completed}>
      {t.text}
    </span>
  );
}
