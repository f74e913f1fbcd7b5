// Earlier times offered from the waitlist: in the Appointments section, and on the page a waitlist
// mail links to.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import type { WaitlistOffer } from '../../../../shared/booking.js';
import { isApiError } from '../../../api/client.js';
import { acceptOffer } from '../api/acceptOffer.js';
import { useRefreshScheduling } from '../api/appointmentKeys.js';
import { usePortalBookingOptions } from '../api/bookingOptions.js';
import { usePortalOffer, usePortalOffers } from '../api/portalOffers.js';
import { LoadBlock } from './LoadBlock.js';
import { browserZone, errorText, when } from './appointmentParts.js';

const GONE = { id: 'portal.offer.gone', defaultMessage: 'Sorry, this time is no longer available.' };

// ---- offers from the waitlist ----

export function Offers({ clientId, zone }: { clientId: string; zone: string }) {
  const intl = useIntl();
  const offers = usePortalOffers(clientId);
  const open = offers.data?.items.filter((o) => o.status === 'open') ?? [];
  return (
    <LoadBlock query={offers} what={intl.formatMessage({ id: 'portal.offers.what', defaultMessage: 'offered times' })} testId="portal-offers" extra={{ 'data-count': open.length }}>
      {() =>
        open.length ? (
          <div className="notice">
            <h3>
              <FormattedMessage id="portal.offers.title" defaultMessage="Earlier times available" />
            </h3>
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
  const intl = useIntl();
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
      setError(isApiError(e) && e.status === 409 ? intl.formatMessage(GONE) : errorText(intl, e, { id: 'portal.offer.failed', defaultMessage: "Couldn't book this time. Please try again." }));
      await refresh();
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="card appt" data-testid="portal-offer" data-offer-id={offer.id}>
      <p>
        <FormattedMessage
          id="portal.offer.item"
          defaultMessage="<b>{when}</b> · {minutes} min with {provider}{hasService, select, yes { ({service})} other {}}"
          values={{ b: (c) => <strong>{c}</strong>, when: when(intl, offer.start, zone), minutes: offer.durationMinutes, provider: offer.providerName, service: offer.serviceName ?? '', hasService: offer.serviceName ? 'yes' : 'no' }}
        />
      </p>
      <p className="field-description">
        {offer.expiresAt === offer.start ? (
          <FormattedMessage id="portal.offer.untilStart" defaultMessage="The first person to accept gets it. You can accept it until it starts." />
        ) : (
          <FormattedMessage id="portal.offer.ends" defaultMessage="The first person to accept gets it. This offer ends {when}." values={{ when: when(intl, offer.expiresAt, zone) }} />
        )}
      </p>
      {taken ? null : (
        <div className="actions">
          <Button className="btn primary" isDisabled={busy} onPress={() => void take()} data-testid="portal-offer-accept">
            {busy ? <FormattedMessage id="portal.offer.booking" defaultMessage="Booking…" /> : <FormattedMessage id="portal.offer.take" defaultMessage="Take this time" />}
          </Button>
        </div>
      )}
      <div role="status" data-testid="portal-offer-result">
        {taken ? (
          <p className="notice">
            <FormattedMessage id="portal.offer.taken" defaultMessage="Booked. It is now in your upcoming appointments." />
          </p>
        ) : null}
        {error ? <p className="field-error">{error}</p> : null}
      </div>
    </li>
  );
}

// ---- an offer opened from its mail ----

/** /portal/offers/:offerId: the link in a waitlist mail, for whichever of this person's records it was made to. */
export function PortalOfferPage() {
  const intl = useIntl();
  const { offerId = '' } = useParams();
  const offer = usePortalOffer(offerId);
  const [taken, setTaken] = useState(false);
  return (
    <section aria-labelledby="portal-offer-h" data-testid="portal-offer-page">
      <p className="breadcrumb">
        <Link to="/portal">
          <FormattedMessage id="portal.breadcrumb.home" defaultMessage="← Your portal" />
        </Link>
      </p>
      <h1 id="portal-offer-h">
        <FormattedMessage id="portal.offer.pageTitle" defaultMessage="An earlier appointment time" />
      </h1>
      <LoadBlock query={offer} what={intl.formatMessage({ id: 'portal.offer.what', defaultMessage: 'this offer' })} testId="portal-offer-detail">
        {(o) => <OfferDetail offer={o} taken={taken} onTaken={() => setTaken(true)} />}
      </LoadBlock>
    </section>
  );
}

function OfferDetail({ offer, taken, onTaken }: { offer: WaitlistOffer; taken: boolean; onTaken: () => void }) {
  const intl = useIntl();
  const options = usePortalBookingOptions(offer.clientId);
  const zone = options.data?.clientTimeZone ?? browserZone();
  const link = `/portal/clients/${encodeURIComponent(offer.clientId)}/appointments`;
  return (
    <>
      {offer.status !== 'open' && !taken ? (
        <p role="alert" data-testid="portal-offer-gone">
          {offer.takenByYou
            ? intl.formatMessage({ id: 'portal.offer.yours', defaultMessage: 'You took this time: it is in your appointments.' })
            : offer.status === 'expired'
              ? intl.formatMessage({ id: 'portal.offer.expired', defaultMessage: 'This offer has ended.' })
              : intl.formatMessage(GONE)}
        </p>
      ) : (
        <ul className="appt-list">
          <OfferItem clientId={offer.clientId} offer={offer} zone={zone} onTaken={onTaken} />
        </ul>
      )}
      <p>
        <Link to={link}>
          <FormattedMessage id="portal.offer.toAppointments" defaultMessage="Go to your appointments" />
        </Link>
      </p>
    </>
  );
}
