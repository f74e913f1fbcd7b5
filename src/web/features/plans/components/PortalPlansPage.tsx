// The portal's Treatment plan page for one client record: each signed plan as the provider wrote
// it, and, until the client has signed the current version, a signature: typed full name and
// agreement. The server keeps the time, the IP address and the version signed. Hearth's words are in
// the client's language; the plan itself stays as the provider wrote it.
import { useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { useParams } from 'react-router';
import { PortalPlanSign, type PortalPlan } from '../../../../shared/plans.js';
import { ErrorSummary, Field, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { portalSignPlan, usePortalPlans } from '../api/plans.js';
import { PlanContentView, PLAN_STATUS_MESSAGES } from './PlanContentView.js';
import './plans.css';

/** Marks between words and facts (not words themselves). */
const SPACE = ' ';

const DAY = { year: 'numeric', month: 'short', day: 'numeric' } as const;

export function PortalPlansPage() {
  const intl = useIntl();
  const { clientId = '' } = useParams();
  const plans = usePortalPlans(clientId);
  return (
    <section aria-labelledby="portal-plans-h" data-testid="portal-plans-page">
      <h2 id="portal-plans-h">
        <FormattedMessage id="plans.portal.title" defaultMessage="Treatment plan" />
      </h2>
      <QueryState query={plans} what={intl.formatMessage({ id: 'plans.portal.what', defaultMessage: 'your treatment plan' })} testId="portal-plans">
        {(d) =>
          d.items.length ? (
            d.items.map((p) => <PortalPlanCard key={p.id} clientId={clientId} p={p} />)
          ) : (
            <p className="muted">
              <FormattedMessage id="plans.portal.none" defaultMessage="No treatment plan has been shared with you yet. When your provider signs one, it appears here for you to read and sign." />
            </p>
          )
        }
      </QueryState>
    </section>
  );
}

function PortalPlanCard({ clientId, p }: { clientId: string; p: PortalPlan }) {
  const intl = useIntl();
  return (
    <article className="card plan-portal" aria-labelledby={`plan-${p.id}-h`} data-testid="portal-plan" data-signed={p.clientSigned ? 'true' : 'false'}>
      <h3 id={`plan-${p.id}-h`}>
        <FormattedMessage id="plans.portal.planTitle" defaultMessage="Plan{closed, select, yes { (closed)} other {}}" values={{ closed: p.status === 'closed' ? 'yes' : 'no' }} />{SPACE}
        <span className="muted plan-version">
          <FormattedMessage id="plans.portal.version" defaultMessage="version {version}" values={{ version: p.version }} />
        </span>
      </h3>
      <p className="muted">
        {p.signed ? (
          <>
            <FormattedMessage id="plans.portal.signedBy" defaultMessage="Signed by {name} on {date}." values={{ name: p.signed.name, date: intl.formatDate(p.signed.at, DAY) }} />{SPACE}
          </>
        ) : null}
        {p.nextReviewDate && p.status !== 'closed' ? (
          <>
            <FormattedMessage id="plans.portal.nextReview" defaultMessage="Next review: {date}." values={{ date: intl.formatDate(`${p.nextReviewDate}T12:00:00Z`, { ...DAY, timeZone: 'UTC' }) }} />{SPACE}
          </>
        ) : null}
        <FormattedMessage id="plans.portal.status" defaultMessage="Status: {status}." values={{ status: intl.formatMessage(PLAN_STATUS_MESSAGES[p.status]) }} />
      </p>
      <PlanContentView c={p.content} headingLevel={4} />
      {p.clientSigned ? (
        <p className="notice" data-testid="portal-plan-signed">
          <FormattedMessage
            id="plans.portal.youSigned"
            defaultMessage="You signed this version as “{name}” on {date}."
            values={{ name: p.clientSigned.typedName, date: intl.formatDate(p.clientSigned.at, DAY) }}
          />
        </p>
      ) : p.status !== 'closed' ? (
        <SignForm clientId={clientId} p={p} />
      ) : null}
    </article>
  );
}

/** The shared check's problems as the client reads them (the check itself is the server's, in English). */
function localized(intl: IntlShape, parsed: ReturnType<typeof PortalPlanSign.safeParse>) {
  if (parsed.success) return parsed;
  // The issues are plain objects read by the form's error map: their words are put in place.
  for (const issue of parsed.error.issues as { path: PropertyKey[]; message: string }[]) {
    if (issue.path[0] === 'agree') issue.message = intl.formatMessage({ id: 'plans.sign.agreeRequired', defaultMessage: 'must be checked to sign' });
    else if (issue.path[0] === 'typedName' && issue.message === 'is required') issue.message = intl.formatMessage({ id: 'plans.sign.nameRequired', defaultMessage: 'is required' });
  }
  return parsed;
}

function SignForm({ clientId, p }: { clientId: string; p: PortalPlan }) {
  const intl = useIntl();
  const [typedName, setTypedName] = useState('');
  const [agree, setAgree] = useState(false);
  const nameLabel = intl.formatMessage({ id: 'plans.sign.name', defaultMessage: 'Your full name' });
  const form = useFormErrors({
    typedName: intl.formatMessage({ id: 'plans.sign.nameError', defaultMessage: 'Your full name:' }),
    agree: intl.formatMessage({ id: 'plans.sign.agreeError', defaultMessage: 'Agreement:' }),
  });
  const { busy, submit } = useSubmit(form);
  const send = () =>
    void submit(localized(intl, PortalPlanSign.safeParse({ version: p.version, typedName, agree })), async (body) => portalSignPlan(clientId, p.id, { version: body.version, typedName: body.typedName, agree: true }));
  return (
    <SubmitForm onSubmit={send} aria-label={intl.formatMessage({ id: 'plans.sign.formLabel', defaultMessage: 'Sign your treatment plan' })} className="form plan-sign-form">
      <h4>
        <FormattedMessage id="plans.sign.title" defaultMessage="Sign your plan" />
      </h4>
      <ErrorSummary form={form} testId="portal-plan-error" />
      <Field name="typedName" label={nameLabel} value={typedName} onChange={setTypedName} form={form} isRequired autoComplete="name" testId="portal-plan-name" />
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
        <span>
          <FormattedMessage id="plans.sign.agree" defaultMessage="I have read this treatment plan, discussed it with my provider, and agree to it. Typing my name is my signature." />
        </span>
      </Checkbox>
      {form.errors.agree ? <p className="field-error">{form.errors.agree}</p> : null}
      <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-plan-sign">
        {busy ? <FormattedMessage id="plans.sign.signing" defaultMessage="Signing…" /> : <FormattedMessage id="plans.sign.submit" defaultMessage="Sign the plan" />}
      </Button>
    </SubmitForm>
  );
}
