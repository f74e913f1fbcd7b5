// Earlier times offered from the waitlist: in the Appointments section, and on the page a waitlist
// mail links to.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useParams } from 'react-router';
import type { WaitlistOffer } from '../../../../shared/booking.js';
import { isApiError } from '../../../api/client.js';
import { acceptOffer } from '../api/acceptOffer.js';
import { useRefreshScheduling } from '../api/appointmentKeys.js';
import { usePortalBookingOptions } from '../api/bookingOptions.js';
import { usePortalOffer, usePortalOffers } from '../api/portalOffers.js';
import { LoadBlock } from './PortalPages.js';
import { browserZone, errorText, when } from './appointmentParts.js';

// ---- offers from the waitlist ----

export function Offers({ clientId, zone }: { clientId: string; zone: string }) {
  const offers = usePortalOffers(clientId);
  const open = offers.data?.items.filter((o) => o.status === 'open') ?? [];
  return (
    <LoadBlock query={offers} what="offered times" testId="portal-offers" extra={{ 'data-count': open.length }}>
      {() =>
        open.length ? (
          <div className="notice">
            <h3>Earlier times available</h3>
            <ul className="appt-list">
              {open.map((o) => (
                <OfferItem key={o.id} clientId={clientId} offer={o} zone={zone} />
              ))}
            </ul>
          </div>
        ) : null
      }
    </LoadBlock>
  );
}

export function OfferItem({ clientId, offer, zone, onTaken }: { clientId: string; offer: WaitlistOffer; zone: string; onTaken?: () => void }) {
  const refresh = useRefreshScheduling(clientId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [taken, setTaken] = useState(false);
  const take = async () => {
    setBusy(true);
    setError(null);
    try {
      await acceptOffer(clientId, offer.id);
      await refresh();
      setTaken(true);
      onTaken?.();
    } catch (e) {
      setError(isApiError(e) && e.status === 409 ? 'Sorry, this time is no longer available.' : errorText(e, "Couldn't book this time. Please try again."));
      await refresh();
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="card appt" data-testid="portal-offer" data-offer-id={offer.id}>
      <p>
        <strong>{when(offer.start, zone)}</strong> · {offer.durationMinutes} min with {offer.providerName}
        {offer.serviceName ? ` (${offer.serviceName})` : ''}
      </p>
      <p className="field-description">
        The first person to accept gets it. {offer.expiresAt === offer.start ? 'You can accept it until it starts.' : `This offer ends ${when(offer.expiresAt, zone)}.`}
      </p>
      {taken ? null : (
        <div className="actions">
          <Button className="btn primary" isDisabled={busy} onPress={() => void take()} data-testid="portal-offer-accept">
            {busy ? 'Booking…' : 'Take this time'}
          </Button>
        </div>
      )}
      <div role="status" data-testid="portal-offer-result">
        {taken ? <p className="notice">Booked. It is now in your upcoming appointments.</p> : null}
        {error ? <p className="field-error">{error}</p> : null}
      </div>
    </li>
  );
}

// ---- an offer opened from its mail ----

/** /portal/offers/:offerId: the link in a waitlist mail, for whichever of this person's records it was made to. */
export function PortalOfferPage() {
  const { offerId = '' } = useParams();
  const offer = usePortalOffer(offerId);
  const [taken, setTaken] = useState(false);
  return (
    <section aria-labelledby="portal-offer-h" data-testid="portal-offer-page">
      <p className="breadcrumb">
        <Link to="/portal">← Your portal</Link>
      </p>
      <h1 id="portal-offer-h">An earlier appointment time</h1>
      <LoadBlock query={offer} what="this offer" testId="portal-offer-detail">
        {(o) => <OfferDetail offer={o} taken={taken} onTaken={() => setTaken(true)} />}
      </LoadBlock>
    </section>
  );
}

function OfferDetail({ offer, taken, onTaken }: { offer: WaitlistOffer; taken: boolean; onTaken: () => void }) {
  const options = usePortalBookingOptions(offer.clientId);
  const zone = options.data?.clientTimeZone ?? browserZone();
  const link = `/portal/clients/${encodeURIComponent(offer.clientId)}/appointments`;
  return (
    <>
      {offer.status !== 'open' && !taken ? (
        <p role="alert" data-testid="portal-offer-gone">
          {offer.takenByYou ? 'You took this time: it is in your appointments.' : offer.status === 'expired' ? 'This offer has ended.' : 'Sorry, this time is no longer available.'}
        </p>
      ) : (
        <ul className="appt-list">
          <OfferItem clientId={offer.clientId} offer={offer} zone={zone} onTaken={onTaken} />
        </ul>
      )}
      <p>
        <Link to={link}>Go to your appointments</Link>
      </p>
    </>
  );
}
