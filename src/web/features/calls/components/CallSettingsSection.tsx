// Practice settings → Video calls: how long before a scheduled call it rings, how long a rung
// client has to answer before the join link goes by text or mail, and relay-only media (neither
// side learns the other's network address). Checked against the shared schema before sending;
// the API's field errors land on their fields.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Form, Switch } from 'react-aria-components';
import { CallSettings } from '../../../../shared/calls.js';
import { ErrorSummary, NumberFields, typedNumber, useFormErrors, useSavedNote, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { callSettingsKey, saveCallSettings, useCallSettings } from '../api/callSettings.js';

export function CallSettingsSection({ canWrite }: { canWrite: boolean }) {
  const settings = useCallSettings();
  return (
    <section aria-labelledby="call-settings-h" className="card" data-testid="call-settings">
      <h2 id="call-settings-h">Video calls</h2>
      <QueryState query={settings} what="call settings" testId="call-settings-state">
        {(s) => <CallSettingsForm settings={s} canWrite={canWrite} />}
      </QueryState>
    </section>
  );
}

/** How long before a call rings, and how long a rung client has before the join link is sent. */
const TIMINGS = [
  { name: 'ringLeadMinutes', label: 'Ring before the start (minutes)', min: 0, max: 30, testId: 'call-ring-lead', description: 'A scheduled video or audio appointment rings the provider and the client this long before it starts (0 to 30; 0 rings at the start).' },
  { name: 'escalateAfterSeconds', label: 'Send the join link after (seconds)', min: 15, max: 1800, testId: 'call-escalate', description: 'A rung client who has not joined after this long gets a single-use join link by text or e-mail, if they agreed to it (15 to 1800).' },
] as const;
type Timing = (typeof TIMINGS)[number]['name'];

function CallSettingsForm({ settings, canWrite }: { settings: CallSettings; canWrite: boolean }) {
  const qc = useQueryClient();
  const [timings, setTimings] = useState<Record<Timing, string>>({ ringLeadMinutes: String(settings.ringLeadMinutes), escalateAfterSeconds: String(settings.escalateAfterSeconds) });
  const [forceRelay, setForceRelay] = useState(settings.forceRelay);
  const { saved, setSaved, edited } = useSavedNote();
  const form = useFormErrors({ ringLeadMinutes: 'Ring before the start', escalateAfterSeconds: 'Send the join link after', forceRelay: 'Hide network addresses' });
  const { busy, submit } = useSubmit(form);

  const save = async () => {
    setSaved(false);
    const parsed = CallSettings.safeParse({ ringLeadMinutes: typedNumber(timings.ringLeadMinutes), escalateAfterSeconds: typedNumber(timings.escalateAfterSeconds), forceRelay });
    await submit(parsed, async (data) => {
      qc.setQueryData(callSettingsKey, await saveCallSettings(data));
      setSaved(true);
    });
  };

  return (
    // aria, not native: the browser's own check of min/max would block the submit silently, and
    // the words belong next to the field.
    <Form
      className="form"
      validationBehavior="aria"
      aria-label="Video call settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      data-testid="call-settings-form"
    >
      <ErrorSummary form={form} testId="call-settings-error" />
      {saved ? (
        <p role="status" data-testid="call-settings-saved">
          Video call settings saved.
        </p>
      ) : null}
      <NumberFields fields={TIMINGS} values={timings} onChange={(name, v) => edited(setTimings)((prev) => ({ ...prev, [name]: v }))} form={form} />
      <Switch
        className="switch"
        isSelected={forceRelay}
        onChange={(v) => {
          setForceRelay(v);
          setSaved(false);
          form.clear('forceRelay');
        }}
        isDisabled={!canWrite}
        aria-describedby={form.errors.forceRelay ? 'call-force-relay-error' : undefined}
        data-testid="call-force-relay"
      >
        <span className="track" aria-hidden="true">
          <span className="thumb" />
        </span>
        Hide network addresses: send all call media through the practice's relay server (neither side learns the other's address; may cost some quality)
      </Switch>
      {form.errors.forceRelay ? (
        <p className="field-error" id="call-force-relay-error" data-testid="call-force-relay-error">
          {form.errors.forceRelay}
        </p>
      ) : null}
      {canWrite ? (
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="call-settings-save">
          Save video call settings
        </Button>
      ) : null}
    </Form>
  );
}
