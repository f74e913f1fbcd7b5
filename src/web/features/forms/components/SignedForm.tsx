// A submitted form, read-only: who signed and when, the wording they agreed to, their answers, the
// drawn signature and the signing record (time, IP, wording version, content hash), and the PDF.
// Shown to the client in the portal and to staff who may read records.
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { SignatureAnswer } from '../../../../shared/fields.js';
import type { FormRequestDetail } from '../../../../shared/forms.js';
import { FieldsForm } from '../../../components/FieldsForm.js';
import { Fact } from '../../../components/facts.js';
import { Markdown } from '../../../components/Markdown.js';
import { answerFields } from '../model/labels.js';

/** When it was signed, on the 12-hour dial clients in the USA read in either language. */
/** Marks, not words. */
const CHECK = '✓ ';
const SPACE = ' ';
const LONG = { month: 'long', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true } as const;

/** The drawn signature kept with the answers (a signature field's answer), if the server sent it. */
function drawnSignature(f: FormRequestDetail): SignatureAnswer | null {
  for (const field of f.fields) {
    if (field.kind !== 'signature') continue;
    const r = SignatureAnswer.safeParse(f.answers[field.key]);
    if (r.success) return r.data;
  }
  return null;
}

export function SignedForm({ f, pdfHref, audience, heading = 1, extra }: { f: FormRequestDetail; pdfHref: string | null; audience: 'client' | 'staff'; heading?: 1 | 2; extra?: ReactNode }) {
  // In a dialog (heading 2) the dialog's title names the form.
  const Sub = heading === 1 ? 'h2' : 'h3';
  const intl = useIntl();
  const s = f.signing;
  const drawn = drawnSignature(f);
  const when = s?.signedAt ?? f.completedAt;
  return (
    <article className="signed-form" data-testid="signed-form" data-request-id={f.id}>
      {heading === 1 ? <h1>{f.name}</h1> : null}
      <p className="signed-line" data-testid="form-signed-on">
        <span aria-hidden="true">{CHECK}</span>
        {when ? (
          <FormattedMessage
            id="forms.signed.on"
            defaultMessage="Signed on {when}{signer, select, none {} other { by {signer}}}"
            values={{ when: intl.formatDate(when, LONG), signer: s ? s.typedName : 'none' }}
          />
        ) : s ? (
          <FormattedMessage id="forms.signed.by" defaultMessage="Submitted by {signer}" values={{ signer: s.typedName }} />
        ) : (
          <FormattedMessage id="forms.signed.submitted" defaultMessage="Submitted" />
        )}
      </p>
      {pdfHref || extra ? (
        <div className="actions">
          {pdfHref ? (
            <a className="btn primary" href={pdfHref} download data-testid="form-pdf">
              <FormattedMessage id="forms.signed.pdf" defaultMessage="Download PDF" />
              <span className="visually-hidden">
                {SPACE}
                <FormattedMessage id="forms.due.pdfOf" defaultMessage="of {name}" values={{ name: f.name }} />
              </span>
            </a>
          ) : null}
          {extra}
        </div>
      ) : null}
      {audience === 'staff' && f.integrity === 'tampered' ? (
        <p className="error-summary" role="alert" data-testid="form-tampered">
          <FormattedMessage id="forms.signed.tampered" defaultMessage="This form was changed after it was signed: its content no longer matches the signed content hash. Report it to the practice owner." />
        </p>
      ) : null}
      {audience === 'client' ? (
        <p className="muted">
          <FormattedMessage id="forms.signed.final" defaultMessage="This form is signed and can no longer be changed. Ask your practice if something needs correcting." />
        </p>
      ) : null}
      {f.wording ? (
        <section className="form-wording" aria-labelledby={`wording-${f.id}`}>
          <Sub id={`wording-${f.id}`}>
            <FormattedMessage id="forms.signed.wording" defaultMessage="Text agreed to (version {version})" values={{ version: f.version }} />
          </Sub>
          <Markdown source={f.wording} baseLevel={heading + 2} />
        </section>
      ) : null}
      {answerFields(f.fields).length ? (
        <section aria-labelledby={`answers-${f.id}`}>
          <Sub id={`answers-${f.id}`}>
            <FormattedMessage id="forms.signed.answers" defaultMessage="Answers" />
          </Sub>
          <FieldsForm fields={answerFields(f.fields)} value={f.answers} readOnly testIdPrefix="form-answer-" />
        </section>
      ) : null}
      {s || drawn ? (
        <section aria-labelledby={`signing-${f.id}`} className="signing-record" data-testid="signing-record">
          <Sub id={`signing-${f.id}`}>
            <FormattedMessage id="forms.signed.signature" defaultMessage="Signature" />
          </Sub>
          {drawn ? <img className="signature-image" src={drawn.image} alt={intl.formatMessage({ id: 'fields.signatureOf', defaultMessage: 'Signature of {name}' }, { name: drawn.typedName })} /> : null}
          {s ? (
            <dl className="facts">
              <Fact label={intl.formatMessage({ id: 'forms.signed.typedName', defaultMessage: 'Typed name' })}>{s.typedName}</Fact>
              <Fact label={intl.formatMessage({ id: 'forms.signed.signedAt', defaultMessage: 'Signed' })}>{intl.formatDate(s.signedAt, LONG)}</Fact>
              <Fact label={intl.formatMessage({ id: 'forms.signed.ip', defaultMessage: 'From IP address' })}>{s.ip}</Fact>
              <Fact label={intl.formatMessage({ id: 'forms.signed.version', defaultMessage: 'Form version' })}>{String(s.version)}</Fact>
              {audience === 'staff' ? (
                <Fact label={intl.formatMessage({ id: 'forms.signed.contentHash', defaultMessage: 'Content hash' })}>
                  <code className="hash">{s.contentHash}</code>
                </Fact>
              ) : null}
            </dl>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}
