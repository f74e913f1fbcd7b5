// A plan's content read-only: diagnoses, then each problem with its goals, objectives and
// interventions (staff between reviews, and the client in the portal). Hearth's words are in the
// reader's language; what the provider wrote (problems, goals, objectives, interventions) stays as written.
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import type { ObjectiveStatus, PlanContent, PlanStatus } from '../../../../shared/plans.js';

/** Marks between words and facts (not words themselves). */
const SPACE = ' ';
const SEP = ' · ';

export const PLAN_STATUS_MESSAGES: Record<PlanStatus, MessageDescriptor> = defineMessages({
  draft: { id: 'plans.status.draft', defaultMessage: 'Draft' },
  active: { id: 'plans.status.active', defaultMessage: 'Active' },
  reviewed: { id: 'plans.status.reviewed', defaultMessage: 'Reviewed' },
  closed: { id: 'plans.status.closed', defaultMessage: 'Closed' },
});

/** The plan statuses' English (the staff screens; the portal formats PLAN_STATUS_MESSAGES). */
export const PLAN_STATUS_LABELS = Object.fromEntries(Object.entries(PLAN_STATUS_MESSAGES).map(([k, m]) => [k, m.defaultMessage as string])) as Record<PlanStatus, string>;

const OBJECTIVE_STATUS_MESSAGES: Record<ObjectiveStatus, MessageDescriptor> = defineMessages({
  not_started: { id: 'plans.objective.notStarted', defaultMessage: 'Not started' },
  in_progress: { id: 'plans.objective.inProgress', defaultMessage: 'In progress' },
  met: { id: 'plans.objective.met', defaultMessage: 'Met' },
  not_met: { id: 'plans.objective.notMet', defaultMessage: 'Not met' },
  discontinued: { id: 'plans.objective.discontinued', defaultMessage: 'Discontinued' },
});

/** A moment as a short date (Dec 6, 2026). */
export const shortDate = (at: string) => new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** A calendar date (YYYY-MM-DD) in words, read as the date it is (not shifted by the time zone). */
export const dayText = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

export function PlanContentView({ c, headingLevel = 3 }: { c: PlanContent; headingLevel?: 3 | 4 }) {
  const intl = useIntl();
  const H = headingLevel === 3 ? 'h3' : 'h4';
  const day = (d: string) => intl.formatDate(`${d}T12:00:00Z`, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  return (
    <div className="plan-view">
      <H>
        <FormattedMessage id="plans.view.diagnoses" defaultMessage="Diagnoses" />
      </H>
      {c.diagnoses.length ? (
        <ul className="plan-dx-list">
          {c.diagnoses.map((d) => (
            <li key={d.code}>
              <strong>{d.code}</strong> {d.description}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">
          <FormattedMessage id="plans.view.noDiagnoses" defaultMessage="None recorded." />
        </p>
      )}
      {c.problems.map((p, pi) => (
        <section key={pi} className="plan-problem" aria-label={intl.formatMessage({ id: 'plans.view.problemLabel', defaultMessage: 'Problem {n}' }, { n: pi + 1 })}>
          <H>
            <FormattedMessage id="plans.view.problem" defaultMessage="Problem {n}:" values={{ n: pi + 1 }} /> <span className="plan-text">{p.text}</span>
          </H>
          {p.goals.map((g, gi) => {
            const n = `${pi + 1}.${gi + 1}`;
            return (
              <div key={gi} className="plan-goal" data-testid="plan-goal">
                <p className="plan-goal-text">
                  <strong>
                    <FormattedMessage id="plans.view.goal" defaultMessage="Goal {n}:" values={{ n }} />
                  </strong>{SPACE}
                  {g.text}
                </p>
                {g.objectives.length ? (
                  <ul className="plan-list" aria-label={intl.formatMessage({ id: 'plans.view.objectivesOf', defaultMessage: 'Objectives of goal {n}' }, { n })}>
                    {g.objectives.map((o, oi) => (
                      <li key={oi}>
                        <span>
                          <span className="plan-kind">
                            <FormattedMessage id="plans.view.objective" defaultMessage="Objective:" />
                          </span>{SPACE}
                          {o.text}
                        </span>
                        <span className="muted">
                          <FormattedMessage id="plans.view.by" defaultMessage="by {date}" values={{ date: day(o.targetDate) }} />
                          {SEP}
                          <span className={`plan-obj plan-obj-${o.status}`}>{intl.formatMessage(OBJECTIVE_STATUS_MESSAGES[o.status])}</span>
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {g.interventions.length ? (
                  <ul className="plan-list" aria-label={intl.formatMessage({ id: 'plans.view.interventionsOf', defaultMessage: 'Interventions of goal {n}' }, { n })}>
                    {g.interventions.map((x, ii) => (
                      <li key={ii}>
                        <span>
                          <span className="plan-kind">
                            <FormattedMessage id="plans.view.intervention" defaultMessage="Intervention:" />
                          </span>{SPACE}
                          {x.text}
                        </span>
                        <span className="muted">{x.frequency}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            );
          })}
        </section>
      ))}
    </div>
  );
}
