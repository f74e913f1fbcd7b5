// The signed-in portal: the practices this person is a client of, and for each client record
// its Messages (thread and compose, with the practice's message-service buttons and attached
// files), Billing (./PortalBilling.tsx), Documents
// (list, upload, download) and My details (read-only).
import { QueryRetryNotice } from '../../../components/QueryState.js';
import type { UseQueryResult } from '@tanstack/react-query';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import type { z } from 'zod';
import type { DocumentInfo } from '../../../../shared/documents.js';
import { PortalMessageInput } from '../../../../shared/messages.js';
import type { PortalClient, PortalLink } from '../../../../shared/portal.js';
import { isApiError } from '../../../api/client.js';
import { ErrorSummary, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { explainFailure } from '../../../session/connection.js';
import { DocumentsView } from '../../documents/index.js';
import { ATTACHMENT_LABELS, attachmentError, AttachFiles, MessageBodyField, ThreadView } from '../../messages/index.js';
import { usePortalClient } from '../api/portalClient.js';
import { portalDownloadHref, usePortalDocuments } from '../api/portalDocuments.js';
import { usePortalServices } from '../api/portalServices.js';
import { usePortalThread } from '../api/portalThread.js';
import { portalUpload } from '../api/portalUpload.js';
import { sendPortalMessage } from '../api/sendPortalMessage.js';
import { PortalMeasuresDue } from '../../measures/index.js';
import { PortalCurrentCalls } from './PortalCalls.js';
import { PortalNextAppointment } from './PortalNextAppointment.js';
import { PortalSecurity } from './PortalSecurity.js';
import { BillingSectionLink } from './PortalBillingNav.js';
import { portalKeys, usePortalMe } from '../../../session/portal.js';
import { formatPhone, phoneHref } from '../../../components/format.js';
import { AddressLines, Fact, IdentityFacts } from '../../../components/facts.js';
import { LiveNotice } from '../../../components/LiveNotice.js';
import { PortalFormsDue } from '../../forms/index.js';

type PortalLinkT = z.infer<typeof PortalLink>;

const displayName = (l: PortalLinkT) => l.preferredName ?? l.firstName;

/** A practice's pages in the portal, in the order its card and its navigation list them ("Messages with Practice"). */
const SECTIONS = [
  { path: 'messages', label: 'Messages', where: 'with' },
  { path: 'documents', label: 'Documents', where: 'with' },
  { path: 'appointments', label: 'Appointments', where: 'with' },
  { path: 'billing', label: 'Billing', where: 'at' },
  { path: 'treatment-plans', label: 'Treatment plan', where: 'with' },
  { path: 'details', label: 'My details', where: 'at' },
] as const;

export function PortalHome() {
  const me = usePortalMe();
  const links = me.data?.links ?? [];
  return (
    <div data-testid="portal-home" data-ready={me.isSuccess ? 'true' : 'false'} data-links={links.length}>
      <h1>Your client portal</h1>
      <PortalCurrentCalls />
      <PortalFormsDue />
      <PortalMeasuresDue />
      {links.length === 0 ? (
        <p className="notice">
          Your account is not connected to a practice yet. When your practice invites you to the portal, open the link in their e-mail to connect it.
        </p>
      ) : (
        <>
          <p>Message your practice, see and request appointments, share documents and check the details they hold about you.</p>
          <ul className="portal-links" aria-label="Your practices">
            {links.map((l) => {
              const base = `/portal/clients/${encodeURIComponent(l.clientId)}`;
              return (
                <li key={l.clientId} className="card" data-testid="portal-link" data-client-id={l.clientId}>
                  <h2>{l.practiceName}</h2>
                  <p className="muted">Your record as {displayName(l)}</p>
                  <PortalNextAppointment clientId={l.clientId} />
                  <ul className="portal-link-actions">
                    {SECTIONS.map((s, i) => (
                      <li key={s.path}>
                        <Link className={i === 0 ? 'btn primary' : 'btn'} to={`${base}/${s.path}`} data-testid={`portal-open-${s.path}`}>
                          {s.label}
                          <span className="visually-hidden">{` ${s.where} ${l.practiceName}`}</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {me.data ? <PortalSecurity me={me.data} /> : null}
    </div>
  );
}

function useLink(): PortalLinkT | undefined {
  const { clientId = '' } = useParams();
  const me = usePortalMe();
  return me.data?.links.find((l) => l.clientId === clientId);
}

/** One client record: heading, the three sections as navigation, and the section. */
export function PortalClientLayout() {
  const link = useLink();
  if (!link) {
    return (
      <div data-testid="portal-record" data-ready="true" data-error="true">
        <h1>Not found</h1>
        <p role="alert">This record does not exist, or is not connected to your account.</p>
        <p>
          <Link to="/portal">Back to your portal</Link>
        </p>
      </div>
    );
  }
  const base = `/portal/clients/${encodeURIComponent(link.clientId)}`;
  return (
    <div data-testid="portal-record" data-client-id={link.clientId}>
      <p className="breadcrumb">
        <Link to="/portal">← Your portal</Link>
      </p>
      <h1>{link.practiceName}</h1>
      <nav aria-label="Your record" className="subnav">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.path}>
              {s.path === 'billing' ? <BillingSectionLink clientId={link.clientId} to={`${base}/${s.path}`} /> : <NavLink to={`${base}/${s.path}`}>{s.label}</NavLink>}
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export function LoadBlock<T>({ query, what, testId, children, extra }: { query: UseQueryResult<T, unknown>; what: string; testId: string; children: (d: T) => ReactNode; extra?: Record<string, string | number | undefined> }) {
  const failing = query.isError || (query.failureCount > 0 && query.isFetching);
  const final = query.isError && isApiError(query.error) && query.error.status >= 400 && query.error.status < 500 && query.error.status !== 429;
  return (
    <div data-testid={testId} data-ready={query.isSuccess && !failing && !query.isFetching ? 'true' : 'false'} data-error={failing ? 'true' : undefined} {...extra}>
      {final ? (
        <p role="alert" className="query-error">
          {isApiError(query.error) && query.error.status === 404 ? `This ${what} does not exist, or you may not see it.` : isApiError(query.error) ? query.error.message : `Couldn't load ${what}.`}
        </p>
      ) : failing ? (
        <QueryRetryNotice query={query} what={what} />
      ) : query.isSuccess ? (
        children(query.data)
      ) : (
        <p role="status" className="loading">
          Loading {what}…
        </p>
      )}
    </div>
  );
}

export function PortalMessagesPage() {
  const link = useLink();
  const clientId = link?.clientId ?? '';
  const thread = usePortalThread(clientId);
  const services = usePortalServices(clientId);
  const serviceNames = new Map((services.data?.services ?? []).map((s) => [s.id, s.name]));
  return (
    <section aria-labelledby="portal-messages-h">
      <h2 id="portal-messages-h">Messages</h2>
      <p className="field-description">Messages are for questions that can wait. In an emergency, call 911 or your local emergency number.</p>
      {/* The conversation first, the new message under it (as in any messaging app): on a phone a
          reply is what the client came to read, and it was below a screenful of compose form. */}
      <h3>Conversation</h3>
      <LoadBlock query={thread} what="messages" testId="portal-thread" extra={{ 'data-count': thread.data?.messages.length }}>
        {(t) => (
          <ThreadView
            messages={t.messages}
            emptyText="No messages yet."
            authorLabel={(m) => (m.authorType === 'client' ? 'You' : link?.practiceName ?? 'Your practice')}
            serviceLabel={(id) => (serviceNames.has(id) ? `to ${serviceNames.get(id)}` : null)}
            attachmentHref={(docId) => portalDownloadHref(clientId, docId)}
          />
        )}
      </LoadBlock>
      <Compose clientId={clientId} services={services} />
    </section>
  );
}

function Compose({ clientId, services }: { clientId: string; services: ReturnType<typeof usePortalServices> }) {
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const [attached, setAttached] = useState<DocumentInfo[]>([]);
  // A new message starts a fresh attach control (no "Attached …" left from the last one).
  const [round, setRound] = useState(0);
  const [sent, setSent] = useState<string | null>(null);
  const form = useFormErrors({ body: 'Message', serviceId: 'Message type', ...ATTACHMENT_LABELS });
  const { busy, submit } = useSubmit(form);
  const list = services.data?.services ?? [];

  const send = async (serviceId?: string) => {
    setSent(null);
    const parsed = PortalMessageInput.safeParse({ body, ...(serviceId ? { serviceId } : {}), ...(attached.length ? { documentIds: attached.map((d) => d.id) } : {}) });
    await submit(parsed, async (data) => {
      try {
        await sendPortalMessage(clientId, data);
      } catch (e) {
        // Say what happened (server unreachable, or refused and why); the typed text stays.
        throw explainFailure(e, 'Your message was not sent');
      }
      setBody('');
      setAttached([]);
      setRound((r) => r + 1);
      const name = serviceId ? list.find((s) => s.id === serviceId)?.name : undefined;
      setSent(name ? `Your message (${name}) was sent. Your practice will reply here.` : 'Your message was sent. Your practice will reply here.');
      await qc.invalidateQueries({ queryKey: portalKeys.thread(clientId) });
    });
  };

  return (
    <SubmitForm
      className="form inset"
      aria-label="Write a message"
      data-testid="portal-compose"
      data-state={busy ? 'sending' : sent ? 'sent' : 'idle'}
      onSubmit={() => void send()}
    >
      <ErrorSummary form={form} testId="portal-compose-error" />
      <MessageBodyField
        label="New message"
        rows={5}
        testId="portal-message-body"
        value={body}
        onChange={(v) => {
          setBody(v);
          setSent(null);
        }}
        form={form}
      />
      <AttachFiles
        key={round}
        upload={portalUpload(clientId, 'message')}
        attached={attached}
        onChange={(next) => {
          setAttached(next);
          setSent(null);
          form.clear();
        }}
        onUploaded={() => qc.invalidateQueries({ queryKey: portalKeys.documents(clientId) })}
        isDisabled={busy}
        error={attachmentError(form.errors)}
        testId="portal-attach"
      />
      {list.length > 0 ? (
        <div role="group" aria-labelledby="portal-send-to" className="send-choices">
          <p id="portal-send-to" className="field-description">
            Choose what your message is about, or send it to your care team.
          </p>
          <div className="actions">
            {list.map((s) => (
              <Button key={s.id} className="btn" isDisabled={busy} onPress={() => void send(s.id)} data-testid="portal-service-button" data-service-id={s.id}>
                {s.name}
              </Button>
            ))}
          </div>
        </div>
      ) : null}
      <div className="actions">
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-message-send">
          {busy ? 'Sending…' : 'Send to my care team'}
        </Button>
      </div>
      <LiveNotice testId="portal-message-sent">{sent}</LiveNotice>
    </SubmitForm>
  );
}

export function PortalDocumentsPage() {
  const link = useLink();
  const clientId = link?.clientId ?? '';
  const qc = useQueryClient();
  const docs = usePortalDocuments(clientId);
  return (
    <section aria-labelledby="portal-documents-h" data-testid="portal-documents">
      <h2 id="portal-documents-h">Documents</h2>
      <p className="field-description">Share forms and documents with {link?.practiceName ?? 'your practice'}; download the ones they share with you.</p>
      <DocumentsView
        query={docs}
        testId="portal-documents"
        downloadHref={(docId) => portalDownloadHref(clientId, docId)}
        upload={portalUpload(clientId)}
        onUploaded={() => qc.invalidateQueries({ queryKey: portalKeys.documents(clientId) })}
        uploaderLabel={(u) => (u.type === 'client' ? 'Uploaded by you' : `Shared by ${link?.practiceName ?? 'your practice'}`)}
        emptyText="No documents yet."
      />
    </section>
  );
}

const STATUS: Record<PortalClient['status'], string> = { active: 'Active', inactive: 'Inactive', discharged: 'Discharged' };

export function PortalDetailsPage() {
  const link = useLink();
  const record = usePortalClient(link?.clientId ?? '');
  return (
    <section aria-labelledby="portal-details-h">
      <h2 id="portal-details-h">My details</h2>
      <p className="field-description">What {link?.practiceName ?? 'your practice'} has on file. To change anything, send them a message.</p>
      <LoadBlock query={record} what="your details" testId="portal-details">
        {(c) => (
          <>
            <dl className="facts">
              <IdentityFacts c={c} dobTestId="portal-dob" />
              <Fact label="Email" testId="portal-email">
                {c.email}
              </Fact>
              <Fact label="Phone">{c.phone ? <a href={phoneHref(c.phone)}>{formatPhone(c.phone)}</a> : null}</Fact>
              <Fact label="Address">
                {c.address ? <AddressLines address={c.address} /> : null}
              </Fact>
              <Fact label="Status">{STATUS[c.status]}</Fact>
            </dl>
            <h3>Communication choices</h3>
            <ul className="consent-list">
              <li>E-mail from the practice: {c.consents.email ? 'agreed' : 'not agreed'}</li>
              <li>Text messages: {c.consents.sms ? 'agreed' : 'not agreed'}</li>
              <li>Appointment details in messages: {c.consents.details ? 'agreed' : 'not agreed'}</li>
            </ul>
          </>
        )}
      </LoadBlock>
    </section>
  );
}
