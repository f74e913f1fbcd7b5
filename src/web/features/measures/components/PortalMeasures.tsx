// The portal's questionnaires: what is due (on the portal home and at /portal/measures, where the
// reminder mail links), one questionnaire on one page with large answer targets and a progress
// count, then a thank-you. Scores are not shown to the client (docs/measures.md). After a PHQ-9
// item 9 answer above zero the crisis resources show at once, before anything else.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { crisisResources, instrumentText, type MeasureSubmitted, type PortalMeasure } from '../../../../shared/measures.js';
import { isApiError } from '../../../api/client.js';
import { ErrorSummary, useFormErrors } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { useLocale } from '../../../i18n/index.js';
import { usePortalMe } from '../../../session/portal.js';

/** Marks between facts and words (not words themselves). */
const SEP = ' · ';
const SPACE = ' ';
import { submitMeasure, usePortalMeasure, usePortalMeasures } from '../api.js';

/** The due list for every record this account is linked to; nothing when nothing is due. */
export function PortalMeasuresDue({ standalone = false }: { standalone?: boolean }) {
  const me = usePortalMe();
  const links = me.data?.links ?? [];
  return (
    <>
      {links.map((l) => (
        <DueFor key={l.clientId} clientId={l.clientId} practiceName={links.length > 1 ? l.practiceName : null} standalone={standalone} />
      ))}
    </>
  );
}

function DueFor({ clientId, practiceName, standalone }: { clientId: string; practiceName: string | null; standalone: boolean }) {
  const intl = useIntl();
  const q = usePortalMeasures(clientId);
  const items = q.data?.items ?? [];
  if (!standalone && q.isSuccess && items.length === 0) return null;
  return (
    <section className="card measures-due" aria-labelledby={`measures-due-h-${clientId}`} data-testid="measures-due" data-count={items.length}>
      <h2 id={`measures-due-h-${clientId}`}>
        {practiceName ? (
          <FormattedMessage id="measures.due.titleFor" defaultMessage="Questionnaires for {practice}" values={{ practice: practiceName }} />
        ) : (
          <FormattedMessage id="measures.due.title" defaultMessage="Questionnaires" />
        )}
      </h2>
      <QueryState query={q} what={intl.formatMessage({ id: 'measures.due.what', defaultMessage: 'your questionnaires' })}>
        {(list) =>
          list.items.length === 0 ? (
            <p>
              <FormattedMessage id="measures.due.none" defaultMessage="Nothing is waiting for you. Thank you!" />
            </p>
          ) : (
            <ul className="measures-due-list">
              {list.items.map((m) => (
                <li key={m.id}>
                  <span>
                    <strong>{m.name}</strong>
                    {SEP}
                    <FormattedMessage
                      id="measures.due.size"
                      defaultMessage="{count, plural, one {# question} other {# questions}} · about {minutes} minutes"
                      values={{ count: m.itemCount, minutes: Math.max(2, Math.round(m.itemCount / 4)) }}
                    />
                  </span>
                  <Link className="btn primary" to={`/portal/measures/${encodeURIComponent(m.id)}`} data-testid="measure-start">
                    <FormattedMessage id="measures.due.start" defaultMessage="Start" />
                    <span className="visually-hidden"> {m.name}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}

export function PortalMeasuresPage() {
  return (
    <div className="portal-measures">
      <h1>
        <FormattedMessage id="measures.page.title" defaultMessage="Questionnaires" />
      </h1>
      <p>
        <FormattedMessage id="measures.page.intro" defaultMessage="Your practice asks you to fill these in before your appointments. Your answers go only to your clinician." />
      </p>
      <PortalMeasuresDue standalone />
      <p>
        <Link to="/portal">
          <FormattedMessage id="measures.page.back" defaultMessage="Back to your portal" />
        </Link>
      </p>
    </div>
  );
}

export function PortalMeasureFillPage() {
  const { id = '' } = useParams();
  const intl = useIntl();
  const [done, setDone] = useState<MeasureSubmitted | null>(null);
  const q = usePortalMeasure(id, done === null);
  if (done) return <Submitted done={done} />;
  return (
    <div className="portal-measures">
      <QueryState query={q} what={intl.formatMessage({ id: 'measures.fill.what', defaultMessage: 'the questionnaire' })} testId="measure-state">
        {(m) => <Fill m={m} onDone={setDone} />}
      </QueryState>
      {q.isError && isApiError(q.error) && q.error.status === 409 ? (
        <p>
          <FormattedMessage id="measures.fill.closed" defaultMessage="This questionnaire was already answered or is closed." />
          {SPACE}
          <Link to="/portal/measures">
            <FormattedMessage id="measures.fill.seeWaiting" defaultMessage="See what is waiting" />
          </Link>
        </p>
      ) : null}
    </div>
  );
}

/** The instrument's words in the page's language: the Spanish published version, else what the server sent (English). */
function useMeasureText(m: PortalMeasure): Pick<PortalMeasure, 'title' | 'stem' | 'items' | 'options' | 'difficulty'> {
  const { locale } = useLocale();
  const t = locale === 'en' ? null : instrumentText(m.instrument, locale);
  // Answers are indexes: another language's text is used only when it lines up item for item.
  if (!t || t.items.length !== m.items.length || t.options.length !== m.options.length) return m;
  return { title: t.title, stem: t.stem, items: [...t.items], options: [...t.options], difficulty: t.difficulty ? { question: t.difficulty.question, options: [...t.difficulty.options] } : null };
}

function Fill({ m, onDone }: { m: PortalMeasure; onDone: (d: MeasureSubmitted) => void }) {
  const intl = useIntl();
  const text = useMeasureText(m);
  const [answers, setAnswers] = useState<(number | null)[]>(() => m.items.map(() => null));
  const [difficulty, setDifficulty] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const labels = Object.fromEntries(m.items.map((_t, i) => [`answers.${i}`, intl.formatMessage({ id: 'measures.fill.questionLabel', defaultMessage: 'Question {n}' }, { n: i + 1 })]));
  const form = useFormErrors({ ...labels, difficulty: intl.formatMessage({ id: 'measures.fill.difficultyLabel', defaultMessage: 'Difficulty' }) });
  const answered = answers.filter((a) => a !== null).length;
  const send = async () => {
    const missing = answers.findIndex((a) => a === null);
    if (missing >= 0) {
      form.setSummary(intl.formatMessage({ id: 'measures.fill.missing', defaultMessage: 'Please answer question {n} ({left} left).' }, { n: missing + 1, left: m.items.length - answered }));
      document.getElementById(`q-${missing}`)?.scrollIntoView({ block: 'center' });
      return;
    }
    form.clear();
    setBusy(true);
    try {
      onDone(await submitMeasure(m.id, { answers: answers as number[], ...(difficulty === null ? {} : { difficulty }) }));
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="measure-fill"
      data-testid="measure-fill"
      aria-labelledby="measure-title"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h1 id="measure-title">{text.title}</h1>
      <p className="measure-stem">{text.stem}</p>
      <div className="measure-progress-bar">
        <p className="measure-progress" aria-live="polite" data-testid="measure-progress">
          <FormattedMessage id="measures.fill.progress" defaultMessage="{answered} of {total} answered" values={{ answered, total: m.items.length }} />
        </p>
        <progress max={m.items.length} value={answered} aria-label={intl.formatMessage({ id: 'measures.fill.progressLabel', defaultMessage: 'Questions answered' })} />
      </div>
      {text.items.map((item, i) => (
        <Question
          key={i}
          id={`q-${i}`}
          n={i + 1}
          text={item}
          options={text.options}
          value={answers[i] ?? null}
          error={form.errors[`answers.${i}`]}
          onChange={(v) => {
            setAnswers((a) => a.map((x, j) => (j === i ? v : x)));
            // "Please answer question n" goes once the client answers: it would be stale after.
            if (form.summary) form.setSummary(null);
          }}
        />
      ))}
      {text.difficulty ? <Question id="q-difficulty" n={null} text={text.difficulty.question} options={text.difficulty.options} value={difficulty} error={form.errors.difficulty} onChange={setDifficulty} /> : null}
      <ErrorSummary form={form} testId="measure-error" />
      <Button type="submit" className="btn primary measure-submit" isDisabled={busy} data-testid="measure-submit">
        {busy ? <FormattedMessage id="measures.fill.sending" defaultMessage="Sending…" /> : <FormattedMessage id="measures.fill.send" defaultMessage="Send my answers" />}
      </Button>
    </form>
  );
}

function Question(p: { id: string; n: number | null; text: string; options: readonly string[]; value: number | null; error: string | undefined; onChange: (v: number) => void }) {
  return (
    <fieldset className="measure-q" id={p.id} data-testid="measure-question" aria-invalid={p.error ? true : undefined}>
      <legend>
        {p.n === null ? null : (
          <span className="measure-q-n">
            <FormattedMessage id="measures.fill.number" defaultMessage="{n}." values={{ n: p.n }} />
          </span>
        )}
        {SPACE}
        {p.text}
        {p.n === null ? (
          <span className="muted">
            {SPACE}
            <FormattedMessage id="measures.fill.optional" defaultMessage="(optional)" />
          </span>
        ) : null}
      </legend>
      {/* A word too long for a quarter of the row (Spanish "Extremadamente") makes the answers two a row, never broken mid-word. */}
      <div className="measure-options" data-long-words={p.options.some((o) => o.split(/\s+/).some((w) => w.length > 11)) ? 'true' : undefined}>
        {p.options.map((o, v) => (
          <label key={o} className="measure-option">
            <input type="radio" name={p.id} value={v} checked={p.value === v} onChange={() => p.onChange(v)} />
            <span>{o}</span>
          </label>
        ))}
      </div>
      {p.error ? <p className="field-error">{p.error}</p> : null}
    </fieldset>
  );
}

function Submitted({ done }: { done: MeasureSubmitted }) {
  return (
    <div className="portal-measures" data-testid="measure-done">
      {done.showCrisisResources ? <CrisisResources /> : null}
      <h1>
        <FormattedMessage id="measures.done.title" defaultMessage="Thank you" />
      </h1>
      <p>
        <FormattedMessage id="measures.done.body" defaultMessage="Your answers were sent to your clinician, who will go over them with you." />
      </p>
      <p>
        <Link className="btn" to="/portal/measures">
          <FormattedMessage id="measures.done.more" defaultMessage="See if anything else is waiting" />
        </Link>
      </p>
    </div>
  );
}

/** The day's crisis resources (docs/measures.md), in the client's language. */
export function CrisisResources() {
  const { locale } = useLocale();
  return (
    <section className="crisis-resources" role="alert" aria-labelledby="crisis-h" data-testid="crisis-resources">
      <h2 id="crisis-h">
        <FormattedMessage id="measures.crisis.title" defaultMessage="If you are thinking about harming yourself, help is available now" />
      </h2>
      <p>
        <FormattedMessage id="measures.crisis.intro" defaultMessage="You do not have to wait for your appointment. These services are free, confidential and open 24 hours a day:" />
      </p>
      <ul>
        {crisisResources(locale).map((r) => (
          <li key={r.name}>
            <FormattedMessage
              id="measures.crisis.resource"
              defaultMessage="<b>{name}</b>: <a>{how}</a>"
              values={{ name: r.name, how: r.how, b: (c: React.ReactNode[]) => <strong>{c}</strong>, a: (c: React.ReactNode[]) => <a href={r.href}>{c}</a> }}
            />
          </li>
        ))}
      </ul>
      <p>
        <FormattedMessage id="measures.crisis.told" defaultMessage="Your clinician has been told that you may need support." />
      </p>
    </section>
  );
}
