// One form for adding and editing a client. Fields are named by their API path (address.state,
// emergencyContact.phone…) so both the shared zod schema's issues and the server's {field}
// land on the right input. Editing sends only what changed; an emptied optional field is null.
import { useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { Link } from 'react-router';
import type { Locale } from '../../../../shared/locale.js';
import { CLIENT_STATUSES, CONSENT_WORDING, type Client, US_STATES } from '../../../../shared/clients.js';
import { ErrorSummary, Field, type FieldProps, type FormErrorsApi, SubmitForm, TextAreaField, useFormErrors } from '../../../components/forms.js';
import { BaaRequiredNotice, isBaaRequired } from '../../../components/lists.js';
import { CheckboxChoices } from '../../../components/CheckboxChoices.js';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { ZoneField } from '../../../components/ZoneField.js';
import { useProviders } from '../../../lib/providers.js';
import { useSaveClient } from '../api/saveClient.js';
import { CLIENT_FIELD_LABELS, fromClient, requestBody, type Values } from '../model/clientForm.js';
import { type ClientStatusValue, LANGUAGE_OPTIONS, STATUS_LABELS } from '../model/labels.js';

const NO_STATE = 'none';

export function ClientForm({
  client,
  canSeeNotes,
  onSaved,
  onCancel,
}: {
  /** Absent: a new client. */
  client?: Client;
  canSeeNotes: boolean;
  onSaved: (saved: { id: string; client?: Client }) => void;
  onCancel?: () => void;
}) {
  const save = useSaveClient();
  const [v, setV] = useState<Values>(() => fromClient(client));
  const [busy, setBusy] = useState(false);
  const [lastError, setLastError] = useState<unknown>(null);
  const [nothingChanged, setNothingChanged] = useState(false);
  const form = useFormErrors(CLIENT_FIELD_LABELS);
  const editing = client !== undefined;
  const showNotes = editing ? client.staffNotes !== undefined : canSeeNotes;

  const set = <K extends keyof Values>(k: K) => (val: Values[K]) => {
    setNothingChanged(false);
    setV((prev) => ({ ...prev, [k]: val }));
  };

  const submit = async () => {
    setLastError(null);
    setNothingChanged(false);
    const out = requestBody(v, client, showNotes);
    if (out === 'unchanged') {
      form.clear();
      setNothingChanged(true);
      return;
    }
    if ('error' in out) return form.fromZod(out.error);
    form.clear();
    setBusy(true);
    try {
      if (client) onSaved({ id: client.id, client: await save.change(client.id, out.body) });
      else onSaved({ id: (await save.create(out.body)).id });
    } catch (e) {
      setLastError(e);
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SubmitForm className="form client-form" aria-label={editing ? 'Edit client' : 'Add a client'} data-testid="client-form" onSubmit={() => void submit()}>
      <ErrorSummary form={form} />
      {isBaaRequired(lastError) ? <BaaRequiredNotice error={lastError} /> : null}
      {nothingChanged ? <p role="status">Nothing has changed.</p> : null}

      <ClientFields v={v} set={set} form={form} />

      {showNotes ? <StaffNotesField value={v.staffNotes} onChange={set('staffNotes')} form={form} /> : null}

      <div className="actions">
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="client-submit">
          {editing ? 'Save changes' : 'Add client'}
        </Button>
        {onCancel ? (
          <Button className="btn" onPress={onCancel} data-testid="client-cancel">
            Cancel
          </Button>
        ) : (
          <Link className="btn" to="/clients">
            Cancel
          </Link>
        )}
      </div>
    </SubmitForm>
  );
}

type Setter = <K extends keyof Values>(k: K) => (val: Values[K]) => void;
/** The values typed as text. */
type TextKey = { [K in keyof Values]: string extends Values[K] ? K : never }[keyof Values];

/** Name, date of birth, contact, address and emergency contact; then care and consents. */
function ClientFields({ v, set, form }: { v: Values; set: Setter; form: FormErrorsApi }) {
  // A field of the record, named by its API path; never autofilled (the client's data, not the user's).
  const text = (k: TextKey, name: string, label: string, more: Partial<FieldProps> = {}) => (
    <Field name={name} label={label} value={v[k]} onChange={set(k)} form={form} autoComplete="off" {...more} />
  );
  return (
    <>
      <fieldset className="fieldset">
        <legend>Name and date of birth</legend>
        <div className="grid-2">
          {text('firstName', 'firstName', 'First name', { isRequired: true })}
          {text('lastName', 'lastName', 'Last name', { isRequired: true })}
          {text('preferredName', 'preferredName', 'Preferred name')}
          {text('pronouns', 'pronouns', 'Pronouns')}
          {text('dateOfBirth', 'dateOfBirth', 'Date of birth', { isRequired: true, description: 'MM/DD/YYYY, for example 07/23/1984.' })}
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Contact</legend>
        <div className="grid-2">
          {text('email', 'email', 'Email', { type: 'email' })}
          {text('phone', 'phone', 'Phone', { type: 'tel' })}
          <ZoneField
            name="timeZone"
            label="Time zone"
            value={v.timeZone}
            onChange={set('timeZone')}
            form={form}
            allowNone
            testId="field-timeZone"
            description="Where the client lives; appointments then show their local time too."
          />
          <SelectField
            name="locale"
            label="Language for messages and the portal"
            value={v.locale}
            onChange={(s) => set('locale')(s as Locale)}
            options={LANGUAGE_OPTIONS}
            form={form}
            testId="field-locale"
            description="The client's mail, texts and portal pages are in this language."
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Address</legend>
        <p className="field-description">Optional. If given, line 1, city, state and ZIP code are needed.</p>
        <div className="grid-2">
          {text('line1', 'address.line1', 'Address line 1')}
          {text('line2', 'address.line2', 'Address line 2')}
          {text('city', 'address.city', 'City')}
          <SelectField
            name="address.state"
            label="State"
            value={v.state || NO_STATE}
            onChange={(s) => set('state')(s === NO_STATE ? '' : s)}
            options={[{ id: NO_STATE, label: 'Not set' }, ...US_STATES.map((s) => ({ id: s, label: s }))]}
            form={form}
            testId="field-address.state"
          />
          {text('postalCode', 'address.postalCode', 'ZIP code', { inputMode: 'numeric' })}
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Emergency contact</legend>
        <div className="grid-2">
          {text('ecName', 'emergencyContact.name', 'Emergency contact name')}
          {text('ecPhone', 'emergencyContact.phone', 'Emergency contact phone', { type: 'tel' })}
          {text('ecRelationship', 'emergencyContact.relationship', 'Relationship to the client')}
        </div>
      </fieldset>
      <CareAndConsents v={v} set={set} form={form} />
    </>
  );
}

function CareAndConsents({ v, set, form }: { v: Values; set: Setter; form: FormErrorsApi }) {
  return (
    <>
      <fieldset className="fieldset">
        <legend>Care</legend>
        <SelectField
          name="status"
          label="Status"
          value={v.status}
          onChange={(s) => set('status')(s as ClientStatusValue)}
          options={CLIENT_STATUSES.map((s) => ({ id: s, label: STATUS_LABELS[s] }))}
          form={form}
          testId="field-status"
        />
        <ProviderChoices value={v.providerIds} onChange={set('providerIds')} form={form} />
      </fieldset>

      <fieldset className="fieldset">
        <legend>Communication consents</legend>
        <p className="field-description">
          Read each statement to the client and tick it only if they agree. Wording version {CONSENT_WORDING.version}.
        </p>
        {(['email', 'sms', 'details'] as const).map((k) => (
          <Checkbox
            key={k}
            className="checkbox consent"
            isSelected={v.consents[k]}
            onChange={(sel) => set('consents')({ ...v.consents, [k]: sel })}
            data-testid={`consent-${k}`}
          >
            <span className="box" aria-hidden="true" />
            <span>
              <strong>{k === 'email' ? 'Email' : k === 'sms' ? 'Text messages' : 'Appointment details in messages'}.</strong>{' '}
              {CONSENT_WORDING[k]}
            </span>
          </Checkbox>
        ))}
        {form.errors.consents ? <p className="field-error">{form.errors.consents}</p> : null}
      </fieldset>
    </>
  );
}

function StaffNotesField({ value, onChange, form }: { value: string; onChange: (v: string) => void; form: FormErrorsApi }) {
  return (
    <TextAreaField
      name="staffNotes"
      label="Staff notes"
      rows={4}
      testId="field-staffNotes"
      description="Administrative notes for staff only; never shown to the client."
      value={value}
      onChange={onChange}
      form={form}
    />
  );
}

function ProviderChoices({ value, onChange, form }: { value: string[]; onChange: (v: string[]) => void; form: FormErrorsApi }) {
  const providers = useProviders();
  return (
    <QueryState query={providers} what="providers" testId="provider-choices">
      {(d) =>
        d.providers.length === 0 ? (
          <p>No providers in this practice yet.</p>
        ) : (
          <CheckboxChoices
            name="providerIds"
            label="Providers"
            value={value}
            onChange={onChange}
            options={d.providers.map((p) => ({ id: p.id, label: p.name }))}
            form={form}
            testIdPrefix="provider-"
          />
        )
      }
    </QueryState>
  );
}
