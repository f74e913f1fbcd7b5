// The practice's own Stripe account (owner): a restricted key and the webhook signing secret, sent
// once and never shown back; then "Connected: acct_…" and Disconnect. The webhook address to paste
// into Stripe's dashboard is shown with a Copy button.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { StripeConnect, type BillingSettings } from '../../../../shared/billing.js';
import { Card } from '../../../components/Card.js';
import { ErrorSummary, Field, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { useBillingSettingsActions } from '../api/settings.js';
import { shortDate } from '../model/labels.js';
import { ConfirmDialog } from './InvoiceDialogs.js';

export function StripeCard({ settings, practiceId, canWrite }: { settings: BillingSettings; practiceId: string; canWrite: boolean }) {
  const { connectStripe, disconnectStripe } = useBillingSettingsActions();
  const form = useFormErrors({ secretKey: 'Restricted key', webhookSecret: 'Webhook signing secret' });
  const { busy, submit } = useSubmit(form);
  const [secretKey, setSecretKey] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState(false);
  const webhookUrl = `${window.location.origin}/api/billing/stripe/webhook/${practiceId}`;
  const s = settings.stripe;
  return (
    <Card id="stripe-h" title="Card payments (Stripe)" testId="stripe-card">
      <p>Clients pay by card on Stripe’s own page; card numbers never reach Hearth. Connect the practice’s Stripe account with a restricted key.</p>
      <p className="field-label">Webhook address to add in Stripe (Developers → Webhooks)</p>
      <div className="actions">
        <code className="webhook-url" data-testid="stripe-webhook-url">
          {webhookUrl}
        </code>
        <Button
          className="btn small"
          onPress={() => {
            void navigator.clipboard?.writeText(webhookUrl).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy address'}
        </Button>
      </div>
      {s.connected ? (
        <div className="actions" data-testid="stripe-connected">
          <span>
            <strong>Connected: {s.accountLabel ?? 'Stripe account'}</strong>
            {s.connectedAt ? <span className="muted"> since {shortDate(s.connectedAt)}</span> : null}
          </span>
          {canWrite ? (
            <Button className="btn danger" onPress={() => setConfirming(true)} data-testid="stripe-disconnect">
              Disconnect
            </Button>
          ) : null}
        </div>
      ) : canWrite ? (
        <SubmitForm
          aria-label="Connect Stripe"
          onSubmit={() =>
            void submit(StripeConnect.safeParse({ secretKey: secretKey.trim(), webhookSecret: webhookSecret.trim() }), async (body) => {
              await connectStripe(body);
              setSecretKey('');
              setWebhookSecret('');
            })
          }
        >
          <ErrorSummary form={form} testId="stripe-error" />
          <Field name="secretKey" label="Restricted key" type="password" autoComplete="off" value={secretKey} onChange={setSecretKey} form={form} testId="stripe-secret-key" description="Starts with rk_live_ (or rk_test_ while trying it out). Stored encrypted; never shown again." />
          <Field name="webhookSecret" label="Webhook signing secret" type="password" autoComplete="off" value={webhookSecret} onChange={setWebhookSecret} form={form} testId="stripe-webhook-secret" description="Starts with whsec_; Stripe shows it on the webhook’s page." />
          <Button type="submit" className="btn primary" isDisabled={busy} data-testid="stripe-connect">
            {busy ? 'Checking with Stripe…' : 'Connect Stripe'}
          </Button>
        </SubmitForm>
      ) : (
        <p className="muted" data-testid="stripe-not-connected">
          Not connected.
        </p>
      )}
      {confirming ? (
        <ConfirmDialog
          title="Disconnect Stripe?"
          body="Clients will no longer be able to pay by card, and autopay stops. Payments already made are kept."
          confirm="Disconnect"
          danger
          onConfirm={async () => {
            await disconnectStripe();
            setConfirming(false);
          }}
          onClose={() => setConfirming(false)}
          testId="stripe-disconnect-dialog"
        />
      ) : null}
    </Card>
  );
}
