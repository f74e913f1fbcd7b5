// A provider's billing profile (credentials, licence, NPI), printed on superbills. A provider
// edits their own; an owner chooses the provider.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { ProviderBillingProfile } from '../../../../shared/billing.js';
import { Card } from '../../../components/Card.js';
import { ErrorSummary, Field, SubmitForm, useFormErrors, useSavedNote, useSubmit } from '../../../components/forms.js';
import { SelectField } from '../../../components/SelectField.js';
import { providerOptions, useProviders } from '../../../lib/providers.js';
import { type ProviderProfileView, useProviderProfile, useSaveProviderProfile } from '../api/settings.js';

export function ProviderProfileCard({ selfId, chooseProvider }: { selfId: string; chooseProvider: boolean }) {
  const providers = useProviders();
  const list = providers.data?.providers ?? [];
  const [chosen, setChosen] = useState(chooseProvider ? '' : selfId);
  const userId = chosen || (chooseProvider ? (list[0]?.id ?? '') : selfId);
  return (
    <Card id="provider-billing-h" title={chooseProvider ? 'Providers on superbills' : 'Your details on superbills'} testId="provider-billing-card">
      {chooseProvider ? <SelectField name="provider" label="Provider" value={userId} onChange={setChosen} options={providerOptions(list)} testId="provider-billing-choose" /> : null}
      {userId ? <ProfileForm key={userId} userId={userId} /> : <p className="muted">No providers yet.</p>}
    </Card>
  );
}

function ProfileForm({ userId }: { userId: string }) {
  const profile = useProviderProfile(userId);
  const save = useSaveProviderProfile();
  if (profile.isPending) return <p className="loading">Loading the billing profile…</p>;
  if (profile.isError) return <p className="field-error">Couldn’t load the billing profile.</p>;
  return <ProfileFields userId={userId} initial={profile.data} save={save} />;
}

function ProfileFields({ userId, initial, save }: { userId: string; initial: ProviderProfileView; save: ReturnType<typeof useSaveProviderProfile> }) {
  const form = useFormErrors({ credentials: 'Credentials', licence: 'Licence', npi: 'NPI' });
  const { busy, submit } = useSubmit(form);
  const { saved, setSaved, edited } = useSavedNote();
  const [credentials, setCredentials] = useState(initial.credentials ?? '');
  const [licence, setLicence] = useState(initial.licence ?? '');
  const [npi, setNpi] = useState(initial.npi ?? '');
  return (
    <SubmitForm
      aria-label="Billing profile"
      onSubmit={() =>
        void submit(ProviderBillingProfile.safeParse({ credentials: credentials.trim(), licence: licence.trim(), npi: npi.trim() }), async (body) => {
          await save(userId, body);
          setSaved(true);
        })
      }
    >
      <ErrorSummary form={form} testId="provider-billing-error" />
      <div className="grid-2">
        <Field name="credentials" label="Credentials" value={credentials} onChange={edited(setCredentials)} form={form} testId="provider-credentials" description="e.g. LCSW, PhD" maxLength={100} />
        <Field name="licence" label="Licence" value={licence} onChange={edited(setLicence)} form={form} testId="provider-licence" description="State and number, e.g. CA LCSW 12345" maxLength={100} />
        <Field name="npi" label="NPI" value={npi} onChange={edited(setNpi)} form={form} testId="provider-npi" inputMode="numeric" description="10 digits" />
      </div>
      <div className="actions">
        <Button type="submit" className="btn" isDisabled={busy} data-testid="provider-billing-save">
          Save billing profile
        </Button>
        <span role="status">{saved ? 'Saved.' : ''}</span>
      </div>
    </SubmitForm>
  );
}
