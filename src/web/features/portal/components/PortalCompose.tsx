// The portal's new-message form: the text, attached files, the practice's message-service buttons
// ("what your message is about") and Send; says what happened, and keeps the typed text on failure.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import type { DocumentInfo } from '../../../../shared/documents.js';
import { PortalMessageInput } from '../../../../shared/messages.js';
import { ErrorSummary, SubmitForm, useFormErrors, useSubmit } from '../../../components/forms.js';
import { LiveNotice } from '../../../components/LiveNotice.js';
import { explainFailure } from '../../../session/connection.js';
import { portalKeys } from '../../../session/portal.js';
import { attachmentError, attachmentLabels, AttachFiles, MessageBodyField } from '../../messages/index.js';
import type { usePortalServices } from '../api/portalServices.js';
import { portalUpload } from '../api/portalUpload.js';
import { sendPortalMessage } from '../api/sendPortalMessage.js';

export function Compose({ clientId, services }: { clientId: string; services: ReturnType<typeof usePortalServices> }) {
  const intl = useIntl();
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const [attached, setAttached] = useState<DocumentInfo[]>([]);
  // A new message starts a fresh attach control (no "Attached …" left from the last one).
  const [round, setRound] = useState(0);
  const [sent, setSent] = useState<string | null>(null);
  const form = useFormErrors({
    body: intl.formatMessage({ id: 'portal.compose.label.body', defaultMessage: 'Message' }),
    serviceId: intl.formatMessage({ id: 'portal.compose.label.service', defaultMessage: 'Message type' }),
    ...attachmentLabels(intl),
  });
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
        throw explainFailure(intl, e, intl.formatMessage({ id: 'portal.compose.notSent', defaultMessage: 'Your message was not sent' }));
      }
      setBody('');
      setAttached([]);
      setRound((r) => r + 1);
      const name = serviceId ? list.find((sv) => sv.id === serviceId)?.name : undefined;
      setSent(
        name
          ? intl.formatMessage({ id: 'portal.compose.sentTo', defaultMessage: 'Your message ({service}) was sent. Your practice will reply here.' }, { service: name })
          : intl.formatMessage({ id: 'portal.compose.sent', defaultMessage: 'Your message was sent. Your practice will reply here.' }),
      );
      await qc.invalidateQueries({ queryKey: portalKeys.thread(clientId) });
    });
  };

  return (
    <SubmitForm
      className="form inset"
      aria-label={intl.formatMessage({ id: 'portal.compose.form', defaultMessage: 'Write a message' })}
      data-testid="portal-compose"
      data-state={busy ? 'sending' : sent ? 'sent' : 'idle'}
      onSubmit={() => void send()}
    >
      <ErrorSummary form={form} testId="portal-compose-error" />
      <MessageBodyField
        label={intl.formatMessage({ id: 'portal.compose.new', defaultMessage: 'New message' })}
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
            <FormattedMessage id="portal.compose.choose" defaultMessage="Choose what your message is about, or send it to your care team." />
          </p>
          <div className="actions">
            {list.map((sv) => (
              <Button key={sv.id} className="btn" isDisabled={busy} onPress={() => void send(sv.id)} data-testid="portal-service-button" data-service-id={sv.id}>
                {sv.name}
              </Button>
            ))}
          </div>
        </div>
      ) : null}
      <div className="actions">
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid="portal-message-send">
          {busy ? (
            <FormattedMessage id="portal.compose.sending" defaultMessage="Sending…" />
          ) : (
            <FormattedMessage id="portal.compose.send" defaultMessage="Send to my care team" />
          )}
        </Button>
      </div>
      <LiveNotice testId="portal-message-sent">{sent}</LiveNotice>
    </SubmitForm>
  );
}
