// Practice settings → Scheduling: the appointment services (name, CPT code, default length, rate,
// whether appointments of it may overlap, whether a client's request needs approval) and the
// practice's scheduling rules (cancellation window, longest series, client notice).
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { type AppointmentService, type SchedulingSettings, SchedulingSettingsPatch } from '../../../../shared/scheduling.js';
import { ErrorSummary, NumberFields, SubmitForm, typedNumber, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { useServices } from '../api/services.js';
import { useSaveSchedulingRules, useSchedulingSettings } from '../api/settings.js';
import { ServiceDialog } from './ServiceDialog.js';
import { TableHead } from '../../../components/TableHead.js';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function SchedulingSettingsSection({ canWrite }: { canWrite: boolean }) {
  const settings = useSchedulingSettings();
  const services = useServices();
  const [editing, setEditing] = useState<AppointmentService | 'new' | null>(null);
  return (
    <section aria-labelledby="scheduling-h" className="card" data-testid="scheduling-settings">
      <h2 id="scheduling-h">Scheduling</h2>
      <QueryState query={settings} what="scheduling settings" testId="scheduling-rules">
        {(s) => <RulesForm settings={s} canWrite={canWrite} />}
      </QueryState>
      <h3 id="services-h">Appointment services</h3>
      <QueryState query={services} what="appointment services" testId="services">
        {(d) =>
          d.items.length === 0 ? (
            <p>No services yet. Add the kinds of appointment the practice offers, with their CPT code, length and rate.</p>
          ) : (
            <div className="table-wrap" role="region" aria-labelledby="services-h" tabIndex={0}>
              <table className="table" data-testid="services-table">
                <TableHead columns={['Service', 'CPT', { label: 'Minutes', className: 'num' }, { label: 'Rate', className: 'num' }, 'Rules', canWrite && 'Actions']} />
                <tbody>
                  {d.items.map((s) => (
                    <tr key={s.id} data-service-id={s.id}>
                      <th scope="row">
                        {s.name}
                        {s.active ? null : <span className="tag">No longer offered</span>}
                      </th>
                      <td>{s.cptCode ?? '—'}</td>
                      <td className="num">{s.defaultMinutes}</td>
                      <td className="num">{money.format(s.rateCents / 100)}</td>
                      <td>
                        {[s.allowOverlap ? 'May overlap' : 'No overlap', s.requiresApproval ? 'Requests need approval' : 'Requests book at once'].join('; ')}
                      </td>
                      {canWrite ? (
                        <td>
                          <Button className="btn small" onPress={() => setEditing(s)} aria-label={`Edit ${s.name}`}>
                            Edit
                          </Button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
      {canWrite ? (
        <Button className="btn" onPress={() => setEditing('new')} data-testid="add-service">
          Add a service
        </Button>
      ) : null}
      {editing ? <ServiceDialog service={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}

/** The practice's scheduling rules: whole hours or counts, each with its bounds and meaning. */
const RULES = [
  { name: 'cancellationWindowHours', label: 'Cancellation window (hours)', short: 'Cancellation window', min: 0, max: 336, description: "A client's cancellation closer than this to the start is recorded as late." },
  { name: 'maxSeriesOccurrences', label: 'Longest recurring series (appointments)', short: 'Longest series', min: 1, max: 520, description: 'A repeat rule that would create more is refused.' },
  { name: 'clientMinNoticeHours', label: 'Client booking notice (hours)', short: 'Client notice', min: 0, max: 336, description: 'Clients booking from the portal need at least this much notice.' },
] as const satisfies readonly { name: keyof SchedulingSettings; label: string; short: string; min: number; max: number; description: string }[];
type RuleName = (typeof RULES)[number]['name'];

function RulesForm({ settings, canWrite }: { settings: SchedulingSettings; canWrite: boolean }) {
  const saveRules = useSaveSchedulingRules();
  const [values, setValues] = useState(() => Object.fromEntries(RULES.map((r) => [r.name, String(settings[r.name])])) as Record<RuleName, string>);
  const [saved, setSaved] = useState(false);
  const form = useFormErrors(Object.fromEntries(RULES.map((r) => [r.name, r.short])));
  const { busy, submit } = useSubmit(form);
  const save = async () => {
    const parsed = SchedulingSettingsPatch.safeParse(Object.fromEntries(RULES.map((r) => [r.name, typedNumber(values[r.name])])));
    await submit(parsed, async (data) => {
      setSaved(false);
      await saveRules(data);
      setSaved(true);
    });
  };
  return (
    <SubmitForm aria-label="Scheduling rules" data-testid="scheduling-rules-form" onSubmit={() => void save()}>
      <ErrorSummary form={form} testId="scheduling-rules-error" />
      {saved ? <p role="status">Scheduling rules saved.</p> : null}
      <NumberFields fields={RULES} values={values} onChange={(name, v) => setValues((prev) => ({ ...prev, [name]: v }))} form={form} />
      {canWrite ? (
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="scheduling-rules-save">
          Save scheduling rules
        </Button>
      ) : null}
    </SubmitForm>
  );
}
