// The portal's questionnaires: what is due (on the portal home and at /portal/measures, where the
// reminder mail links), one questionnaire on one page with large answer targets and a progress
// count, then a thank-you. Scores are not shown to the client (docs/measures.md). After a PHQ-9
// item 9 answer above zero the crisis resources show at once, before anything else.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useParams } from 'react-router';
import { CRISIS_RESOURCES, type MeasureSubmitted, type PortalMeasure } from '../../../../shared/measures.js';
import { isApiError } from '../../../api/client.js';
import { ErrorSummary, useFormErrors } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { usePortalMe } from '../../../session/portal.js';
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
  const q = usePortalMeasures(clientId);
  const items = q.data?.items ?? [];
  if (!standalone && q.isSuccess && items.length === 0) return null;
  return (
    <section className="card measures-due" aria-labelledby={`measures-due-h-${clientId}`} data-testid="measures-due" data-count={items.length}>
      <h2 id={`measures-due-h-${clientId}`}>Questionnaires{practiceName ? ` for ${practiceName}` : ''}</h2>
      <QueryState query={q} what="your questionnaires">
        {(list) =>
          list.items.length === 0 ? (
            <p>Nothing is waiting for you. Thank you!</p>
          ) : (
            <ul className="measures-due-list">
              {list.items.map((m) => (
                <li key={m.id}>
                  <span>
                    <strong>{m.name}</strong> · {m.itemCount} questions · about {Math.max(2, Math.round(m.itemCount / 4))} minutes
                  </span>
                  <Link className="btn primary" to={`/portal/measures/${encodeURIComponent(m.id)}`} data-testid="measure-start">
                    Start<span className="visually-hidden"> {m.name}</span>
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
      <h1>Questionnaires</h1>
      <p>Your practice asks you to fill these in before your appointments. Your answers go only to your clinician.</p>
      <PortalMeasuresDue standalone />
      <p>
        <Link to="/portal">Back to your portal</Link>
      </p>
    </div>
  );
}

export function PortalMeasureFillPage() {
  const { id = '' } = useParams();
  const [done, setDone] = useState<MeasureSubmitted | null>(null);
  const q = usePortalMeasure(id, done === null);
  if (done) return <Submitted done={done} />;
  return (
    <div className="portal-measures">
      <QueryState query={q} what="the questionnaire" testId="measure-state">
        {(m) => <Fill m={m} onDone={setDone} />}
      </QueryState>
      {q.isError && isApiError(q.error) && q.error.status === 409 ? (
        <p>
          This questionnaire was already answered or is closed. <Link to="/portal/measures">See what is waiting</Link>
        </p>
      ) : null}
    </div>
  );
}

function Fill({ m, onDone }: { m: PortalMeasure; onDone: (d: MeasureSubmitted) => void }) {
  const [answers, setAnswers] = useState<(number | null)[]>(() => m.items.map(() => null));
  const [difficulty, setDifficulty] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const labels = Object.fromEntries(m.items.map((_t, i) => [`answers.${i}`, `Question ${i + 1}`]));
  const form = useFormErrors({ ...labels, difficulty: 'Difficulty' });
  const answered = answers.filter((a) => a !== null).length;
  const send = async () => {
    const missing = answers.findIndex((a) => a === null);
    if (missing >= 0) {
      form.setSummary(`Please answer question ${missing + 1} (${m.items.length - answered} left).`);
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
      <h1 id="measure-title">{m.title}</h1>
      <p className="measure-stem">{m.stem}</p>
      <div className="measure-progress-bar">
        <p className="measure-progress" aria-live="polite" data-testid="measure-progress">
          {answered} of {m.items.length} answered
        </p>
        <progress max={m.items.length} value={answered} aria-label="Questions answered" />
      </div>
      {m.items.map((text, i) => (
        <Question key={i} id={`q-${i}`} n={i + 1} text={text} options={m.options} value={answers[i] ?? null} error={form.errors[`answers.${i}`]} onChange={(v) => setAnswers((a) => a.map((x, j) => (j === i ? v : x)))} />
      ))}
      {m.difficulty ? <Question id="q-difficulty" n={null} text={m.difficulty.question} options={m.difficulty.options} value={difficulty} error={form.errors.difficulty} onChange={setDifficulty} /> : null}
      <ErrorSummary form={form} testId="measure-error" />
      <Button type="submit" className="btn primary measure-submit" isDisabled={busy} data-testid="measure-submit">
        {busy ? 'Sending…' : 'Send my answers'}
      </Button>
    </form>
  );
}

function Question(p: { id: string; n: number | null; text: string; options: readonly string[]; value: number | null; error: string | undefined; onChange: (v: number) => void }) {
  return (
    <fieldset className="measure-q" id={p.id} data-testid="measure-question" aria-invalid={p.error ? true : undefined}>
      <legend>
        {p.n === null ? null : <span className="measure-q-n">{p.n}.</span>} {p.text}
        {p.n === null ? <span className="muted"> (optional)</span> : null}
      </legend>
      <div className="measure-options">
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
      <h1>Thank you</h1>
      <p>Your answers were sent to your clinician, who will go over them with you.</p>
      <p>
        <Link className="btn" to="/portal/measures">
          See if anything else is waiting
        </Link>
      </p>
    </div>
  );
}

/** The day's crisis resources (docs/measures.md). */
export function CrisisResources() {
  return (
    <section className="crisis-resources" role="alert" aria-labelledby="crisis-h" data-testid="crisis-resources">
      <h2 id="crisis-h">If you are thinking about harming yourself, help is available now</h2>
      <p>You do not have to wait for your appointment. These services are free, confidential and open 24 hours a day:</p>
      <ul>
        {CRISIS_RESOURCES.map((r) => (
          <li key={r.name}>
            <strong>{r.name}</strong>: <a href={r.href}>{r.how}</a>
          </li>
        ))}
      </ul>
      <p>Your clinician has been told that you may need support.</p>
    </section>
  );
}
