// The booking dialog's clients: those chosen so far (each removable), a search to add another, and
// for two or more the format (couple, family, group).
import { Button } from 'react-aria-components';
import type { AppointmentFormat } from '../../../../shared/scheduling.js';
import type { FormErrorsApi } from '../../../components/forms.js';
import { SelectField } from '../../../components/SelectField.js';
import { ClientPicker, type PickedClient } from './ClientPicker.js';

export function BookingClients({
  clients,
  setClients,
  format,
  setFormat,
  form,
}: {
  clients: PickedClient[];
  setClients: (update: (prev: PickedClient[]) => PickedClient[]) => void;
  format: AppointmentFormat;
  setFormat: (f: AppointmentFormat) => void;
  form: FormErrorsApi;
}) {
  const clientsError = Object.entries(form.errors).find(([k]) => k === 'clientIds' || k.startsWith('clientIds.'))?.[1];
  return (
    <>
      <div className="field" role="group" aria-labelledby="booking-clients-label">
        <span id="booking-clients-label" className="field-label">
          Clients <span aria-hidden="true">*</span>
        </span>
        {clients.length ? (
          <ul className="chips" data-testid="booking-clients">
            {clients.map((c) => (
              <li key={c.id} className="chip" data-client-id={c.id}>
                <span>{c.name}</span>
                <Button className="btn small" onPress={() => setClients(() => clients.filter((x) => x.id !== c.id))} aria-label={`Remove ${c.name}`}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="field-description">No client chosen yet.</p>
        )}
        <ClientPicker
          name="clientIds"
          label={clients.length ? 'Add another client' : 'Find a client'}
          onPick={(c) => {
            setClients((prev) => [...prev, c]);
            form.clear('clientIds');
            for (const k of Object.keys(form.errors)) if (k.startsWith('clientIds.')) form.clear(k);
          }}
          exclude={clients.map((c) => c.id)}
          testId="booking-client"
        />
        {clientsError ? (
          <p className="field-error" data-testid="booking-clients-error">
            {clientsError}
          </p>
        ) : null}
      </div>
      {clients.length > 1 ? (
        <SelectField
          name="format"
          label="Format"
          value={format}
          onChange={(v) => setFormat(v as AppointmentFormat)}
          options={[
            ...(clients.length === 2 ? [{ id: 'couple', label: 'Couple' }] : []),
            { id: 'family', label: 'Family' },
            { id: 'group', label: 'Group' },
          ]}
          form={form}
        />
      ) : null}
    </>
  );
}
