// A client's documents, for staff and for the client in the portal alike: the whole list or a
// visible failure ("Couldn't load documents — retrying"), download links, and an upload form
// with a file input, a progress bar while sending, and the server's refusal named on the input.
import { QueryRetryNotice } from '../../../components/QueryState.js';
import type { UseQueryResult } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { DOCUMENT_ACCEPT, type DocumentInfo, type DocumentList, type DocumentUploader } from '../../../../shared/documents.js';
import { isApiError } from '../../../api/client.js';
import { formatDate } from '../../../components/format.js';
import { checkFile, formatBytes } from '../api/upload.js';
import { CancelUpload, UploadStatus, useUploadRun } from './UploadRun.js';
import './documents.css';

const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'image/heic': 'HEIC image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/msword': 'Word document',
};

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
            {isApiError(query.error) && query.error.status === 403
              ? "You don't have permission to see these documents."
              : isApiError(query.error) && query.error.status === 404
                ? 'These documents do not exist, or you may not see them.'
                : isApiError(query.error)
                  ? query.error.message
                  : "Couldn't load documents."}
          </p>
        ) : failing ? (
          <QueryRetryNotice query={query} what="documents" />
        ) : query.isSuccess ? (
          query.data.items.length === 0 ? (
            <p className="muted">{emptyText}</p>
          ) : (
            <ul className="doc-list" aria-label="Documents">
              {query.data.items.map((d) => (
                <li key={d.id} data-testid="document-row" data-document-id={d.id} data-name={d.name}>
                  <a href={downloadHref(d.id)} download={d.name} className="doc-name" data-testid="document-download">
                    {d.name}
                    <span className="visually-hidden"> (download)</span>
                  </a>
                  <span className="doc-meta">
                    {TYPE_LABELS[d.contentType] ?? d.contentType} · {formatBytes(d.size)} · {uploaderLabel(d.uploadedBy)},{' '}
                    {formatDate(d.createdAt)}
                  </span>
                  {sharing ? <ShareState doc={d} sharing={sharing} /> : null}
                </li>
              ))}
            </ul>
          )
        ) : (
          <p role="status" className="loading">
            Loading documents…
          </p>
        )}
      </div>
    </>
  );
}

/** Whether the client sees this document in the portal, and (for who may) a button to change it. */
function ShareState({ doc, sharing }: { doc: DocumentInfo; sharing: Sharing }) {
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
      setError(isApiError(e) ? e.message : 'Could not change sharing. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="doc-share" data-testid="document-sharing" data-shared={String(doc.sharedWithClient)}>
      <span className={doc.sharedWithClient ? 'doc-share-state shared' : 'doc-share-state'}>
        {own ? 'In the client’s portal (they uploaded it)' : doc.sharedWithClient ? 'Shared with the client in the portal' : 'Not shared with the client'}
      </span>
      {sharing.setShared && !own ? (
        <Button className="btn small" onPress={() => void change()} isDisabled={busy} data-testid="document-share-toggle" aria-label={`${doc.sharedWithClient ? 'Stop sharing' : 'Share'} ${doc.name} ${doc.sharedWithClient ? 'with' : 'with the client in'} the portal`}>
          {busy ? 'Saving…' : doc.sharedWithClient ? 'Stop sharing' : 'Share with client'}
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

function UploadForm({ upload, onUploaded, testId, askShare }: { upload: Upload; onUploaded: (doc: DocumentInfo) => Promise<unknown> | void; testId: string; askShare: boolean }) {
  const id = useId();
  const [share, setShare] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const uploading = useUploadRun();
  const { state, setState, busy } = uploading;

  const submit = async () => {
    if (!file) {
      setFieldError('Choose a file to upload.');
      setState({ kind: 'error', message: 'Choose a file to upload.' });
      return;
    }
    const problem = checkFile(file);
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
        const message = isApiError(e)
          ? e.field && e.message.startsWith(`${e.field}: `)
            ? `The file could not be uploaded: ${e.message.slice(e.field.length + 2)}.`
            : e.message
          : 'The file could not be uploaded. Please try again.';
        if (isApiError(e) && e.field) setFieldError(message);
        return message;
      },
    );
  };

  return (
    <form
      className="form inset upload-form"
      aria-label="Upload a document"
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
        <label htmlFor={`${id}-file`}>File to upload</label>
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
          PDF, Word document or image (PNG, JPEG, GIF, WebP, HEIC), up to 20 MB.
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
            Share with the client in the portal
            <span id={`${id}-share-hint`} className="field-description checkbox-hint">
              {share ? 'The client will see and download it in their portal.' : 'Only staff will see it. You can share it later from the list below.'}
            </span>
          </span>
        </Checkbox>
      ) : null}
      <UploadStatus state={state} done="Uploaded" testId={`${testId}-upload-status`} />
      <div className="actions">
        <Button type="submit" className="btn primary" isDisabled={busy} data-testid={`${testId}-upload-submit`}>
          {busy ? 'Uploading…' : 'Upload'}
        </Button>
        <CancelUpload upload={uploading} />
      </div>
    </form>
  );
}
