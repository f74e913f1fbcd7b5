// Today's alert: risk answers (PHQ-9 item 9 above zero) not yet reviewed, for the signed-in
// clinician (every one for the owner). Nothing at all when there is none, or for roles that do
// not read clinical records.
import { Link } from 'react-router';
import { useMe } from '../../../session/useMe.js';
import { useMeasureFlags } from '../api.js';
import { longDay } from './labels.js';

export function MeasureFlagsCard() {
  const me = useMe();
  const read = me.data?.permissions.includes('records.read') ?? false;
  const flags = useMeasureFlags(read);
  const items = flags.data?.items ?? [];
  if (!read || items.length === 0) return null;
  return (
    <section className="measure-flags card" aria-labelledby="measure-flags-h" data-testid="measure-flags">
      <h2 id="measure-flags-h">Questionnaire answers that need you</h2>
      <ul>
        {items.map((f) => (
          <li key={f.responseId} data-testid="item9-flag">
            <strong>{f.clientName}</strong> answered PHQ-9 item 9 (thoughts of death or self-harm) above zero on {longDay(f.completedAt)}.{' '}
            <Link to={`/clients/${encodeURIComponent(f.clientId)}?tab=measures#client-measures-h`}>Open {f.clientName}’s measures</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
