// "Billing" in the practice settings: the settings form, the Stripe connection, payers, the
// diagnosis code list and the providers' billing profiles. Owners change them; billing staff and
// compliance read them.
import { Card } from '../../../components/Card.js';
import { QueryState } from '../../../components/QueryState.js';
import { useMe } from '../../../session/useMe.js';
import { useBillingSettings } from '../api/settings.js';
import { billingAccess } from '../model/access.js';
import { BillingSettingsForm } from './BillingSettingsForm.js';
import { DiagnosisCodesCard, PayersCard } from './CodingCards.js';
import { ProviderProfileCard } from './ProviderProfileCard.js';
import { ReconciliationCard } from './ReconciliationCard.js';
import { StripeCard } from './StripeCard.js';
import './billing.css';

export function BillingSettingsSection() {
  const me = useMe();
  const access = billingAccess(me.data?.permissions);
  const readsSettings = access.readSettings;
  const settings = useBillingSettings(readsSettings);
  if (!me.data) return null;
  // A provider edits their own superbill details under Billing (/billing/profile).
  if (!readsSettings) return null;
  return (
    <section aria-labelledby="billing-h" data-testid="billing-settings">
      <h2 id="billing-h">Billing</h2>
      <Card id="billing-settings-h" title="Invoices" testId="billing-settings-card">
        <QueryState query={settings} what="billing settings" testId="billing-settings-state">
          {(s) => <BillingSettingsForm settings={s} canWrite={access.settings} />}
        </QueryState>
      </Card>
      <QueryState query={settings} what="the Stripe connection" testId="stripe-state">
        {(s) => (
          <>
            <StripeCard settings={s} practiceId={me.data.practice.id} canWrite={access.settings} />
            {s.stripe.connected ? <ReconciliationCard currency={s.currency} /> : null}
          </>
        )}
      </QueryState>
      <PayersCard canWrite={access.settings} />
      <DiagnosisCodesCard canWrite={access.settings} />
      <ProviderProfileCard selfId={me.data.user.id} chooseProvider />
    </section>
  );
}
