// "Attach file" for a message being written (portal compose, staff reply): each chosen file is
// checked, then uploaded at once as one of the client's documents, with its progress announced;
// the message is then sent with the uploaded documents' ids. A refusal is announced and named.
// Removing a file from the message leaves it in the client's documents.
import { useId } from 'react';
import { Button, FileTrigger } from 'react-aria-components';
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { DOCUMENT_ACCEPT, type DocumentInfo } from '../../../../shared/documents.js';
import { MAX_ATTACHMENTS } from '../../../../shared/messages.js';
import { fieldReason, isApiError } from '../../../api/client.js';
import { apiProblemText } from '../../../components/problemText.js';
import { CancelUpload, type Upload, UploadStatus, checkFile, formatBytes, useUploadRun } from '../../documents/index.js';

const ACCEPTED = DOCUMENT_ACCEPT.split(',');

const m: Record<'tooMany' | 'refused' | 'tryAgain', MessageDescriptor> = defineMessages({
  tooMany: { id: 'messages.attach.tooMany', defaultMessage: 'A message can carry at most {max, plural, one {# file} other {# files}}.' },
  refused: { id: 'messages.attach.refused', defaultMessage: '{file} could not be attached: {reason}' },
  tryAgain: { id: 'messages.attach.tryAgain', defaultMessage: 'Please try again.' },
});

export function AttachFiles({
  upload,
  attached,
  onChange,
  onUploaded,
  isDisabled,
  error,
  testId,
}: {
  upload: Upload;
  attached: DocumentInfo[];
  onChange: (next: DocumentInfo[]) => void;
  /** A file became one of the client's documents (lists showing them are out of date). */
  onUploaded?: (doc: DocumentInfo) => Promise<unknown> | void;
  isDisabled?: boolean;
  /** The server's refusal of an attachment when the message was sent. */
  error?: string | undefined;
  testId: string;
}) {
  const intl = useIntl();
  const id = useId();
  const uploading = useUploadRun();
  const { state, setState, busy } = uploading;
  const room = MAX_ATTACHMENTS - attached.length;

  const pick = async (files: FileList | null) => {
    const chosen = [...(files ?? [])];
    if (!chosen.length) return;
    if (chosen.length > room) {
      setState({ kind: 'error', message: intl.formatMessage(m.tooMany, { max: MAX_ATTACHMENTS }) });
      return;
    }
    let next = attached;
    for (const file of chosen) {
      const problem = checkFile(file, intl);
      if (problem) {
        setState({ kind: 'error', message: intl.formatMessage(m.refused, { file: file.name, reason: problem }) });
        return;
      }
      const attachedOne = await uploading.run(
        file.name,
        async (signal, onProgress) => {
          const doc = await upload(file, onProgress, signal);
          next = [...next, doc];
          onChange(next);
          await onUploaded?.(doc);
          setState({ kind: 'done', name: doc.name });
        },
        (e) => {
          const field = isApiError(e) ? fieldReason(e) : null;
          const reason = isApiError(e) ? (field !== null ? `${field}.` : apiProblemText(intl, e)) : intl.formatMessage(m.tryAgain);
          return intl.formatMessage(m.refused, { file: file.name, reason });
        },
      );
      if (!attachedOne) return;
    }
  };

  const problem = state.kind === 'error' ? state.message : error;
  return (
    <div className="attach" data-testid={testId} data-state={state.kind} data-count={attached.length}>
      <div className="actions">
        <FileTrigger acceptedFileTypes={ACCEPTED} allowsMultiple onSelect={(files) => void pick(files)} data-testid={`${testId}-input`}>
          <Button className="btn" isDisabled={isDisabled || busy || room <= 0} aria-describedby={`${id}-hint${problem ? ` ${id}-err` : ''}`} data-testid={`${testId}-button`}>
            <FormattedMessage id="messages.attach.button" defaultMessage="Attach file" />
          </Button>
        </FileTrigger>
        <CancelUpload upload={uploading} />
      </div>
      <p id={`${id}-hint`} className="field-description">
        <FormattedMessage
          id="messages.attach.hint"
          defaultMessage="Up to {max} files: PDF, Word document or image (PNG, JPEG, GIF, WebP, HEIC), up to 20 MB each. Attached files are also kept in Documents."
          values={{ max: MAX_ATTACHMENTS }}
        />
      </p>
      <UploadStatus state={state} done="Attached" testId={`${testId}-status`} />
      <div role="alert" data-testid={`${testId}-error`}>
        {problem ? (
          <p id={`${id}-err`} className="field-error">
            {problem}
          </p>
        ) : null}
      </div>
      {attached.length ? (
        <ul className="attach-list" aria-label={intl.formatMessage({ id: 'messages.attach.list', defaultMessage: 'Files attached to this message' })}>
          {attached.map((d) => (
            <li key={d.id} data-testid="attached-file" data-name={d.name}>
              <span className="doc-name">{d.name}</span> <span className="doc-meta">{formatBytes(d.size)}</span>
              <Button
                className="btn link"
                isDisabled={isDisabled}
                onPress={() => {
                  onChange(attached.filter((x) => x.id !== d.id));
                  setState({ kind: 'idle' });
                }}
                aria-label={intl.formatMessage({ id: 'messages.attach.remove.label', defaultMessage: 'Remove {file} from this message' }, { file: d.name })}
              >
                <FormattedMessage id="messages.attach.remove" defaultMessage="Remove" />
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
