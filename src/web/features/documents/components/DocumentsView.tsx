// A client's documents, for staff and for the client in the portal alike: the whole list or a
// visible failure ("Couldn't load documents — retrying"), download links, and an upload form
// with a file input, a progress bar while sending, and the server's refusal named on the input.
import { QueryRetryNotice } from '../../../components/QueryState.js';
import type { UseQueryResult } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { defineMessages, FormattedMessage, useIntl, type IntlShape, type MessageDescriptor } from 'react-intl';
import { DOCUMENT_ACCEPT, type DocumentInfo, type DocumentList, type DocumentUploader } from '../../../../shared/documents.js';
import { fieldReason, isApiError } from '../../../api/client.js';
import { formatDate } from '../../../components/format.js';
import { apiProblemText } from '../../../components/problemText.js';
import { checkFile, formatBytes } from '../api/upload.js';
import { CancelUpload, UploadStatus, useUploadRun } from './UploadRun.js';
import './documents.css';

const types = defineMessages({
  pdf: { id: 'documents.type.pdf', defaultMessage: 'PDF' },
  image: { id: 'documents.type.image', defaultMessage: '{kind} image' },
  word: { id: 'documents.type.word', defaultMessage: 'Word document' },
});
/** Each accepted content type: its words, and the image format's name for images. */
const TYPE_LABELS: Record<string, { msg: MessageDescriptor; kind?: string }> = {
  'application/pdf': { msg: types.pdf },
  'image/png': { msg: types.image, kind: 'PNG' },
  'image/jpeg': { msg: types.image, kind: 'JPEG' },
  'image/gif': { msg: types.image, kind: 'GIF' },
  'image/webp': { msg: types.image, kind: 'WebP' },
  'image/heic': { msg: types.image, kind: 'HEIC' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { msg: types.word },
  'application/msword': { msg: types.word },
};

function typeLabel(intl: IntlShape, contentType: string): string {
  const t = TYPE_LABELS[contentType];
  return t ? intl.formatMessage(t.msg, { kind: t.kind ?? '' }) : contentType;
}

const words: Record<'forbidden' | 'notFound' | 'failed' | 'chooseFile' | 'refused' | 'uploadFailed', MessageDescriptor> = defineMessages({
  forbidden: { id: 'documents.list.forbidden', defaultMessage: "You don't have permission to see these documents." },
  notFound: { id: 'documents.list.notFound', defaultMessage: 'These documents do not exist, or you may not see them.' },
  failed: { id: 'documents.list.failed', defaultMessage: "Couldn't load documents." },
  chooseFile: { id: 'documents.upload.chooseFile', defaultMessage: 'Choose a file to upload.' },
  refused: { id: 'documents.upload.refused', defaultMessage: 'The file could not be uploaded: {reason}.' },
  uploadFailed: { id: 'documents.upload.failed', defaultMessage: 'The file could not be uploaded. Please try again.' },
});

/** Why the list could not load, in plain words (the server's own words for other refusals). */
function listProblem(intl: IntlShape, e: unknown): string {
  if (!isApiError(e)) return intl.formatMessage(words.failed);
  if (e.status === 403) return intl.formatMessage(words.forbidden);
  if (e.status === 404) return intl.formatMessage(words.notFound);
  return apiProblemText(intl, e);
}

const hidden = (c: React.ReactNode[]) => <span className="visually-hidden">{c}</span>;

export type Upload = (file: File, onProgress: (fraction: number) => void, signal: AbortSignal, opts?: { share?: boolean }) => Promise<DocumentInfo>;

/** Staff only: sharing a document with the client in the portal, at upload and later. */
export interface Sharing {
  /** Absent: this person may see but not change what is shared. */
  setShared?: (doc: DocumentInfo, shared: boolean) => Promise<unknown>;
}

export function DocumentsView({
  query,
  downloadHref,
  upload,
  onUploaded,
  uploaderLabel,
  testId,
  emptyText,
  sharing,
}: {
  query: UseQueryResult<DocumentList, unknown>;
  downloadHref: (docId: string) => string;
  /** Absent: this person may not upload here. */
  upload?: Upload;
  onUploaded: (doc: DocumentInfo) => Promise<unknown> | void;
  uploaderLabel: (u: DocumentUploader) => string;
  testId: string;
  emptyText: string;
  /** Staff: each document says whether the client sees it in the portal; the upload form asks. */
  sharing?: Sharing;
}) {
  const intl = useIntl();
  const failing = query.isError || (query.failureCount > 0 && query.isFetching);
  const settled = query.isSuccess && !failing && !query.isFetching;
  const finalError = query.isError && isApiError(query.error) && query.error.status >= 400 && query.error.status < 500 && query.error.status !== 429;
  return (
    <>
      {upload ? <UploadForm upload={upload} onUploaded={onUploaded} testId={testId} askShare={sharing !== undefined} /> : null}
      <div
        data-testid={`${testId}-list`}
        data-ready={settled ? 'true' : 'false'}
        data-error={failing ? 'true' : undefined}
        data-count={query.isSuccess && !failing ? query.data.items.length : undefined}
        aria-busy={query.isFetching && !failing}
      >
        {finalError ? (
          <p role="alert" className="query-error" data-error="true">
            {listProblem(intl, query.error)}
          </p>
        ) : failing ? (
          <QueryRetryNotice query={query} what={intl.formatMessage({ id: 'documents.list.what', defaultMessage: 'documents' })} />
        ) : query.isSuccess ? (
          query.data.items.length === 0 ? (
            <p className="muted">{emptyText}</p>
          ) : (
            <ul className="doc-list" aria-label={intl.formatMessage({ id: 'documents.list.label', defaultMessage: 'Documents' })}>
              {query.data.items.map((d) => (
                <li key={d.id} data-testid="document-row" data-document-id={d.id} data-name={d.name}>
                  <a href={downloadHref(d.id)} download={d.name} className="doc-name" data-testid="document-download">
                    <FormattedMessage id="documents.list.download" defaultMessage="{name}<h> (download)</h>" values={{ name: d.name, h: hidden }} />
                  </a>
                  <span className="doc-meta">
                    <FormattedMessage
                      id="documents.list.meta"
                      defaultMessage="{type} · {size} · {by}, {date}"
                      values={{ type: typeLabel(intl, d.contentType), size: formatBytes(d.size), by: uploaderLabel(d.uploadedBy), date: formatDate(d.createdAt) }}
                    />
                  </span>
                  {sharing ? <ShareState doc={d} sharing={sharing} /> : null}
                </li>
              ))}
            </ul>
          )
        ) : (
          <p role="status" className="loading">
            <FormattedMessage id="documents.list.loading" defaultMessage="Loading documents…" />
          </p>
        )}
      </div>
    </>
  );
}

/** Whether the client sees this document in the portal, and (for who may) a button to change it. */
function ShareState({ doc, sharing }: { doc: DocumentInfo; sharing: Sharing }) {
  const intl = useIntl();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const own = doc.uploadedBy.type === 'client';
  const change = async () => {
    if (!sharing.setShared) return;
    setBusy(true);
    setError(null);
    try {
      await sharing.setShared(doc, !doc.sharedWithClient);
    } catch (e) {
      setError(isApiError(e) ? e.message : intl.formatMessage({ id: 'documents.share.failed', defaultMessage: 'Could not change sharing. Please try again.' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="doc-share" data-testid="document-sharing" data-shared={String(doc.sharedWithClient)}>
      <span className={doc.sharedWithClient ? 'doc-share-state shared' : 'doc-share-state'}>
        <FormattedMessage
          id="documents.share.state"
          defaultMessage="{state, select, own {In the client’s portal (they uploaded it)} shared {Shared with the client in the portal} other {Not shared with the client}}"
          values={{ state: own ? 'own' : doc.sharedWithClient ? 'shared' : 'not' }}
        />
      </span>
      {sharing.setShared && !own ? (
        <Button className="btn small" onPress={() => void change()} isDisabled={busy} data-testid="document-share-toggle" aria-label={intl.formatMessage(
            {
              id: 'documents.share.toggleLabel',
              defaultMessage: '{shared, select, yes {Stop sharing {name} with the portal} other {Share {name} with the client in the portal}}',
            },
            { shared: doc.sharedWithClient ? 'yes' : 'no', name: doc.name },
          )}>
          <FormattedMessage
            id="documents.share.toggle"
            defaultMessage="{state, select, busy {Saving…} shared {Stop sharing} other {Share with client}}"
            values={{ state: busy ? 'busy' : doc.sharedWithClient ? 'shared' : 'not' }}
          />
        </Button>
      ) : null}
      {error ? (
        <span role="alert" className="field-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/**
 * Why an upload failed: the server's reason for a named field, else its message (no answer at all
 * worded by its code: apiProblemText), else a retry hint.
 */
function uploadProblem(intl: IntlShape, e: unknown): string {
  if (!isApiError(e)) return intl.formatMessage(words.uploadFailed);
  const reason = fieldReason(e);
  return reason !== null ? intl.formatMessage(words.refused, { reason }) : apiProblemText(intl, e);
}

function UploadForm({ upload, onUploaded, testId, askShare }: { upload: Upload; onUploaded: (doc: DocumentInfo) => Promise<unknown> | void; testId: string; askShare: boolean }) {
  const intl = useIntl();
  const id = useId();
  const [share, setShare] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const uploading = useUploadRun();
  const { state, setState, busy } = uploading;

  const submit = async () => {
    if (!file) {
      const message = intl.formatMessage(words.chooseFile);
      setFieldError(message);
      setState({ kind: 'error', message });
      return;
    }
    const problem = checkFile(file, intl);
    if (problem) {
      setFieldError(problem);
      setState({ kind: 'error', message: problem });
      return;
    }
    setFieldError(null);
    await uploading.run(
      file.name,
      async (signal, onProgress) => {
        const doc = await upload(file, onProgress, signal, askShare ? { share } : undefined);
        await onUploaded(doc);
        setState({ kind: 'done', name: doc.name });
        setFile(null);
        setShare(false);
        if (inputRef.current) inputRef.current.value = '';
      },
      (e) => {
        const message = uploadProblem(intl, e);
        if (isApiError(e) && e.field) setFieldError(message);
        return message;
      },
    );
  };

  return (
    <form
      className="form inset upload-form"
      aria-label={intl.formatMessage({ id: 'documents.upload.formLabel', defaultMessage: 'Upload a document' })}
      data-testid={`${testId}-upload`}
      data-state={state.kind}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div role="alert" className={state.kind === 'error' ? 'error-summary' : undefined} data-testid={`${testId}-upload-error`}>
        {state.kind === 'error' ? <p>{state.message}</p> : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>
          <FormattedMessage id="documents.upload.fileLabel" defaultMessage="File to upload" />
        </label>
        <input
          ref={inputRef}
          id={`${id}-file`}
          type="file"
          accept={DOCUMENT_ACCEPT}
          aria-describedby={`${id}-hint${fieldError ? ` ${id}-err` : ''}`}
          aria-invalid={fieldError ? true : undefined}
          disabled={busy}
          data-testid={`${testId}-file`}
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0] ?? null);
            setFieldError(null);
            if (state.kind !== 'uploading') setState({ kind: 'idle' });
          }}
        />
        <p id={`${id}-hint`} className="field-description">
          <FormattedMessage id="documents.upload.hint" defaultMessage="PDF, Word document or image (PNG, JPEG, GIF, WebP, HEIC), up to 20 MB." />
        </p>
        {fieldError ? (
          <p id={`${id}-err`} className="field-error">
            {fieldError}
          </p>
        ) : null}
      </div>
      {askShare ? (
        <Checkbox className="checkbox" isSelected={share} onChange={setShare} isDisabled={busy} data-testid={`${testId}-share`} aria-describedby={`${id}-share-hint`}>
          <span className="box" aria-hidden="true" />
          <span>
            <FormattedMessage id="documents.upload.share" defaultMessage="Share with the client in the portal" />
            <span id={`${id}-share-hint`} className="field-description checkbox-hint">
              {share ? (
                <FormattedMessage id="documents.upload.shareOn" defaultMessage="The client will see and download it in their portal." />
              ) : (
                <FormattedMessage id="documents.upload.shareOff" defaultMessage="Only staff will see it. You can share it later from the list below." />
              )}
            </span>
          </span>
        </Checkbox>
      ) : null}
      <UploadStatus state={state} done="Uploaded" testId={`${testId}-upload-status`} />
      <div className="actions">
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid={`${testId}-upload-submit`}>
          {busy ? <FormattedMessage id="documents.upload.busy" defaultMessage="Uploading…" /> : <FormattedMessage id="documents.upload.submit" defaultMessage="Upload" />}
        </Button>
        <CancelUpload upload={uploading} />
      </div>
    </form>
  );
}
