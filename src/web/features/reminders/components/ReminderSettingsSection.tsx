// Practice settings → Reminders: the practice's reminder rules (channel and how long before the
// start) and its quiet hours. The rules replace the whole set on save; each client's consents
// decide which channels actually reach them. Roles without settings write see the rules read-only.
import { useState } from 'react';
import { Button, Switch } from 'react-aria-components';
import { type Channel, CHANNELS, ReminderRuleInput, type ReminderSettings, ReminderSettingsPatch } from '../../../../shared/reminders.js';
import { ErrorSummary, type FieldErrors, NumberField, SubmitForm, typedNumber, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { TimeRangeFields } from '../../../components/NativeField.js';
import { useReminderSettings } from '../api/reminderSettings.js';
import { saveReminderSettings } from '../api/saveReminderSettings.js';
import { CHANNEL_LABELS, type LeadUnit, ruleText, rulesSummary, UNIT_MINUTES } from './labels.js';
import './reminders.css';
import { LiveNotice } from '../../../components/LiveNotice.js';

const QUIET_EXPLANATION =
  "Quiet hours apply in each client's own time zone (the appointment's zone when the client has none). A reminder due inside them goes out when they begin, so it still arrives before the visit.";

export function ReminderSettingsSection({ canWrite }: { canWrite: boolean }) {
  const settings = useReminderSettings();
  return (
    <section aria-labelledby="reminders-h" className="card" data-testid="reminder-settings">
      <h2 id="reminders-h">Reminders</h2>
      <p>
        Reminders go out by email or text message before each appointment. Each client&rsquo;s consents decide which of them reach that client. They carry
        no clinical details: the practice&rsquo;s neutral sender name, the date and time, and a link to confirm or cancel.
      </p>
      <QueryState query={settings} what="reminder rules" testId="reminder-rules">
        {(s) => (
          <>
            <RulesSummary rules={s.rules} />
            {canWrite ? <RemindersForm settings={s} /> : <RemindersReadOnly settings={s} />}
            <TextsFrom from={s.textsFrom} />
          </>
        )}
      </QueryState>
    </section>
  );
}

/** Which number texts go out from; set by whoever runs this installation (`npm run sms-number`). */
function TextsFrom({ from }: { from: ReminderSettings['textsFrom'] }) {
  return (
    <>
      <h3>Text messages</h3>
      <p data-testid="texts-from" data-own={from ? String(from.ownNumber) : undefined}>
        {from === null
          ? 'Text messages are not set up for this installation: text reminders are recorded as not sent.'
          : from.ownNumber
            ? `Texts go out from your practice's own number, ${from.phone}. Replies to it, such as STOP, are your practice's alone.`
            : `Texts go out from ${from.phone}, a number shared with other practices on this installation. A client who replies STOP to it is opted out of yours; their phone company may also stop texts from that number for every practice. Ask whoever runs Hearth for a number of your own.`}
      </p>
    </>
  );
}

/**
 * What clients get, one line per lead time, channels together ("Email and text message, 48 hours
 * before"), from the saved rules. Shown when it says more than the list of rules below it: when
 * rules share a lead time or some are turned off.
 */
function RulesSummary({ rules }: { rules: ReminderSettings['rules'] }) {
  const lines = rulesSummary(rules);
  if (lines.length === rules.length) return null;
  return (
    <div className="reminder-summary" data-testid="reminder-summary" data-count={lines.length}>
      {lines.length === 0 ? (
        <p>No reminders are sent: every rule is turned off.</p>
      ) : (
        <>
          <p>What clients get, as their consents allow:</p>
          <ul>
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function RemindersReadOnly({ settings }: { settings: ReminderSettings }) {
  return (
    <>
      <h3>Reminder rules</h3>
      {settings.rules.length === 0 ? (
        <p>No reminders are sent.</p>
      ) : (
        <ul className="rows" data-testid="reminder-rules-list">
          {settings.rules.map((r) => (
            <li key={r.id} data-testid="reminder-rule" data-channel={r.channel} data-minutes={r.minutesBefore}>
              <span data-testid="reminder-rule-label">{ruleText(r)}</span>
              <span className="muted">{r.active ? 'On' : 'Off'}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Quiet hours</h3>
      <p data-testid="quiet-hours-text">{settings.quietHours ? `From ${settings.quietHours.start} to ${settings.quietHours.end}.` : 'None: reminders go out at their time.'}</p>
      <p className="field-description">{QUIET_EXPLANATION}</p>
      <p className="muted">Only practice owners and administrators can change these.</p>
    </>
  );
}

interface RuleRow {
  key: number;
  channel: Channel;
  minutesBefore: number;
  active: boolean;
}

let nextKey = 1;
const rowsOf = (s: ReminderSettings): RuleRow[] => s.rules.map((r) => ({ key: nextKey++, channel: r.channel, minutesBefore: r.minutesBefore, active: r.active }));

const CHANNEL_OPTIONS = CHANNELS.map((c) => ({ id: c, label: CHANNEL_LABELS[c] }));
const UNIT_OPTIONS: { id: LeadUnit; label: string }[] = [
  { id: 'minutes', label: 'Minutes' },
  { id: 'hours', label: 'Hours' },
  { id: 'days', label: 'Days' },
];
const MAX_RULES = 6;

function RemindersForm({ settings }: { settings: ReminderSettings }) {
  const [rules, setRules] = useState<RuleRow[]>(() => rowsOf(settings));
  const [quietOn, setQuietOn] = useState(settings.quietHours !== null);
  const [quietStart, setQuietStart] = useState(settings.quietHours?.start ?? '21:00');
  const [quietEnd, setQuietEnd] = useState(settings.quietHours?.end ?? '08:00');
  const [saved, setSaved] = useState(false);

  const labels: Record<string, string> = { rules: 'Reminder rules', quietHours: 'Quiet hours', 'quietHours.start': 'Quiet hours start', 'quietHours.end': 'Quiet hours end' };
  rules.forEach((r, i) => {
    const base = `Reminder ${i + 1} (${ruleText(r)})`;
    labels[`rules.${i}`] = base;
    labels[`rules.${i}.minutesBefore`] = `${base} lead time`;
    labels[`rules.${i}.channel`] = `${base} channel`;
    labels[`rules.${i}.active`] = base;
  });
  const form = useFormErrors(labels);
  const { busy, submit } = useSubmit(form);

  const changed = () => {
    setSaved(false);
    form.clear();
  };

  const save = () =>
    submit(
      ReminderSettingsPatch.safeParse({
        rules: rules.map((r) => ({ channel: r.channel, minutesBefore: r.minutesBefore, active: r.active })),
        quietHours: quietOn ? { start: quietStart, end: quietEnd } : null,
      }),
      async (body) => {
        setSaved(false);
        const out = await saveReminderSettings(body);
        setRules(rowsOf(out));
        setSaved(true);
      },
    );

  const ruleError = (i: number) => form.errors[`rules.${i}.minutesBefore`] ?? form.errors[`rules.${i}.channel`] ?? form.errors[`rules.${i}`];

  return (
    <>
      <SubmitForm aria-labelledby="reminder-rules-h" onSubmit={() => void save()} data-testid="reminder-form">
        <ErrorSummary form={form} testId="reminder-error" />
        <LiveNotice testId="reminder-saved">{saved ? 'Reminder rules saved.' : null}</LiveNotice>
        <h3 id="reminder-rules-h">Reminder rules</h3>
        {rules.length === 0 ? (
          <p data-testid="reminder-rules-empty">No reminders: none will be sent. Add one below.</p>
        ) : (
          <ul className="rows reminder-rules" data-testid="reminder-rules-list">
            {rules.map((r, i) => (
              <RuleItem
                key={r.key}
                rule={r}
                index={i}
                error={ruleError(i)}
                onActive={(v) => {
                  setRules(rules.map((x) => (x.key === r.key ? { ...x, active: v } : x)));
                  changed();
                }}
                onRemove={() => {
                  setRules(rules.filter((x) => x.key !== r.key));
                  changed();
                }}
              />
            ))}
          </ul>
        )}
        <h3 id="quiet-h">Quiet hours</h3>
        <Switch
          className="switch"
          isSelected={quietOn}
          onChange={(v) => {
            setQuietOn(v);
            changed();
          }}
          data-testid="quiet-hours"
        >
          <span className="track" aria-hidden="true">
            <span className="thumb" />
          </span>
          No reminders during quiet hours
        </Switch>
        <p className="field-description" id="quiet-explanation">
          {QUIET_EXPLANATION}
        </p>
        {quietOn ? (
          <QuietHoursFields start={quietStart} end={quietEnd} onStart={setQuietStart} onEnd={setQuietEnd} onEdit={changed} errors={form.errors} />
        ) : null}
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="reminder-save">
          {busy ? 'Saving…' : 'Save reminder rules'}
        </Button>
      </SubmitForm>
      <AddRule
        rules={rules}
        onAdd={(r) => {
          setRules([...rules, { key: nextKey++, ...r, active: true }]);
          changed();
        }}
      />
    </>
  );
}

interface RuleItemProps {
  rule: RuleRow;
  index: number;
  error: string | undefined;
  onActive: (active: boolean) => void;
  onRemove: () => void;
}

/** One rule of the form: its text, its error, and its on/off switch and remove button. */
function RuleItem({ rule, index: i, error, onActive, onRemove }: RuleItemProps) {
  const text = ruleText(rule);
  const errId = `reminder-rule-${rule.key}-error`;
  return (
    <li data-testid="reminder-rule" data-channel={rule.channel} data-minutes={rule.minutesBefore} data-active={rule.active ? 'true' : 'false'}>
      <span className="reminder-rule-text">
        <span className="reminder-rule-label" data-testid="reminder-rule-label">
          {text}
        </span>
        {error ? (
          <span id={errId} className="field-error">
            {error}
          </span>
        ) : null}
      </span>
      <span className="reminder-rule-actions">
        <Switch
          className="switch"
          isSelected={rule.active}
          onChange={onActive}
          aria-label={`Send reminder ${i + 1}: ${text}`}
          data-testid="reminder-rule-active"
        >
          <span className="track" aria-hidden="true">
            <span className="thumb" />
          </span>
          <span aria-hidden="true">{rule.active ? 'On' : 'Off'}</span>
        </Switch>
        <Button
          className="btn small"
          onPress={onRemove}
          aria-label={`Remove reminder ${i + 1}: ${text}`}
          data-testid="reminder-rule-remove"
        >
          Remove
        </Button>
      </span>
    </li>
  );
}

/** The quiet hours' start and end, shown while quiet hours are on. */
function QuietHoursFields(props: { start: string; end: string; onStart: (v: string) => void; onEnd: (v: string) => void; onEdit: () => void; errors: FieldErrors }) {
  const { start, end, onStart, onEnd, onEdit, errors } = props;
  return (
    <div className="grid-2" role="group" aria-labelledby="quiet-h" aria-describedby="quiet-explanation">
      <TimeRangeFields
        labels={{ start: 'Quiet from', end: 'Quiet until' }}
        value={{ start, end }}
        onChange={(side, v) => (side === 'start' ? onStart : onEnd)(v)}
        onEdit={onEdit}
        errors={{ start: errors['quietHours.start'], end: errors['quietHours.end'], whole: errors.quietHours }}
        name={(side) => `quiet-${side}`}
        testId={(side) => `quiet-${side}`}
      />
    </div>
  );
}

/** A new rule, checked against the shared schema before it joins the list (saved with the rest). */
function AddRule({ rules, onAdd }: { rules: RuleRow[]; onAdd: (r: { channel: Channel; minutesBefore: number }) => void }) {
  const [channel, setChannel] = useState<Channel>('email');
  const [amount, setAmount] = useState('24');
  const [unit, setUnit] = useState<LeadUnit>('hours');
  const [added, setAdded] = useState<string | null>(null);
  const form = useFormErrors({ channel: 'Channel', amount: 'How long before' });
  const full = rules.length >= MAX_RULES;

  const add = () => {
    setAdded(null);
    const n = typedNumber(amount);
    if (!Number.isFinite(n) || n <= 0) return form.fromZod({ issues: [{ path: ['amount'], message: 'must be a number greater than 0' }] } as never);
    const parsed = ReminderRuleInput.safeParse({ channel, minutesBefore: Math.round(n * UNIT_MINUTES[unit] * 1000) / 1000 });
    if (!parsed.success) {
      return form.fromZod({ issues: parsed.error.issues.map((i) => ({ ...i, path: i.path[0] === 'minutesBefore' ? ['amount'] : i.path })) } as never);
    }
    const r = parsed.data;
    if (rules.some((x) => x.channel === r.channel && x.minutesBefore === r.minutesBefore)) {
      return form.fromZod({ issues: [{ path: ['amount'], message: `is already a reminder (${ruleText(r)})` }] } as never);
    }
    form.clear();
    onAdd(r);
    setAdded(`Added ${ruleText(r)}. Save the reminder rules to keep it.`);
  };

  return (
    <SubmitForm aria-labelledby="reminder-add-h" className="form inset" onSubmit={add} data-testid="reminder-add-form">
      <h3 id="reminder-add-h">Add a reminder</h3>
      <ErrorSummary form={form} testId="reminder-add-error" />
      <LiveNotice testId="reminder-added">{added}</LiveNotice>
      {full ? <p className="muted">A practice has at most {MAX_RULES} reminders; remove one to add another.</p> : null}
      <div className="reminder-add-fields">
        <SelectField name="channel" label="Channel" value={channel} onChange={(v) => setChannel(v as Channel)} options={CHANNEL_OPTIONS} form={form} testId="reminder-add-channel" />
        <NumberField name="amount" label="How long before" min={1} value={amount} onChange={setAmount} form={form} isRequired testId="reminder-add-amount" />
        <SelectField name="unit" label="Unit" value={unit} onChange={(v) => setUnit(v as LeadUnit)} options={UNIT_OPTIONS} form={form} testId="reminder-add-unit" />
      </div>
      <p className="field-description">From 5 minutes to 14 days before the start.</p>
      <Button type="submit" className="btn" isDisabled={full} data-testid="reminder-add">
        Add reminder
      </Button>
    </SubmitForm>
  );
}
