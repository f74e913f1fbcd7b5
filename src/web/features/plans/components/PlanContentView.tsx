// A plan's content read-only: diagnoses, then each problem with its goals, objectives and
// interventions (staff between reviews, and the client in the portal).
import { OBJECTIVE_STATUS_LABELS, type PlanContent, type PlanStatus } from '../../../../shared/plans.js';

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = { draft: 'Draft', active: 'Active', reviewed: 'Reviewed', closed: 'Closed' };

/** A calendar date (YYYY-MM-DD) in words, read as the date it is (not shifted by the time zone). */
/** A moment as a short date (Dec 6, 2026). */
export const shortDate = (at: string) => new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

export const dayText = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

export function PlanContentView({ c, headingLevel = 3 }: { c: PlanContent; headingLevel?: 3 | 4 }) {
  const H = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className="plan-view">
      <H>Diagnoses</H>
      {c.diagnoses.length ? (
        <ul className="plan-dx-list">
          {c.diagnoses.map((d) => (
            <li key={d.code}>
              <strong>{d.code}</strong> {d.description}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None recorded.</p>
      )}
      {c.problems.map((p, pi) => (
        <section key={pi} className="plan-problem" aria-label={`Problem ${pi + 1}`}>
          <H>
            Problem {pi + 1}: <span className="plan-text">{p.text}</span>
          </H>
          {p.goals.map((g, gi) => (
            <div key={gi} className="plan-goal" data-testid="plan-goal">
              <p className="plan-goal-text">
                <strong>
                  Goal {pi + 1}.{gi + 1}:
                </strong>{' '}
                {g.text}
              </p>
              {g.objectives.length ? (
                <ul className="plan-list" aria-label={`Objectives of goal ${pi + 1}.${gi + 1}`}>
                  {g.objectives.map((o, oi) => (
                    <li key={oi}>
                      <span>
                        <span className="plan-kind">Objective:</span> {o.text}
                      </span>
                      <span className="muted">
                        by {dayText(o.targetDate)} · <span className={`plan-obj plan-obj-${o.status}`}>{OBJECTIVE_STATUS_LABELS[o.status]}</span>
                      </span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {g.interventions.length ? (
                <ul className="plan-list" aria-label={`Interventions of goal ${pi + 1}.${gi + 1}`}>
                  {g.interventions.map((x, ii) => (
                    <li key={ii}>
                      <span>
                        <span className="plan-kind">Intervention:</span> {x.text}
                      </span>
                      <span className="muted">{x.frequency}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
