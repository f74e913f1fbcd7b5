// The client page's Treatment plan section: the current plan (a draft being written, or the signed
// plan with its review date, signatures and versions), Start / Review / Close, and older plans.
// Shown only to roles that read clinical records; written by roles that write them.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { PlanSummary, TreatmentPlan } from '../../../../shared/plans.js';
import { Card } from '../../../components/Card.js';
import { Fact } from '../../../components/facts.js';
import { formatDate } from '../../../components/format.js';
import { QueryState } from '../../../components/QueryState.js';
import { isApiError } from '../../../api/client.js';
import { useMe } from '../../../session/useMe.js';
import { useClientPlans, usePlan, usePlanActions } from '../api/plans.js';
import { PlanContentView, PLAN_STATUS_LABELS, dayText } from './PlanContentView.js';
import { PlanEditor } from './PlanEditor.js';
import './plans.css';

export function ClientPlanPanel({ clientId }: { clientId: string }) {
  const me = useMe();
  const canRead = me.data?.permissions.includes('records.read') ?? false;
  const canWrite = me.data?.permissions.includes('records.write') ?? false;
  const plans = useClientPlans(clientId, canRead);
  if (!canRead) return null;
  return (
    <Card id="client-plan-h" title="Treatment plan" testId="treatment-plan">
      <QueryState query={plans} what="treatment plans" testId="treatment-plan-list">
        {(list) => <Plans clientId={clientId} items={list.items} canWrite={canWrite} />}
      </QueryState>
    </Card>
  );
}

function Plans({ clientId, items, canWrite }: { clientId: string; items: PlanSummary[]; canWrite: boolean }) {
  const actions = usePlanActions(clientId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = items.find((p) => p.status !== 'closed') ?? null;
  const older = items.filter((p) => p !== current);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await actions.create();
    } catch (e) {
      setError(isApiError(e) ? e.message : 'The plan could not be started. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error ? <p role="alert" className="error-summary">{error}</p> : null}
      {current ? (
        <CurrentPlan id={current.id} canWrite={canWrite} />
      ) : (
        <>
          <p className="muted">No active treatment plan.</p>
          {canWrite ? (
            <Button className="btn primary" isDisabled={busy} onPress={() => void start()} data-testid="plan-start">
              {busy ? 'Starting…' : 'Start a treatment plan'}
            </Button>
          ) : null}
        </>
      )}
      {older.length ? (
        <details className="plan-older">
          <summary>Earlier plans ({older.length})</summary>
          <ul className="rows">
            {older.map((p) => (
              <li key={p.id}>
                <span>
                  {PLAN_STATUS_LABELS[p.status]} · version {p.version}
                </span>
                <span className="muted">started {formatDate(p.createdAt)}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

function CurrentPlan({ id, canWrite }: { id: string; canWrite: boolean }) {
  const plan = usePlan(id);
  return (
    <QueryState query={plan} what="the treatment plan" testId="plan-detail">
      {(p) => <PlanBody p={p} canWrite={canWrite} />}
    </QueryState>
  );
}

function PlanBody({ p, canWrite }: { p: TreatmentPlan; canWrite: boolean }) {
  const [reviewing, setReviewing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const actions = usePlanActions(p.clientId);
  const signed = p.status === 'active' || p.status === 'reviewed';
  const act = async (f: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await f();
      setNotice(done);
    } catch (e) {
      setError(isApiError(e) ? e.message : 'That did not work. Please try again.');
    }
  };
  return (
    <div data-testid="plan-current" data-status={p.status} data-version={p.version}>
      <p role="status" className={notice ? 'notice' : undefined} data-testid="plan-notice">
        {notice}
      </p>
      {error ? <p role="alert" className="error-summary">{error}</p> : null}
      {p.integrity === 'tampered' ? (
        <p role="alert" className="notice warn" data-testid="plan-tampered">
          A signed version of this plan no longer matches its signature: it was changed outside Hearth. The change has been recorded in the audit log.
        </p>
      ) : null}
      <dl className="facts plan-facts">
        <Fact label="Status" testId="plan-status">
          <span className={`plan-badge plan-badge-${p.status}`}>{PLAN_STATUS_LABELS[p.status]}</span> <span className="muted">version {p.version}</span>
        </Fact>
        <Fact label="Signed">{p.signed ? `${p.signed.name}, ${formatDate(p.signed.at)}` : 'Not yet (draft)'}</Fact>
        <Fact label="Client signature" testId="plan-client-signed">{p.clientSigned ? `${p.clientSigned.typedName}, ${formatDate(p.clientSigned.at)}` : signed ? 'Waiting for the client (portal)' : 'After the plan is signed'}</Fact>
        <Fact label="Next review" testId="plan-next-review">
          {p.nextReviewDate ? (
            <>
              {dayText(p.nextReviewDate)} {p.dueForReview ? <span className="plan-badge plan-badge-due">Due for review</span> : null}
            </>
          ) : null}
        </Fact>
      </dl>
      {p.status === 'draft' && canWrite ? (
        <PlanEditor key={`${p.id}-${p.version}`} plan={p} mode="draft" onDone={setNotice} />
      ) : reviewing ? (
        <PlanEditor key={`${p.id}-${p.version}-review`} plan={p} mode="review" onCancel={() => setReviewing(false)} onDone={(m) => { setReviewing(false); setNotice(m); }} />
      ) : (
        <>
          <PlanContentView c={p.content} />
          {signed && canWrite ? (
            <div className="actions">
              <Button className="btn primary" onPress={() => { setNotice(null); setReviewing(true); }} data-testid="plan-review">
                Review plan
              </Button>
              <Button className="btn" onPress={() => void act(() => actions.review(p.id, p.version), 'Reviewed without changes and signed again.')} data-testid="plan-review-unchanged">
                Re-sign unchanged
              </Button>
              <Button className="btn danger" onPress={() => void act(() => actions.close(p.id, p.version), 'Plan closed.')} data-testid="plan-close">
                Close plan
              </Button>
            </div>
          ) : null}
        </>
      )}
      {p.versions.some((v) => v.signed) ? (
        <details className="plan-versions">
          <summary>Signed versions ({p.versions.filter((v) => v.signed).length})</summary>
          <ul className="rows" data-testid="plan-versions">
            {p.versions
              .filter((v) => v.signed)
              .map((v) => (
                <li key={v.version}>
                  <span>
                    Version {v.version} ({v.kind === 'initial' ? 'first signature' : 'review'}): {v.signed!.name}, {formatDate(v.signed!.at)}
                  </span>
                  <span className="muted">{v.clientSigned ? `client signed ${formatDate(v.clientSigned.at)}` : 'client has not signed'}</span>
                </li>
              ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
