// /billing/profile: a provider's own credentials, licence and NPI, as superbills print them.
import { useMe } from '../../../session/useMe.js';
import { billingAccess } from '../model/access.js';
import { BillingTabs } from './BillingTabs.js';
import { ProviderProfileCard } from './ProviderProfileCard.js';
import './billing.css';

export function MyBillingProfilePage() {
  const me = useMe();
  if (!me.data) return null;
  return (
    <div data-testid="my-billing-profile-page">
      <h1>Billing</h1>
      <BillingTabs current="profile" settings={billingAccess(me.data.permissions).settings} profile />
      <ProviderProfileCard selfId={me.data.user.id} chooseProvider={false} />
    </div>
  );
}
