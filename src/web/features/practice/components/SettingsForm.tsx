// The practice's general settings: name, whether staff must use two-step verification, the idle
// sign-out, whether providers see every client, and whether clients get mail when staff reply.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { UpdatePracticeRequest } from '../../../../shared/api.js';
import { formatDate } from '../../../components/format.js';
import { ErrorSummary, Field, NumberField, SubmitForm, typedNumber, useFormErrors, useSavedNote } from '../../../components/forms.js';
import { Toggle } from '../../../components/Toggle.js';
import { type Settings, useSavePracticeSettings } from '../api/settings.js';

export function SettingsForm({ settings, canWrite }: { settings: Settings; canWrite: boolean }) {
  const saveSettings = useSavePracticeSettings();
  const [name, setName] = useState(settings.name);
  const [requireMfa, setRequireMfa] = useState(settings.requireMfa);
  const [idle, setIdle] = useState(String(settings.idleTimeoutMinutes));
  const [seeAll, setSeeAll] = useState(settings.providersSeeAllClients ?? false);
  const [replyMail, setReplyMail] = useState(settings.replyMailToClients);
  const { saved, setSaved, edited } = useSavedNote();
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ name: 'Practice name', requireMfa: 'Require two-step verification', idleTimeoutMinutes: 'Idle timeout', providersSeeAllClients: 'Providers see all clients', replyMailToClients: 'Mail clients when staff reply' });

  const save = async () => {
    const minutes = typedNumber(idle);
    const parsed = UpdatePracticeRequest.safeParse({ name, requireMfa, idleTimeoutMinutes: minutes });
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setSaved(false);
    setBusy(true);
    try {
      const body: Record<string, unknown> = { ...parsed.data };
      if (settings.providersSeeAllClients !== undefined) body.providersSeeAllClients = seeAll;
      body.replyMailToClients = replyMail;
      await saveSettings(body, () => setSaved(true));
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="settings-h" className="card">
      <h2 id="settings-h">General</h2>
      {settings.demo ? <p className="notice">This is the demo practice: its data is made up and reset regularly.</p> : null}
      {!settings.requireMfa ? (
        <p className="notice warn" data-testid="mfa-not-required">
          Two-step verification is not required in this practice: staff can sign in with a password alone. Turn it on
          below to require it for everyone.
        </p>
      ) : (
        <p data-testid="mfa-required">Two-step verification is required for everyone in this practice.</p>
      )}
      {settings.baa ? (
        <p>
          Business Associate Agreement version {settings.baa.version} accepted by {settings.baa.signerName} (
          {settings.baa.signerTitle}) on {formatDate(settings.baa.acceptedAt)}.
        </p>
      ) : (
        <p className="notice warn">The Business Associate Agreement has not been accepted yet.</p>
      )}
      <SubmitForm aria-labelledby="settings-h" onSubmit={() => void save()}>
        <ErrorSummary form={form} />
        {saved ? <p role="status">Settings saved.</p> : null}
        <Field name="name" label="Practice name" value={name} onChange={setName} form={form} isRequired />
        <Toggle isSelected={requireMfa} onChange={edited(setRequireMfa)} isDisabled={!canWrite} testId="require-mfa">
          Require two-step verification for all staff
        </Toggle>
        {settings.providersSeeAllClients !== undefined ? (
          <Toggle isSelected={seeAll} onChange={edited(setSeeAll)} isDisabled={!canWrite} testId="providers-see-all-clients">
            Providers can see every client in the practice (otherwise only the clients assigned to them)
          </Toggle>
        ) : null}
        <Toggle isSelected={replyMail} onChange={edited(setReplyMail)} isDisabled={!canWrite} testId="reply-mail-to-clients">
          Mail a client when staff reply to their message (the mail says only that a new message waits in the portal: no name, no content)
        </Toggle>
        <NumberField
          name="idleTimeoutMinutes"
          label="Sign out after this many minutes without activity"
          min={5}
          max={30}
          description="Between 5 and 30 minutes."
          value={idle}
          onChange={setIdle}
          form={form}
          isRequired
        />
        {canWrite ? (
          <Button type="submit" className="btn primary" isDisabled={busy}>
            Save settings
          </Button>
        ) : null}
      </SubmitForm>
    </section>
  );
}
