// The portal's Treatment plan page for one client record: each signed plan as the provider wrote
// it, and, until the client has signed the current version, a signature: typed full name and
// agreement. The server keeps the time, the IP address and the version signed.
import { useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { useParams } from 'react-router';
import { PortalPlanSign, type PortalPlan } from '../../../../shared/plans.js';
import { ErrorSummary, Field, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { portalSignPlan, usePortalPlans } from '../api/plans.js';
import { PlanContentView, PLAN_STATUS_LABELS, dayText, shortDate } from './PlanContentView.js';
import './plans.css';

export function PortalPlansPage() {
  const { clientId = '' } = useParams();
  const plans = usePortalPlans(clientId);
  return (
    <section aria-labelledby="portal-plans-h" data-testid="portal-plans-page">
      <h2 id="portal-plans-h">Treatment plan</h2>
      <QueryState query={plans} what="your treatment plan" testId="portal-plans">
        {(d) =>
          d.items.length ? (
            d.items.map((p) => <PortalPlanCard key={p.id} clientId={clientId} p={p} />)
          ) : (
            <p className="muted">No treatment plan has been shared with you yet. When your provider signs one, it appears here for you to read and sign.</p>
          )
        }
      </QueryState>
    </section>
  );
}

function PortalPlanCard({ clientId, p }: { clientId: string; p: PortalPlan }) {
  return (
    <article className="card plan-portal" aria-labelledby={`plan-${p.id}-h`} data-testid="portal-plan" data-signed={p.clientSigned ? 'true' : 'false'}>
      <h3 id={`plan-${p.id}-h`}>
        Plan {p.status === 'closed' ? '(closed)' : ''} <span className="muted plan-version">version {p.version}</span>
      </h3>
      <p className="muted">
        {p.signed ? `Signed by ${p.signed.name} on ${shortDate(p.signed.at)}.` : null} {p.nextReviewDate && p.status !== 'closed' ? `Next review: ${dayText(p.nextReviewDate)}.` : null} Status: {PLAN_STATUS_LABELS[p.status]}.
      </p>
      <PlanContentView c={p.content} headingLevel={4} />
      {p.clientSigned ? (
        <p className="notice" data-testid="portal-plan-signed">
          You signed this version as “{p.clientSigned.typedName}” on {shortDate(p.clientSigned.at)}.
        </p>
      ) : p.status !== 'closed' ? (
        <SignForm clientId={clientId} p={p} />
      ) : null}
    </article>
  );
}

function SignForm({ clientId, p }: { clientId: string; p: PortalPlan }) {
  const [typedName, setTypedName] = useState('');
  const [agree, setAgree] = useState(false);
  const form = useFormErrors({ typedName: 'Your full name:', agree: 'Agreement:' });
  const { busy, submit } = useSubmit(form);
  const send = () => void submit(PortalPlanSign.safeParse({ version: p.version, typedName, agree }), async (body) => portalSignPlan(clientId, p.id, { version: body.version, typedName: body.typedName, agree: true }));
  return (
    <SubmitForm onSubmit={send} aria-label="Sign your treatment plan" className="form plan-sign-form">
      <h4>Sign your plan</h4>
      <ErrorSummary form={form} testId="portal-plan-error" />
      <Field name="typedName" label="Your full name" value={typedName} onChange={setTypedName} form={form} isRequired autoComplete="name" testId="portal-plan-name" />
      <Checkbox
        className="checkbox"
        isSelected={agree}
        onChange={(v) => {
          setAgree(v);
          form.clear('agree');
        }}
        isInvalid={form.errors.agree !== undefined}
        data-testid="portal-plan-agree"
      >
        <span className="box" aria-hidden="true" />
        <span>I have read this treatment plan, discussed it with my provider, and agree to it. Typing my name is my signature.</span>
      </Checkbox>
      {form.errors.agree ? <p className="field-error">{form.errors.agree}</p> : null}
      <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-plan-sign">
        {busy ? 'Signing…' : 'Sign the plan'}
      </Button>
    </SubmitForm>
  );
}
