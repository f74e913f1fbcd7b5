// Writing a plan: diagnoses, then problems, each with goals, each goal with objectives (text,
// target date, status) and interventions (text, frequency), and the review schedule. A draft is
// saved and signed; a signed plan is changed only by a review, which signs the changes as a new version.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { OBJECTIVE_STATUS_LABELS, OBJECTIVE_STATUSES, PlanPatch, type PlanContentInput, type TreatmentPlan } from '../../../../shared/plans.js';
import { isApiError } from '../../../api/client.js';
import { ErrorSummary, Field, NumberField, SubmitForm, TextAreaField, useFormErrors, type FormErrorsApi } from '../../../components/forms.js';
import { NativeField } from '../../../components/NativeField.js';
import { SelectField } from '../../../components/SelectField.js';
import { usePlanActions } from '../api/plans.js';
import { emptyGoal, emptyIntervention, emptyObjective, emptyProblem, fromContent, isObjectiveStatus, labelsFor, toInput, type Draft, type DraftGoal, type DraftProblem } from '../model/draft.js';
import { DiagnosisPicker } from './DiagnosisPicker.js';

type Edit = (change: (d: Draft) => void) => void;
const STATUS_OPTIONS = OBJECTIVE_STATUSES.map((s) => ({ id: s, label: OBJECTIVE_STATUS_LABELS[s] }));

export function PlanEditor({ plan, mode, onDone, onCancel }: { plan: TreatmentPlan; mode: 'draft' | 'review'; onDone: (notice: string) => void; onCancel?: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => fromContent(plan.content));
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormErrors(labelsFor(draft));
  const [busy, setBusy] = useState(false);
  const actions = usePlanActions(plan.clientId);
  const edit: Edit = (change) => {
    setSaved(null);
    setDraft((d) => {
      const next = structuredClone(d);
      change(next);
      return next;
    });
  };
  /** Checks the draft with the shared schema, then sends; a field the server names lands on it, under a plain summary. */
  const run = (send: (body: { version: number; content: PlanContentInput }) => Promise<void>) => {
    const parsed = PlanPatch.safeParse({ version: plan.version, content: toInput(draft) });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setBusy(true);
    send(parsed.data)
      .catch((e: unknown) => {
        form.fromApi(e);
        if (isApiError(e) && e.field) form.setSummary(mode === 'draft' ? 'Nothing was signed. Please correct:' : 'The review was not signed. Please correct:');
      })
      .finally(() => setBusy(false));
  };
  const save = () =>
    run(async (body) => {
      await actions.save(plan.id, body.version, body.content);
      setSaved(`Draft saved at ${new Date().toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}.`);
    });
  const sign = () =>
    run(async (body) => {
      await actions.save(plan.id, body.version, body.content);
      await actions.sign(plan.id, body.version);
      onDone('Plan signed. It is now active and shared with the client to sign in the portal.');
    });
  const review = () =>
    run(async (body) => {
      await actions.review(plan.id, body.version, body.content);
      onDone('Review signed as a new version of the plan.');
    });
  return (
    <SubmitForm onSubmit={mode === 'draft' ? save : review} className="form plan-editor" aria-label={mode === 'draft' ? 'Treatment plan draft' : 'Review of the treatment plan'}>
      <ErrorSummary form={form} testId="plan-error" />
      <DiagnosisPicker value={draft.diagnoses} onChange={(v) => edit((d) => void (d.diagnoses = v))} form={form} />
      {draft.problems.map((p, pi) => (
        <ProblemEditor key={pi} p={p} pi={pi} edit={edit} form={form} count={draft.problems.length} />
      ))}
      <Button className="btn" onPress={() => edit((d) => void d.problems.push(emptyProblem()))} data-testid="plan-add-problem">
        Add a problem
      </Button>
      <NumberField name="content.reviewEveryDays" label="Review every (days)" min={7} max={365} value={draft.reviewEveryDays} onChange={(v) => edit((d) => void (d.reviewEveryDays = v))} form={form} description="The next review date is set from each signature." testId="plan-review-days" />
      <p role="status" className={saved ? 'notice' : undefined} data-testid="plan-saved">
        {saved}
      </p>
      <div className="actions">
        {mode === 'draft' ? (
          <>
            <Button type="submit" className="btn" isDisabled={busy} data-testid="plan-save">
              {busy ? 'Saving…' : 'Save draft'}
            </Button>
            <Button className="btn primary" isDisabled={busy} onPress={sign} data-testid="plan-sign">
              Sign plan
            </Button>
          </>
        ) : (
          <>
            <Button type="submit" className="btn primary" isDisabled={busy} data-testid="plan-review-sign">
              {busy ? 'Signing…' : 'Sign review'}
            </Button>
            <Button className="btn" isDisabled={busy} onPress={onCancel}>
              Cancel
            </Button>
          </>
        )}
      </div>
    </SubmitForm>
  );
}

function ProblemEditor({ p, pi, edit, form, count }: { p: DraftProblem; pi: number; edit: Edit; form: FormErrorsApi; count: number }) {
  const base = `content.problems.${pi}`;
  return (
    <fieldset className="plan-problem" data-testid="plan-problem">
      <legend>Problem {pi + 1}</legend>
      <TextAreaField name={`${base}.text`} label="Problem" rows={2} value={p.text} onChange={(v) => edit((d) => void (d.problems[pi]!.text = v))} form={form} testId={`plan-problem-${pi}`} />
      {p.goals.map((g, gi) => (
        <GoalEditor key={gi} g={g} pi={pi} gi={gi} edit={edit} form={form} />
      ))}
      {form.errors[`${base}.goals`] ? <p className="field-error">{form.errors[`${base}.goals`]}</p> : null}
      <div className="actions">
        <Button className="btn small" onPress={() => edit((d) => void d.problems[pi]!.goals.push(emptyGoal()))}>
          Add a goal
        </Button>
        {count > 1 ? (
          <Button className="btn small danger" onPress={() => edit((d) => void d.problems.splice(pi, 1))}>
            Remove problem {pi + 1}
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}

function GoalEditor({ g, pi, gi, edit, form }: { g: DraftGoal; pi: number; gi: number; edit: Edit; form: FormErrorsApi }) {
  const base = `content.problems.${pi}.goals.${gi}`;
  const goal = (d: Draft) => d.problems[pi]!.goals[gi]!;
  return (
    <fieldset className="plan-goal" data-testid="plan-goal">
      <legend>
        Goal {pi + 1}.{gi + 1}
      </legend>
      <TextAreaField name={`${base}.text`} label="Goal" rows={2} value={g.text} onChange={(v) => edit((d) => void (goal(d).text = v))} form={form} testId={`plan-goal-${pi}-${gi}`} />
      <h3>Objectives</h3>
      {g.objectives.map((o, oi) => (
        <div className="plan-item" key={oi} data-testid="plan-objective">
          <Field name={`${base}.objectives.${oi}.text`} label={`Objective ${oi + 1}`} value={o.text} onChange={(v) => edit((d) => void (goal(d).objectives[oi]!.text = v))} form={form} testId={`plan-objective-${pi}-${gi}-${oi}`} />
          <div className="plan-item-row">
            <NativeField name={`${base}.objectives.${oi}.targetDate`} label="Target date" type="date" value={o.targetDate} onChange={(v) => edit((d) => void (goal(d).objectives[oi]!.targetDate = v))} error={form.errors[`${base}.objectives.${oi}.targetDate`]} onEdit={() => form.clear(`${base}.objectives.${oi}.targetDate`)} testId={`plan-objective-date-${pi}-${gi}-${oi}`} />
            <SelectField name={`${base}.objectives.${oi}.status`} label="Status" value={o.status} options={STATUS_OPTIONS} onChange={(v) => edit((d) => void (isObjectiveStatus(v) && (goal(d).objectives[oi]!.status = v)))} form={form} />
            <Button className="btn small link" aria-label={`Remove objective ${oi + 1} of goal ${pi + 1}.${gi + 1}`} onPress={() => edit((d) => void goal(d).objectives.splice(oi, 1))}>
              Remove
            </Button>
          </div>
        </div>
      ))}
      <Button className="btn small" onPress={() => edit((d) => void goal(d).objectives.push(emptyObjective()))}>
        Add an objective
      </Button>
      <h3>Interventions</h3>
      {g.interventions.map((x, ii) => (
        <div className="plan-item plan-item-row" key={ii} data-testid="plan-intervention">
          <Field name={`${base}.interventions.${ii}.text`} label={`Intervention ${ii + 1}`} value={x.text} onChange={(v) => edit((d) => void (goal(d).interventions[ii]!.text = v))} form={form} testId={`plan-intervention-${pi}-${gi}-${ii}`} className="grow" />
          <Field name={`${base}.interventions.${ii}.frequency`} label="Frequency" value={x.frequency} onChange={(v) => edit((d) => void (goal(d).interventions[ii]!.frequency = v))} form={form} testId={`plan-frequency-${pi}-${gi}-${ii}`} />
          <Button className="btn small link" aria-label={`Remove intervention ${ii + 1} of goal ${pi + 1}.${gi + 1}`} onPress={() => edit((d) => void goal(d).interventions.splice(ii, 1))}>
            Remove
          </Button>
        </div>
      ))}
      <Button className="btn small" onPress={() => edit((d) => void goal(d).interventions.push(emptyIntervention()))}>
        Add an intervention
      </Button>
    </fieldset>
  );
}
