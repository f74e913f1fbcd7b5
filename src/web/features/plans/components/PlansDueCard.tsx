// The Today page's card: signed treatment plans due for review, for roles that read records. Shows
// nothing when none is due (a quiet day stays quiet).
import { Link } from 'react-router';
import { useMe } from '../../../session/useMe.js';
import { useDuePlans } from '../api/plans.js';
import { dayText } from './PlanContentView.js';
import './plans.css';

export function PlansDueCard() {
  const me = useMe();
  const canRead = me.data?.permissions.includes('records.read') ?? false;
  const due = useDuePlans(canRead);
  const items = due.data?.items ?? [];
  if (!canRead || !items.length) return null;
  return (
    <section aria-labelledby="plans-due-h" className="card" data-testid="plans-due">
      <h2 id="plans-due-h">Treatment plans due for review ({items.length})</h2>
      <ul className="rows">
        {items.map((x) => (
          <li key={x.id}>
            <Link to={`/clients/${encodeURIComponent(x.clientId)}`}>{x.clientName}</Link>
            <span className="muted">due {dayText(x.nextReviewDate)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
