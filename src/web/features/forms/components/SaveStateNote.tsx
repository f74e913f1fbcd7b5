// The visible "saved" state of a form being filled: a polite live region, so a screen reader hears
// "Saved" without being interrupted while typing. The time is the client's own clock, on the 12-hour
// dial clients in the USA read ("1:19 p. m." rather than a bare "13:19"/"1:19").
import { FormattedMessage, useIntl } from 'react-intl';
import { apiProblemText } from '../../../components/problemText.js';
import type { SaveState } from '../api/autosave.js';

function StateText({ state }: { state: SaveState }) {
  const intl = useIntl();
  switch (state.kind) {
    case 'saving':
    case 'pending':
      return <FormattedMessage id="forms.save.saving" defaultMessage="Saving…" />;
    case 'saved':
      return <FormattedMessage id="forms.save.saved" defaultMessage="Your answers are saved ({time})." values={{ time: intl.formatTime(state.at, { hour: 'numeric', minute: '2-digit', hour12: true }) }} />;
    case 'error':
      return (
        <FormattedMessage
          id="forms.save.error"
          defaultMessage="Not saved yet: {reason}{retrying, select, yes { Trying again…} other {}}"
          values={{ reason: state.problem ? apiProblemText(intl, state.problem) : intl.formatMessage({ id: 'forms.save.notSaved', defaultMessage: 'Not saved.' }), retrying: state.retrying ? 'yes' : 'no' }}
        />
      );
    case 'idle':
      return <FormattedMessage id="forms.save.idle" defaultMessage="Your answers are saved as you type." />;
  }
}

export function SaveStateNote({ state }: { state: SaveState }) {
  return (
    <p role="status" className={`save-state save-${state.kind}`} data-testid="form-save-state" data-state={state.kind}>
      <StateText state={state} />
    </p>
  );
}
