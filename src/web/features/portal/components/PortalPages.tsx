// The signed-in portal: the practices this person is a client of, and for each client record
// its Messages (thread, and the compose form in ./PortalCompose.tsx), Billing (./PortalBilling.tsx),
// Documents (list, upload, download) and My details (read-only). Every word through react-intl.
import { useQueryClient } from '@tanstack/react-query';
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import type { z } from 'zod';
import type { PortalClient, PortalLink } from '../../../../shared/portal.js';
import { DocumentsView } from '../../documents/index.js';
import { ThreadView } from '../../messages/index.js';
import { usePortalClient } from '../api/portalClient.js';
import { portalDownloadHref, usePortalDocuments } from '../api/portalDocuments.js';
import { usePortalServices } from '../api/portalServices.js';
import { usePortalThread } from '../api/portalThread.js';
import { portalUpload } from '../api/portalUpload.js';
import { BillingSectionLink } from './PortalBillingNav.js';
import { portalKeys, usePortalMe } from '../../../session/portal.js';
import { phoneHref, usePhoneFormat } from '../../../components/phone.js';
import { AddressLines, Fact, IdentityFacts } from '../../../components/facts.js';
import { Compose } from './PortalCompose.js';
import { LoadBlock } from './LoadBlock.js';
import { SECTION_WORDS, SECTIONS } from './portalSections.js';
import { YOUR_PRACTICE } from './appointmentParts.js';

export { LoadBlock } from './LoadBlock.js';

type PortalLinkT = z.infer<typeof PortalLink>;

function useLink(): PortalLinkT | undefined {
  const { clientId = '' } = useParams();
  const me = usePortalMe();
  return me.data?.links.find((l) => l.clientId === clientId);
}

/** One client record: heading, the sections as navigation, and the section. */
export function PortalClientLayout() {
  const intl = useIntl();
  const link = useLink();
  if (!link) {
    return (
      <div data-testid="portal-record" data-ready="true" data-error="true">
        <h1>
          <FormattedMessage id="portal.record.notFound.title" defaultMessage="Not found" />
        </h1>
        <p role="alert">
          <FormattedMessage id="portal.record.notFound.text" defaultMessage="This record does not exist, or is not connected to your account." />
        </p>
        <p>
          <Link to="/portal">
            <FormattedMessage id="portal.record.back" defaultMessage="Back to your portal" />
          </Link>
        </p>
      </div>
    );
  }
  const base = `/portal/clients/${encodeURIComponent(link.clientId)}`;
  return (
    <div data-testid="portal-record" data-client-id={link.clientId}>
      <p className="breadcrumb">
        <Link to="/portal">
          <FormattedMessage id="portal.breadcrumb.home" defaultMessage="← Your portal" />
        </Link>
      </p>
      <h1>{link.practiceName}</h1>
      <nav aria-label={intl.formatMessage({ id: 'portal.record.nav', defaultMessage: 'Your record' })} className="subnav">
        <ul>
          {SECTIONS.map((sec) => (
            <li key={sec.path}>
              {sec.path === 'billing' ? <BillingSectionLink clientId={link.clientId} to={`${base}/${sec.path}`} /> : <NavLink to={`${base}/${sec.path}`}>{intl.formatMessage(sec.label)}</NavLink>}
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export function PortalMessagesPage() {
  const intl = useIntl();
  const link = useLink();
  const clientId = link?.clientId ?? '';
  const thread = usePortalThread(clientId);
  const services = usePortalServices(clientId);
  const serviceNames = new Map((services.data?.services ?? []).map((sv) => [sv.id, sv.name]));
  const practice = link?.practiceName ?? intl.formatMessage(YOUR_PRACTICE);
  return (
    <section aria-labelledby="portal-messages-h">
      <h2 id="portal-messages-h">{intl.formatMessage(SECTION_WORDS.messages)}</h2>
      <p className="field-description">
        <FormattedMessage id="portal.messages.emergency" defaultMessage="Messages are for questions that can wait. In an emergency, call 911 or your local emergency number." />
      </p>
      {/* The conversation first, the new message under it (as in any messaging app): on a phone a
          reply is what the client came to read, and it was below a screenful of compose form. */}
      <h3>
        <FormattedMessage id="portal.messages.conversation" defaultMessage="Conversation" />
      </h3>
      <LoadBlock query={thread} what={intl.formatMessage({ id: 'portal.messages.what', defaultMessage: 'your messages' })} testId="portal-thread" extra={{ 'data-count': thread.data?.messages.length }}>
        {(t) => (
          <ThreadView
            messages={t.messages}
            emptyText={intl.formatMessage({ id: 'portal.messages.empty', defaultMessage: 'No messages yet.' })}
            authorLabel={(m) => (m.authorType === 'client' ? intl.formatMessage({ id: 'portal.messages.you', defaultMessage: 'You' }) : practice)}
            serviceLabel={(id) => {
              const name = serviceNames.get(id);
              return name === undefined ? null : intl.formatMessage({ id: 'portal.messages.toService', defaultMessage: 'to {service}' }, { service: name });
            }}
            attachmentHref={(docId) => portalDownloadHref(clientId, docId)}
          />
        )}
      </LoadBlock>
      <Compose clientId={clientId} services={services} />
    </section>
  );
}

export function PortalDocumentsPage() {
  const intl = useIntl();
  const link = useLink();
  const clientId = link?.clientId ?? '';
  const qc = useQueryClient();
  const docs = usePortalDocuments(clientId);
  const practice = link?.practiceName ?? intl.formatMessage(YOUR_PRACTICE);
  return (
    <section aria-labelledby="portal-documents-h" data-testid="portal-documents">
      <h2 id="portal-documents-h">{intl.formatMessage(SECTION_WORDS.documents)}</h2>
      <p className="field-description">
        <FormattedMessage id="portal.documents.intro" defaultMessage="Share forms and documents with {practice}; download the ones they share with you." values={{ practice }} />
      </p>
      <DocumentsView
        query={docs}
        testId="portal-documents"
        downloadHref={(docId) => portalDownloadHref(clientId, docId)}
        upload={portalUpload(clientId)}
        onUploaded={() => qc.invalidateQueries({ queryKey: portalKeys.documents(clientId) })}
        uploaderLabel={(u) =>
          u.type === 'client'
            ? intl.formatMessage({ id: 'portal.documents.byYou', defaultMessage: 'Uploaded by you' })
            : intl.formatMessage({ id: 'portal.documents.byPractice', defaultMessage: 'Shared by {practice}' }, { practice })
        }
        emptyText={intl.formatMessage({ id: 'portal.documents.empty', defaultMessage: 'No documents yet.' })}
      />
    </section>
  );
}

const STATUS: Record<PortalClient['status'], MessageDescriptor> = defineMessages({
  active: { id: 'portal.details.status.active', defaultMessage: 'Active' },
  inactive: { id: 'portal.details.status.inactive', defaultMessage: 'Inactive' },
  discharged: { id: 'portal.details.status.discharged', defaultMessage: 'Discharged' },
});

const consent: Record<'email' | 'sms' | 'details', MessageDescriptor> = defineMessages({
  email: { id: 'portal.details.consent.email', defaultMessage: 'E-mail from the practice: {agreed, select, yes {agreed} other {not agreed}}' },
  sms: { id: 'portal.details.consent.sms', defaultMessage: 'Text messages: {agreed, select, yes {agreed} other {not agreed}}' },
  details: { id: 'portal.details.consent.details', defaultMessage: 'Appointment details in messages: {agreed, select, yes {agreed} other {not agreed}}' },
});

export function PortalDetailsPage() {
  const intl = useIntl();
  const link = useLink();
  const record = usePortalClient(link?.clientId ?? '');
  const practice = link?.practiceName ?? intl.formatMessage(YOUR_PRACTICE);
  const yes = (v: boolean) => ({ agreed: v ? 'yes' : 'no' });
  const formatPhone = usePhoneFormat();
  return (
    <section aria-labelledby="portal-details-h">
      <h2 id="portal-details-h">{intl.formatMessage(SECTION_WORDS.details)}</h2>
      <p className="field-description">
        <FormattedMessage id="portal.details.intro" defaultMessage="What {practice} has on file. To change anything, send them a message." values={{ practice }} />
      </p>
      <LoadBlock query={record} what={intl.formatMessage({ id: 'portal.details.what', defaultMessage: 'your details' })} testId="portal-details">
        {(c) => (
          <>
            <dl className="facts">
              <IdentityFacts c={c} dobTestId="portal-dob" />
              <Fact label={intl.formatMessage({ id: 'portal.details.email', defaultMessage: 'Email' })} testId="portal-email">
                {c.email}
              </Fact>
              <Fact label={intl.formatMessage({ id: 'portal.details.phone', defaultMessage: 'Phone' })}>{c.phone ? <a href={phoneHref(c.phone)}>{formatPhone(c.phone)}</a> : null}</Fact>
              <Fact label={intl.formatMessage({ id: 'portal.details.address', defaultMessage: 'Address' })}>{c.address ? <AddressLines address={c.address} /> : null}</Fact>
              <Fact label={intl.formatMessage({ id: 'portal.details.status', defaultMessage: 'Status' })}>{intl.formatMessage(STATUS[c.status])}</Fact>
            </dl>
            <h3>
              <FormattedMessage id="portal.details.choices" defaultMessage="Communication choices" />
            </h3>
            <ul className="consent-list">
              <li>{intl.formatMessage(consent.email, yes(c.consents.email))}</li>
              <li>{intl.formatMessage(consent.sms, yes(c.consents.sms))}</li>
              <li>{intl.formatMessage(consent.details, yes(c.consents.details))}</li>
            </ul>
          </>
        )}
      </LoadBlock>
    </section>
  );
}
