// One form for adding and editing a client. Fields are named by their API path (address.state,
// emergencyContact.phone…) so both the shared zod schema's issues and the server's {field}
// land on the right input. Editing sends only what changed; an emptied optional field is null.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Checkbox, CheckboxGroup, FieldError, Form, Label, Text, TextArea, TextField } from 'react-aria-components';
import { Link } from 'react-router';
import { z } from 'zod';
import {
  CLIENT_STATUSES,
  CONSENT_WORDING,
  type Client,
  ClientInput,
  ClientPatch,
  parseDateInput,
  US_STATES,
} from '../../../shared/clients.js';
import { api } from '../../api/client.js';
import { ErrorSummary, Field, useFormErrors, type FormErrorsApi } from '../../components/forms.js';
import { QueryState } from '../../components/QueryState.js';
import { SelectField } from '../../components/SelectField.js';
import { ZoneField } from '../../components/ZoneField.js';
import { clientKeys, type ClientStatusValue, STATUS_LABELS, useProviders } from './api.js';
import { BaaRequiredNotice, isBaaRequired } from './common.js';

export const CLIENT_FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  preferredName: 'Preferred name',
  pronouns: 'Pronouns',
  dateOfBirth: 'Date of birth',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  'address.line1': 'Address line 1',
  'address.line2': 'Address line 2',
  'address.city': 'City',
  'address.state': 'State',
  'address.postalCode': 'ZIP code',
  emergencyContact: 'Emergency contact',
  'emergencyContact.name': 'Emergency contact name',
  'emergencyContact.phone': 'Emergency contact phone',
  'emergencyContact.relationship': 'Emergency contact relationship',
  providerIds: 'Providers',
  status: 'Status',
  consents: 'Consents',
  'consents.email': 'Email consent',
  'consents.sms': 'Text message consent',
  'consents.details': 'Appointment details consent',
  staffNotes: 'Staff notes',
  timeZone: 'Time zone',
};

const NO_STATE = 'none';

interface Values {
  firstName: string;
  lastName: string;
  preferredName: string;
  pronouns: string;
  dateOfBirth: string;
  email: string;
  phone: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  ecName: string;
  ecPhone: string;
  ecRelationship: string;
  providerIds: string[];
  status: ClientStatusValue;
  consents: { email: boolean; sms: boolean; details: boolean };
  staffNotes: string;
  timeZone: string;
}

function fromClient(c: Client | undefined): Values {
  return {
    firstName: c?.firstName ?? '',
    lastName: c?.lastName ?? '',
    preferredName: c?.preferredName ?? '',
    pronouns: c?.pronouns ?? '',
    dateOfBirth: c?.dateOfBirth ? usDate(c.dateOfBirth) : '',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    line1: c?.address?.line1 ?? '',
    line2: c?.address?.line2 ?? '',
    city: c?.address?.city ?? '',
    state: c?.address?.state ?? '',
    postalCode: c?.address?.postalCode ?? '',
    ecName: c?.emergencyContact?.name ?? '',
    ecPhone: c?.emergencyContact?.phone ?? '',
    ecRelationship: c?.emergencyContact?.relationship ?? '',
    providerIds: c?.providerIds ?? [],
    status: c?.status ?? 'active',
    consents: { email: c?.consents.email ?? false, sms: c?.consents.sms ?? false, details: c?.consents.details ?? false },
    staffNotes: c?.staffNotes ?? '',
    timeZone: c?.timeZone ?? '',
  };
}

const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());

/** 1984-07-23 -> 07/23/1984: US practices read and type dates month first. */
const usDate = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : iso;
};

const DOB_FORMAT = 'is not a date we can read: write it MM/DD/YYYY, for example 07/23/1984';

/** The schema speaks of YYYY-MM-DD (the API's form); the person typed into a MM/DD/YYYY field. */
function withDobHint(err: z.ZodError, typed: string): z.ZodError {
  const t = typed.trim();
  if (t === '' || parseDateInput(t) !== null) return err;
  const dateShaped = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(t) || /^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$/.test(t);
  const message = dateShaped ? 'is not a real calendar date' : DOB_FORMAT;
  return new z.ZodError(err.issues.map((i) => (i.path[0] === 'dateOfBirth' ? { ...i, message } : i)));
}

/** The whole record as the form describes it; absent optional parts are null. */
function desired(v: Values) {
  const addressGiven = [v.line1, v.line2, v.city, v.state, v.postalCode].some((s) => s.trim() !== '');
  const ecGiven = [v.ecName, v.ecPhone, v.ecRelationship].some((s) => s.trim() !== '');
  return {
    firstName: v.firstName.trim(),
    lastName: v.lastName.trim(),
    preferredName: opt(v.preferredName) ?? null,
    pronouns: opt(v.pronouns) ?? null,
    // What was typed (07/23/1984, 7/23/1984 or 1984-07-23), stored as YYYY-MM-DD.
    dateOfBirth: parseDateInput(v.dateOfBirth) ?? v.dateOfBirth.trim(),
    email: opt(v.email) ?? null,
    phone: opt(v.phone) ?? null,
    address: addressGiven
      ? { line1: v.line1.trim(), line2: opt(v.line2), city: v.city.trim(), state: v.state, postalCode: v.postalCode.trim() }
      : null,
    emergencyContact: ecGiven ? { name: v.ecName.trim(), phone: v.ecPhone.trim(), relationship: opt(v.ecRelationship) } : null,
    providerIds: v.providerIds,
    status: v.status,
    consents: v.consents,
    staffNotes: v.staffNotes.trim() === '' ? null : v.staffNotes,
    timeZone: v.timeZone || null,
  };
}

function withoutNulls<T extends Record<string, unknown>>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, val]) => val !== null && val !== undefined));
}

/** JSON with object keys sorted and undefined dropped, so equal records compare equal. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : val,
  );
}

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
  const qc = useQueryClient();
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
    const want = desired(v);
    if (!showNotes) delete (want as { staffNotes?: unknown }).staffNotes;
    let body: Record<string, unknown>;
    if (!editing) {
      const parsed = ClientInput.safeParse({
        ...withoutNulls(want),
        address: want.address ? withoutNulls(want.address) : undefined,
        emergencyContact: want.emergencyContact ? withoutNulls(want.emergencyContact) : undefined,
      });
      if (!parsed.success) return form.fromZod(withDobHint(parsed.error, v.dateOfBirth));
      body = parsed.data;
    } else {
      const before = desired(fromClient(client));
      const patch: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(want)) {
        if (canonical(val) !== canonical(before[k as keyof typeof before])) patch[k] = val;
      }
      if (Object.keys(patch).length === 0) {
        form.clear();
        setNothingChanged(true);
        return;
      }
      const parsed = ClientPatch.safeParse(patch);
      if (!parsed.success) return form.fromZod(withDobHint(parsed.error, v.dateOfBirth));
      body = parsed.data;
    }
    form.clear();
    setBusy(true);
    try {
      if (editing) {
        const saved = await api.patch<Client>(`/api/clients/${encodeURIComponent(client.id)}`, body);
        qc.setQueryData(clientKeys.one(client.id), saved);
        await qc.invalidateQueries({ queryKey: clientKeys.all });
        onSaved({ id: client.id, client: saved });
      } else {
        const created = await api.post<{ id: string }>('/api/clients', body);
        await qc.invalidateQueries({ queryKey: clientKeys.all });
        onSaved({ id: created.id });
      }
    } catch (e) {
      setLastError(e);
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      className="form client-form"
      aria-label={editing ? 'Edit client' : 'Add a client'}
      data-testid="client-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ErrorSummary form={form} />
      {isBaaRequired(lastError) ? <BaaRequiredNotice error={lastError} /> : null}
      {nothingChanged ? <p role="status">Nothing has changed.</p> : null}

      <fieldset className="fieldset">
        <legend>Name and date of birth</legend>
        <div className="grid-2">
          <Field name="firstName" label="First name" value={v.firstName} onChange={set('firstName')} form={form} isRequired autoComplete="off" />
          <Field name="lastName" label="Last name" value={v.lastName} onChange={set('lastName')} form={form} isRequired autoComplete="off" />
          <Field name="preferredName" label="Preferred name" value={v.preferredName} onChange={set('preferredName')} form={form} autoComplete="off" />
          <Field name="pronouns" label="Pronouns" value={v.pronouns} onChange={set('pronouns')} form={form} autoComplete="off" />
          <Field
            name="dateOfBirth"
            label="Date of birth"
            value={v.dateOfBirth}
            onChange={set('dateOfBirth')}
            form={form}
            isRequired
            autoComplete="off"
            description="MM/DD/YYYY, for example 07/23/1984."
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Contact</legend>
        <div className="grid-2">
          <Field name="email" label="Email" type="email" value={v.email} onChange={set('email')} form={form} autoComplete="off" />
          <Field name="phone" label="Phone" type="tel" value={v.phone} onChange={set('phone')} form={form} autoComplete="off" />
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
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Address</legend>
        <p className="field-description">Optional. If given, line 1, city, state and ZIP code are needed.</p>
        <div className="grid-2">
          <Field name="address.line1" label="Address line 1" value={v.line1} onChange={set('line1')} form={form} autoComplete="off" />
          <Field name="address.line2" label="Address line 2" value={v.line2} onChange={set('line2')} form={form} autoComplete="off" />
          <Field name="address.city" label="City" value={v.city} onChange={set('city')} form={form} autoComplete="off" />
          <SelectField
            name="address.state"
            label="State"
            value={v.state || NO_STATE}
            onChange={(s) => set('state')(s === NO_STATE ? '' : s)}
            options={[{ id: NO_STATE, label: 'Not set' }, ...US_STATES.map((s) => ({ id: s, label: s }))]}
            form={form}
            testId="field-address.state"
          />
          <Field name="address.postalCode" label="ZIP code" value={v.postalCode} onChange={set('postalCode')} form={form} inputMode="numeric" autoComplete="off" />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Emergency contact</legend>
        <div className="grid-2">
          <Field name="emergencyContact.name" label="Emergency contact name" value={v.ecName} onChange={set('ecName')} form={form} autoComplete="off" />
          <Field name="emergencyContact.phone" label="Emergency contact phone" type="tel" value={v.ecPhone} onChange={set('ecPhone')} form={form} autoComplete="off" />
          <Field
            name="emergencyContact.relationship"
            label="Relationship to the client"
            value={v.ecRelationship}
            onChange={set('ecRelationship')}
            form={form}
            autoComplete="off"
          />
        </div>
      </fieldset>

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

      {showNotes ? (
        <TextField
          className="field"
          name="staffNotes"
          value={v.staffNotes}
          onChange={(val) => {
            set('staffNotes')(val);
            form.clear('staffNotes');
          }}
          isInvalid={form.errors.staffNotes !== undefined}
          validationBehavior="aria"
        >
          <Label>Staff notes</Label>
          <TextArea className="textarea" rows={4} data-testid="field-staffNotes" />
          <Text slot="description" className="field-description">
            Administrative notes for staff only; never shown to the client.
          </Text>
          <FieldError className="field-error">{form.errors.staffNotes}</FieldError>
        </TextField>
      ) : null}

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
    </Form>
  );
}

function ProviderChoices({ value, onChange, form }: { value: string[]; onChange: (v: string[]) => void; form: FormErrorsApi }) {
  const providers = useProviders();
  const error = form.errors.providerIds;
  return (
    <QueryState query={providers} what="providers" testId="provider-choices">
      {(d) =>
        d.providers.length === 0 ? (
          <p>No providers in this practice yet.</p>
        ) : (
          <CheckboxGroup
            className="field role-choices"
            value={value}
            onChange={(val) => {
              onChange(val);
              form.clear('providerIds');
            }}
            isInvalid={error !== undefined}
            validationBehavior="aria"
            name="providerIds"
          >
            <Label>Providers</Label>
            {d.providers.map((p) => (
              <Checkbox key={p.id} value={p.id} className="checkbox" data-testid={`provider-${p.id}`}>
                <span className="box" aria-hidden="true" />
                <span>{p.name}</span>
              </Checkbox>
            ))}
            <FieldError className="field-error">{error}</FieldError>
          </CheckboxGroup>
        )
      }
    </QueryState>
  );
}
