// The client's requests for a time (and their answers), and the waitlist. The form to request a
// time is ./PortalRequestForm.tsx.
import { useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import type { BookingOptions } from '../../../../shared/booking.js';
import { ErrorSummary, useFormErrors } from '../../../components/forms.js';
import { LiveNotice } from '../../../components/LiveNotice.js';
import { NativeSelect } from '../../../components/NativeSelect.js';
import { useRefreshScheduling } from '../api/appointmentKeys.js';
import { joinWaitlist } from '../api/joinWaitlist.js';
import { leaveWaitlist } from '../api/leaveWaitlist.js';
import { usePortalRequests } from '../api/portalRequests.js';
import { usePortalWaitlist } from '../api/portalWaitlist.js';
import { withdrawRequest } from '../api/withdrawRequest.js';
import { errorText, REQUEST_LABEL, when } from './appointmentParts.js';
import { LoadBlock } from './LoadBlock.js';

/** Marks between words and facts (not words themselves). */
const SPACE = ' ';

export { RequestForm } from './PortalRequestForm.js';

const hidden = (c: ReactNode[]) => <span className="visually-hidden">{c}</span>;

// ---- requests ----

export function Requests({ clientId, zone }: { clientId: string; zone: string }) {
  const intl = useIntl();
  const requests = usePortalRequests(clientId);
  const refresh = useRefreshScheduling(clientId);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const withdraw = async (id: string) => {
    setBusyId(id);
    setError(null);
    try {
      await withdrawRequest(clientId, id);
      await refresh();
    } catch (e) {
      setError(errorText(intl, e, { id: 'portal.requests.withdrawFailed', defaultMessage: "Couldn't withdraw the request. Please try again." }));
    } finally {
      setBusyId(null);
    }
  };
  const items = requests.data?.items ?? [];
  return (
    <>
      <h3>
        <FormattedMessage id="portal.requests.title" defaultMessage="Your requests" />
      </h3>
      <LoadBlock query={requests} what={intl.formatMessage({ id: 'portal.requests.what', defaultMessage: 'your requests' })} testId="portal-requests" extra={{ 'data-count': items.length }}>
        {(d) =>
          d.items.length ? (
            <ul className="rows">
              {d.items.map((r) => (
                <li key={r.id} data-testid="portal-request" data-request-id={r.id} data-status={r.status}>
                  <span>
                    <FormattedMessage
                      id="portal.requests.item"
                      defaultMessage="<b>{when}</b> · {service} with {provider}"
                      values={{ b: (c) => <strong>{c}</strong>, when: when(intl, r.start, zone), service: r.serviceName, provider: r.providerName }}
                    />
                    <br />
                    <span className="muted">{intl.formatMessage(REQUEST_LABEL[r.status])}</span>
                    {r.declineReason ? (
                      <span className="muted">
                        {SPACE}
                        <FormattedMessage id="portal.requests.reason" defaultMessage="— “{reason}”" values={{ reason: r.declineReason }} />
                      </span>
                    ) : null}
                  </span>
                  {r.status === 'pending' ? (
                    <Button className="btn small" isDisabled={busyId === r.id} onPress={() => void withdraw(r.id)} data-testid="portal-request-withdraw">
                      {busyId === r.id ? (
                        <FormattedMessage id="portal.requests.withdrawing" defaultMessage="Withdrawing…" />
                      ) : (
                        <FormattedMessage id="portal.requests.withdraw" defaultMessage="Withdraw<h> request for {when}</h>" values={{ h: hidden, when: when(intl, r.start, zone) }} />
                      )}
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">
              <FormattedMessage id="portal.requests.none" defaultMessage="No requests." />
            </p>
          )
        }
      </LoadBlock>
      <div role="status">{error ? <p className="field-error">{error}</p> : null}</div>
    </>
  );
}

// ---- waitlist ----

export function Waitlist({ clientId, options }: { clientId: string; options: BookingOptions }) {
  const intl = useIntl();
  const entries = usePortalWaitlist(clientId);
  const refresh = useRefreshScheduling(clientId);
  const [providerId, setProviderId] = useState(options.providers[0]?.id ?? '');
  const [serviceId, setServiceId] = useState('any');
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormErrors({
    providerId: intl.formatMessage({ id: 'portal.book.provider', defaultMessage: 'Provider' }),
    serviceId: intl.formatMessage({ id: 'portal.book.service', defaultMessage: 'Service' }),
  });
  if (!options.providers.length) {
    return (
      <p className="muted">
        <FormattedMessage id="portal.waitlist.noProvider" defaultMessage="The waitlist opens once the practice assigns you a provider." />
      </p>
    );
  }
  /** One change to the waitlist (`key` is busy meanwhile): then the list afresh and `message`, or the refusal on the form. */
  const change = async (key: string, action: () => Promise<unknown>, message: string) => {
    setDone(null);
    setBusy(key);
    try {
      await action();
      await refresh();
      setDone(message);
    } catch (e) {
      form.fromApi(e);
    } finally {
      setBusy(null);
    }
  };
  const join = () => {
    form.clear();
    const joined = intl.formatMessage({ id: 'portal.waitlist.joined', defaultMessage: 'You are on the waitlist. If an earlier time opens up, we’ll e-mail you and show it here.' });
    return change('join', () => joinWaitlist(clientId, serviceId === 'any' ? { providerId } : { providerId, serviceId }), joined);
  };
  const leave = (id: string) => change(id, () => leaveWaitlist(clientId, id), intl.formatMessage({ id: 'portal.waitlist.left', defaultMessage: 'You left the waitlist.' }));
  return (
    <div data-testid="portal-waitlist">
      <p className="field-description">
        <FormattedMessage
          id="portal.waitlist.intro"
          defaultMessage="Ask for an earlier time: when an appointment with your provider is cancelled, everyone waiting is offered the time, and the first to accept gets it."
        />
      </p>
      <LoadBlock query={entries} what={intl.formatMessage({ id: 'portal.waitlist.what', defaultMessage: 'your waitlist' })} testId="portal-waitlist-entries" extra={{ 'data-count': entries.data?.items.length }}>
        {(d) =>
          d.items.length ? (
            <ul className="rows">
              {d.items.map((e) => (
                <li key={e.id} data-testid="portal-waitlist-entry">
                  <span>
                    <FormattedMessage
                      id="portal.waitlist.entry"
                      defaultMessage="Waiting for an earlier time with {provider}{hasService, select, yes { ({service})} other {}}"
                      values={{ provider: e.providerName, service: e.serviceName ?? '', hasService: e.serviceName ? 'yes' : 'no' }}
                    />
                  </span>
                  <Button className="btn small" isDisabled={busy === e.id} onPress={() => void leave(e.id)} data-testid="portal-waitlist-leave">
                    {busy === e.id ? (
                      <FormattedMessage id="portal.waitlist.leaving" defaultMessage="Leaving…" />
                    ) : (
                      <FormattedMessage id="portal.waitlist.leave" defaultMessage="Leave<h> the waitlist for {provider}</h>" values={{ h: hidden, provider: e.providerName }} />
                    )}
                  </Button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">
              <FormattedMessage id="portal.waitlist.none" defaultMessage="You are not on a waitlist." />
            </p>
          )
        }
      </LoadBlock>
      <div className="form inset">
        <ErrorSummary form={form} testId="portal-waitlist-error" />
        <div className="grid-2">
          <NativeSelect name="providerId" label={form.labels.providerId!} value={providerId} onChange={setProviderId} options={options.providers.map((p) => ({ id: p.id, label: p.name }))} form={form} testId="portal-waitlist-provider" />
          <NativeSelect
            name="serviceId"
            label={form.labels.serviceId!}
            value={serviceId}
            onChange={setServiceId}
            options={[{ id: 'any', label: intl.formatMessage({ id: 'portal.waitlist.anyService', defaultMessage: 'Any' }) }, ...options.services.map((s) => ({ id: s.id, label: s.name }))]}
            form={form}
            testId="portal-waitlist-service"
          />
        </div>
        <div className="actions">
          <Button className="btn" isDisabled={busy === 'join'} onPress={() => void join()} data-testid="portal-waitlist-join">
            {busy === 'join' ? <FormattedMessage id="portal.waitlist.joining" defaultMessage="Joining…" /> : <FormattedMessage id="portal.waitlist.join" defaultMessage="Join the waitlist" />}
          </Button>
        </div>
        <LiveNotice testId="portal-waitlist-done">{done}</LiveNotice>
      </div>
    </div>
  );
}
