// One form in the portal: the consent wording, the questions (saved as the client goes, with the
// saved state shown), the signature (typed name plus drawing) and Submit. A submitted form is shown
// read-only with "Signed on …" and its PDF. Laid out for a phone: one column, big buttons.
// Hearth's words are in the client's language; the form itself (its name, wording, questions and
// options) stays in the language the practice wrote it in.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { Link, useParams } from 'react-router';
import { checkAnswers, isAnswerProblem, type Answers } from '../../../../shared/fields.js';
import type { FormRequestDetail } from '../../../../shared/forms.js';
import { fieldReason, isApiError } from '../../../api/client.js';
import { apiProblemText } from '../../../components/problemText.js';
import { answerProblemText, fieldIssueText } from '../../../components/fieldIssues.js';
import { FieldsForm } from '../../../components/FieldsForm.js';
import { Markdown } from '../../../components/Markdown.js';
import { QueryState } from '../../../components/QueryState.js';
import { emptySignature, SignaturePad, signatureAnswer, signatureMessages, type SignatureValue } from '../../../components/SignaturePad.js';
import { useDraftAutosave } from '../api/autosave.js';
import { portalFormPdfHref, useSubmitForm } from '../api/portal.js';
import { usePortalFormRequest } from '../api/portalForm.js';
import { answerFields, needsSignature } from '../model/labels.js';
import { SaveStateNote } from './SaveStateNote.js';
import { SignedForm } from './SignedForm.js';
import './forms.css';

export function PortalFormPage() {
  const intl = useIntl();
  const { requestId = '' } = useParams();
  const form = usePortalFormRequest(requestId);
  return (
    <div className="form-page" data-testid="portal-form-page">
      <p className="breadcrumb">
        <Link to="/portal">
          <FormattedMessage id="forms.fill.backToPortal" defaultMessage="← Your portal" />
        </Link>
      </p>
      <QueryState query={form} what={intl.formatMessage({ id: 'forms.fill.what', defaultMessage: 'this form' })} testId="portal-form-state">
        {(f) => (f.status === 'completed' ? <SignedForm f={f} pdfHref={portalFormPdfHref(f.id)} audience="client" /> : f.status === 'cancelled' ? <Cancelled f={f} /> : <FillForm key={f.id} f={f} />)}
      </QueryState>
    </div>
  );
}

function Cancelled({ f }: { f: FormRequestDetail }) {
  return (
    <>
      <h1>{f.name}</h1>
      <p className="notice">
        <FormattedMessage id="forms.fill.cancelled" defaultMessage="Your practice no longer needs this form. There is nothing to do." />
      </p>
    </>
  );
}

/** What stops the form going: answers to put right (their count), or a failure to send. */
type Summary = { kind: 'check'; count: number } | { kind: 'failed'; text: string };

/** The problems before sending, keyed `fields.<key>` and `signature`, each a sentence in the client's language. */
function problems(intl: IntlShape, f: FormRequestDetail, answers: Answers, signature: SignatureValue, signs: boolean): Record<string, string> {
  const issues = checkAnswers(answerFields(f.fields), answers, { complete: true });
  const next: Record<string, string> = Object.fromEntries(issues.map((i) => [i.field, answerProblemText(intl, i)]));
  if (signs && !signatureAnswer(signature)) next.signature = intl.formatMessage(signature.typedName.trim() ? signatureMessages.drawOrAgree : signatureMessages.nameAndSign);
  return next;
}

/**
 * A failed submit: the API's answers to put right, and the sentence to show: no answer at all, the
 * answers to check (each said beside its field), or the API's reason, which it words in the page's
 * language (a form already completed, Hearth busy: apiProblemText).
 */
function submitFailure(intl: IntlShape, e: unknown): { errors: Record<string, string>; summary: Summary } {
  if (!isApiError(e)) return { errors: {}, summary: { kind: 'failed', text: intl.formatMessage({ id: 'forms.fill.wentWrong', defaultMessage: 'Something went wrong. Please press Submit again.' }) } };
  const errors: Record<string, string> = {};
  for (const i of e.issues) errors[i.field] = fieldIssueText(intl, i.message);
  if (e.field) {
    const message = fieldReason(e) ?? e.message;
    errors[e.field] ??= isAnswerProblem(e.problem) ? answerProblemText(intl, { field: e.field, message, problem: e.problem }) : fieldIssueText(intl, message);
  }
  const text =
    e.status === 0
      ? intl.formatMessage({ id: 'forms.fill.offline', defaultMessage: 'Your form was not sent: check your connection and press Submit again. Your answers are kept.' })
      : Object.keys(errors).length
        ? intl.formatMessage({ id: 'forms.fill.notSent', defaultMessage: 'Your form was not sent. Please check your answers and press Submit again.' })
        : apiProblemText(intl, e);
  return { errors, summary: { kind: 'failed', text } };
}

function FillForm({ f }: { f: FormRequestDetail }) {
  const intl = useIntl();
  const fields = answerFields(f.fields);
  const [answers, setAnswers] = useState<Answers>(() => Object.fromEntries(Object.entries(f.answers).filter(([k]) => fields.some((x) => x.key === k))));
  const [signature, setSignature] = useState<SignatureValue>(emptySignature);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<Summary | null>(null);
  const [busy, setBusy] = useState(false);
  const autosave = useDraftAutosave(f.id);
  const submit = useSubmitForm();
  const signs = needsSignature(f.fields, f.wording);

  const send = async () => {
    const next = problems(intl, f, answers, signature, signs);
    setErrors(next);
    if (Object.keys(next).length) {
      setSummary({ kind: 'check', count: Object.keys(next).length });
      return;
    }
    setSummary(null);
    setBusy(true);
    autosave.discard();
    // A signature field's answer is the signature itself.
    const sig = signatureAnswer(signature);
    const all: Answers = { ...answers, ...(sig ? Object.fromEntries(f.fields.filter((x) => x.kind === 'signature').map((x) => [x.key, sig])) : {}) };
    try {
      await submit(f.id, all, sig ?? undefined);
    } catch (e) {
      const failure = submitFailure(intl, e);
      setErrors(failure.errors);
      setSummary(failure.summary);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form-fill"
      data-testid="form-fill"
      data-request-id={f.id}
      aria-labelledby="form-fill-h"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h1 id="form-fill-h">{f.name}</h1>
      <p className="muted">
        <FormattedMessage
          id="forms.fill.intro"
          defaultMessage="Please answer the questions{signs, select, yes { and sign at the end} other {}}. Questions marked * must be answered."
          values={{ signs: signs ? 'yes' : 'no' }}
        />
      </p>
      <SaveStateNote state={autosave.state} />
      {f.wording ? (
        <section className="form-wording" aria-labelledby="form-wording-h" data-testid="form-wording">
          <h2 id="form-wording-h">
            <FormattedMessage id="forms.fill.read" defaultMessage="Please read" />
          </h2>
          <Markdown source={f.wording} baseLevel={3} />
          <p className="muted form-version">
            <FormattedMessage id="forms.fill.version" defaultMessage="Version {version}" values={{ version: f.version }} />
          </p>
        </section>
      ) : null}
      {fields.length ? (
        <section aria-labelledby="form-questions-h" className="form-questions">
          <h2 id="form-questions-h">
            <FormattedMessage id="forms.fill.questions" defaultMessage="Questions" />
          </h2>
          <FieldsForm
            fields={fields}
            value={answers}
            errors={errors}
            onChange={(next) => {
              setAnswers(next);
              autosave.changed(next);
            }}
            onEdit={(key) => setErrors(({ [`fields.${key}`]: _, ...rest }) => rest)}
          />
        </section>
      ) : null}
      {signs ? (
        <SignBlock
          hasWording={Boolean(f.wording)}
          signature={signature}
          error={errors.signature}
          onChange={(v) => {
            setSignature(v);
            setErrors(({ signature: _, ...rest }) => rest);
          }}
        />
      ) : null}
      <FillErrors f={f} errors={errors} summary={summary} />
      <Button type="submit" className="btn primary form-submit" isDisabled={busy} data-testid="form-submit">
        {busy ? (
          <FormattedMessage id="forms.fill.submitting" defaultMessage="Submitting…" />
        ) : signs ? (
          <FormattedMessage id="forms.fill.signAndSubmit" defaultMessage="Sign and submit" />
        ) : (
          <FormattedMessage id="forms.fill.submit" defaultMessage="Submit" />
        )}
      </Button>
    </form>
  );
}

function SignBlock({ hasWording, signature, error, onChange }: { hasWording: boolean; signature: SignatureValue; error: string | undefined; onChange: (v: SignatureValue) => void }) {
  return (
    <section aria-labelledby="form-sign-h" className="form-sign">
      <h2 id="form-sign-h">
        <FormattedMessage id="forms.fill.sign" defaultMessage="Sign" />
      </h2>
      <p>
        <FormattedMessage
          id="forms.fill.signIntro"
          defaultMessage="By signing you confirm that your answers are true{wording, select, yes { and that you have read and agree to the text above} other {}}. The date, time and the version of this form are recorded with your signature."
          values={{ wording: hasWording ? 'yes' : 'no' }}
        />
      </p>
      <SignaturePad value={signature} onChange={onChange} error={error} />
    </section>
  );
}

/** The summary of what to put right (gone once every answer is right); a failure to send stays. */
function FillErrors({ f, errors, summary }: { f: FormRequestDetail; errors: Record<string, string>; summary: Summary | null }) {
  const intl = useIntl();
  const labels = new Map(f.fields.map((x) => [`fields.${x.key}`, x.label]));
  const show = summary !== null && (summary.kind === 'failed' || Object.keys(errors).length > 0);
  return (
    <div role="alert" className={show ? 'error-summary' : undefined} data-testid="form-fill-error">
      {show ? (
        <>
          <p>
            {summary.kind === 'check' ? (
              <FormattedMessage id="forms.fill.check" defaultMessage="Please check {count, plural, one {one answer} other {# answers}} before you submit." values={{ count: summary.count }} />
            ) : (
              summary.text
            )}
          </p>
          <ul>
            {Object.entries(errors).map(([k, m]) => (
              <li key={k}>
                <FormattedMessage
                  id="forms.fill.problem"
                  defaultMessage="{what}: {problem}"
                  values={{ what: labels.get(k) ?? (k === 'signature' ? intl.formatMessage({ id: 'forms.fill.signatureLabel', defaultMessage: 'Signature' }) : k), problem: m }}
                />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
