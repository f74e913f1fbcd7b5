// The client page's Measures section: each instrument's totals over time (a chart with the severity
// bands, and the same data as a table), item-9 flags to review, what is due, and the schedules.
// Shown to roles that read clinical records (owner, provider); the server refuses everyone else too.
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { INSTRUMENT_DEFS, INSTRUMENTS, MeasureScheduleInput, type ClientMeasures, type Instrument, type MeasureResult } from '../../../../shared/measures.js';
import { Card } from '../../../components/Card.js';
import { ErrorSummary, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { TableHead } from '../../../components/TableHead.js';
import { useMe } from '../../../session/useMe.js';
import { useClientMeasures, useMeasureChanges } from '../api.js';
import { CADENCE_LABELS, day, longDay } from './labels.js';
import { MeasureChart } from './MeasureChart.js';

export function ClientMeasuresPanel({ clientId }: { clientId: string }) {
  const me = useMe();
  const read = me.data?.permissions.includes('records.read') ?? false;
  const write = me.data?.permissions.includes('records.write') ?? false;
  const query = useClientMeasures(clientId, read);
  const loaded = query.isSuccess;
  // Today's alert links here (#client-measures-h): once the section has its data, bring it into view.
  useEffect(() => {
    if (loaded && window.location.hash === '#client-measures-h') document.getElementById('client-measures-h')?.scrollIntoView();
  }, [loaded]);
  if (!read) return null;
  return (
    <Card id="client-measures-h" title="Measures" testId="client-measures">
      <QueryState query={query} what="the measures" testId="client-measures-state">
        {(m) => <Measures m={m} clientId={clientId} write={write} />}
      </QueryState>
    </Card>
  );
}

function Measures({ m, clientId, write }: { m: ClientMeasures; clientId: string; write: boolean }) {
  const changes = useMeasureChanges(clientId);
  const flagged = m.results.filter((r) => r.riskFlag && !r.flagReviewedAt);
  const instruments = INSTRUMENTS.filter((i) => m.results.some((r) => r.instrument === i));
  return (
    <>
      {flagged.map((r) => (
        <div key={r.id} className="measure-flag" role="alert" data-testid="item9-flag">
          <p>
            <strong>PHQ-9 item 9 answered “{INSTRUMENT_DEFS.phq9.options[r.answers[8] ?? 0]}”</strong> on {longDay(r.completedAt)}: thoughts of being better off dead or of self-harm. Follow up with the client.
          </p>
          {write ? (
            <Button className="btn small" onPress={() => void changes.review(r.id)} data-testid="item9-review">
              Mark reviewed
            </Button>
          ) : null}
        </div>
      ))}
      {instruments.length === 0 ? <p className="muted">No questionnaires completed yet.</p> : null}
      {instruments.map((i) => (
        <InstrumentResults key={i} instrument={i} results={m.results.filter((r) => r.instrument === i)} />
      ))}
      <h3>Waiting for the client</h3>
      {m.due.length === 0 ? (
        <p className="muted" data-testid="measures-due-staff">
          Nothing is waiting.
        </p>
      ) : (
        <ul data-testid="measures-due-staff">
          {m.due.map((d) => (
            <li key={d.id}>
              {INSTRUMENT_DEFS[d.instrument].name}, due {longDay(d.dueAt)} (open to the client from {day(d.opensAt)})
            </li>
          ))}
        </ul>
      )}
      <Schedules m={m} clientId={clientId} write={write} />
    </>
  );
}

function InstrumentResults({ instrument, results }: { instrument: Instrument; results: MeasureResult[] }) {
  const def = INSTRUMENT_DEFS[instrument];
  const captionId = `measures-${instrument}-caption`;
  return (
    <section className="measure-instrument" aria-labelledby={`measures-${instrument}-h`}>
      <h3 id={`measures-${instrument}-h`}>{def.title}</h3>
      <MeasureChart def={def} results={results} />
      <div className="table-wrap" tabIndex={0} role="region" aria-label={`${def.name} totals table`}>
        <table className="table measure-table" data-testid="measures-table" data-instrument={instrument} aria-describedby={captionId}>
          <caption id={captionId}>
            {def.name} totals (0–{def.maxTotal}), oldest first
          </caption>
          <TableHead columns={['Completed', { label: 'Total', className: 'num' }, 'Severity', def.riskItem === null ? false : 'Item 9']} />
          <tbody>
            {results.map((r) => (
              <tr key={r.id}>
                <td>{longDay(r.completedAt)}</td>
                <td className="num">{r.total}</td>
                <td>{r.band}</td>
                {def.riskItem === null ? null : <td>{r.riskFlag ? <strong className="measure-flag-text">Flagged ({r.answers[def.riskItem]})</strong> : '0'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const INSTRUMENT_OPTIONS = INSTRUMENTS.map((i) => ({ id: i, label: INSTRUMENT_DEFS[i].title }));
const CADENCE_OPTIONS = Object.entries(CADENCE_LABELS).map(([id, label]) => ({ id, label }));

function Schedules({ m, clientId, write }: { m: ClientMeasures; clientId: string; write: boolean }) {
  const changes = useMeasureChanges(clientId);
  const form = useFormErrors({ instrument: 'Questionnaire', cadence: 'How often' });
  const { busy, submit } = useSubmit(form);
  const [instrument, setInstrument] = useState<string>('phq9');
  const [cadence, setCadence] = useState<string>('every_appointment');
  const [saved, setSaved] = useState<string | null>(null);
  const active = m.schedules.filter((s) => s.active);
  return (
    <>
      <h3>Schedules</h3>
      {active.length === 0 ? <p className="muted">No questionnaire is scheduled.</p> : null}
      <ul className="measure-schedules" data-testid="measure-schedules">
        {active.map((s) => (
          <li key={s.id}>
            <span>
              {INSTRUMENT_DEFS[s.instrument].name}: {CADENCE_LABELS[s.cadence].toLowerCase()}
            </span>
            {write ? (
              <Button className="btn small" onPress={() => void changes.stop(s.id).then(() => setSaved(`${INSTRUMENT_DEFS[s.instrument].name} schedule stopped.`))}>
                Stop<span className="visually-hidden"> {INSTRUMENT_DEFS[s.instrument].name}</span>
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {write ? (
        <SubmitForm
          className="form measure-schedule-form"
          aria-label="Schedule a questionnaire"
          onSubmit={() => {
            setSaved(null);
            void submit(MeasureScheduleInput.safeParse({ instrument, cadence }), async (input) => {
              await changes.schedule(input);
              setSaved(`${INSTRUMENT_DEFS[input.instrument].name} scheduled.`);
            });
          }}
        >
          <ErrorSummary form={form} testId="measure-schedule-error" />
          <SelectField name="instrument" label="Questionnaire" value={instrument} onChange={setInstrument} options={INSTRUMENT_OPTIONS} form={form} testId="measure-instrument" />
          <SelectField name="cadence" label="How often" value={cadence} onChange={setCadence} options={CADENCE_OPTIONS} form={form} testId="measure-cadence" description="Before an appointment, the client can answer from 3 days ahead." />
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid="measure-schedule">
            {busy ? 'Scheduling…' : 'Schedule'}
          </Button>
          <p role="status">{saved}</p>
        </SubmitForm>
      ) : null}
    </>
  );
}
