// One form in the portal: the consent wording, the questions (saved as the client goes, with the
// saved state shown), the signature (typed name plus drawing) and Submit. A submitted form is shown
// read-only with "Signed on …" and its PDF. Laid out for a phone: one column, big buttons.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useParams } from 'react-router';
import { checkAnswers, type Answers } from '../../../../shared/fields.js';
import type { FormRequestDetail } from '../../../../shared/forms.js';
import { isApiError } from '../../../api/client.js';
import { FieldsForm } from '../../../components/FieldsForm.js';
import { Markdown } from '../../../components/Markdown.js';
import { QueryState } from '../../../components/QueryState.js';
import { emptySignature, SignaturePad, signatureAnswer, type SignatureValue } from '../../../components/SignaturePad.js';
import { useDraftAutosave } from '../api/autosave.js';
import { portalFormPdfHref, usePortalFormRequest, useSubmitForm } from '../api/portal.js';
import { answerFields, needsSignature } from '../model/labels.js';
import { SaveStateNote } from './SaveStateNote.js';
import { SignedForm } from './SignedForm.js';
import './forms.css';

export function PortalFormPage() {
  const { requestId = '' } = useParams();
  const form = usePortalFormRequest(requestId);
  return (
    <div className="form-page" data-testid="portal-form-page">
      <p className="breadcrumb">
        <Link to="/portal">← Your portal</Link>
      </p>
      <QueryState query={form} what="this form" testId="portal-form-state">
        {(f) => (f.status === 'completed' ? <SignedForm f={f} pdfHref={portalFormPdfHref(f.id)} audience="client" /> : f.status === 'cancelled' ? <Cancelled f={f} /> : <FillForm key={f.id} f={f} />)}
      </QueryState>
    </div>
  );
}

function Cancelled({ f }: { f: FormRequestDetail }) {
  return (
    <>
      <h1>{f.name}</h1>
      <p className="notice">Your practice no longer needs this form. There is nothing to do.</p>
    </>
  );
}

function FillForm({ f }: { f: FormRequestDetail }) {
  const fields = answerFields(f.fields);
  const [answers, setAnswers] = useState<Answers>(() => Object.fromEntries(Object.entries(f.answers).filter(([k]) => fields.some((x) => x.key === k))));
  const [signature, setSignature] = useState<SignatureValue>(emptySignature);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const autosave = useDraftAutosave(f.id);
  const submit = useSubmitForm();
  const signs = needsSignature(f.fields, f.wording);

  const send = async () => {
    const issues = checkAnswers(fields, answers, { complete: true });
    const sig = signatureAnswer(signature);
    const next: Record<string, string> = Object.fromEntries(issues.map((i) => [i.field, i.message]));
    if (signs && !sig) next.signature = signature.typedName.trim() ? 'Draw your signature in the box, or tick “I agree this typed name is my signature”.' : 'Type your full name and sign.';
    setErrors(next);
    if (Object.keys(next).length) {
      setSummary(`Please check ${Object.keys(next).length === 1 ? 'one answer' : `${Object.keys(next).length} answers`} before you submit.`);
      return;
    }
    setSummary(null);
    setBusy(true);
    autosave.discard();
    // A signature field's answer is the signature itself.
    const all: Answers = { ...answers, ...(sig ? Object.fromEntries(f.fields.filter((x) => x.kind === 'signature').map((x) => [x.key, sig])) : {}) };
    try {
      await submit(f.id, all, sig ?? undefined);
    } catch (e) {
      if (isApiError(e)) {
        const apiErrors: Record<string, string> = {};
        for (const i of e.issues) apiErrors[i.field] = i.message;
        if (e.field) apiErrors[e.field] ??= e.message;
        setErrors(apiErrors);
        setSummary(e.status === 0 ? 'Your form was not sent: check your connection and press Submit again. Your answers are kept.' : e.message);
      } else setSummary('Something went wrong. Please press Submit again.');
    } finally {
      setBusy(false);
    }
  };

  const labels = new Map(f.fields.map((x) => [`fields.${x.key}`, x.label]));
  // The summary of answers to check goes once every one is put right; a general failure stays.
  const showSummary = summary !== null && (Object.keys(errors).length > 0 || !summary.startsWith('Please check'));
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
      <p className="muted">Please answer the questions{signs ? ' and sign at the end' : ''}. Questions marked * must be answered.</p>
      <SaveStateNote state={autosave.state} />
      {f.wording ? (
        <section className="form-wording" aria-labelledby="form-wording-h" data-testid="form-wording">
          <h2 id="form-wording-h">Please read</h2>
          <Markdown source={f.wording} baseLevel={3} />
          <p className="muted form-version">Version {f.version}</p>
        </section>
      ) : null}
      {fields.length ? (
        <section aria-labelledby="form-questions-h" className="form-questions">
          <h2 id="form-questions-h">Questions</h2>
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
        <section aria-labelledby="form-sign-h" className="form-sign">
          <h2 id="form-sign-h">Sign</h2>
          <p>By signing you confirm that your answers are true{f.wording ? ' and that you have read and agree to the text above' : ''}. The date, time and the version of this form are recorded with your signature.</p>
          <SignaturePad
            value={signature}
            onChange={(v) => {
              setSignature(v);
              setErrors(({ signature: _, ...rest }) => rest);
            }}
            error={errors.signature}
          />
        </section>
      ) : null}
      <div role="alert" className={showSummary ? 'error-summary' : undefined} data-testid="form-fill-error">
        {showSummary ? (
          <>
            <p>{summary}</p>
            <ul>
              {Object.entries(errors).map(([k, m]) => (
                <li key={k}>
                  {labels.get(k) ?? (k === 'signature' ? 'Signature' : k)}: {m}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
      <Button type="submit" className="btn primary form-submit" isDisabled={busy} data-testid="form-submit">
        {busy ? 'Submitting…' : signs ? 'Sign and submit' : 'Submit'}
      </Button>
    </form>
  );
}
