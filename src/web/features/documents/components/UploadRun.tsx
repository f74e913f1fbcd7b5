// One upload at a time, for the documents' upload form and a message's attachments alike: its
// state (announced by UploadStatus), the run of one file with its progress, and its Cancel button.
import { useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';

export type UploadState =
  | { kind: 'idle' }
  | { kind: 'uploading'; name: string; fraction: number }
  | { kind: 'done'; name: string }
  | { kind: 'error'; message: string };

/** The live status of an upload (shared with message attachments): its progress, then "Uploaded x." or "Attached x.". */
export function UploadStatus({ state, done, testId }: { state: UploadState; done: 'Uploaded' | 'Attached'; testId: string }) {
  const intl = useIntl();
  const percent = state.kind === 'uploading' ? Math.round(state.fraction * 100) : 0;
  return (
    <div role="status" data-testid={testId}>
      {state.kind === 'uploading' ? (
        <div className="upload-progress">
          <span>
            <FormattedMessage id="documents.upload.progress" defaultMessage="Uploading {name}… {percent}%" values={{ name: state.name, percent }} />
          </span>
          <progress max={100} value={percent} aria-label={intl.formatMessage({ id: 'documents.upload.progressLabel', defaultMessage: 'Uploading {name}' }, { name: state.name })} />
        </div>
      ) : state.kind === 'done' ? (
        <p className="notice">
          <FormattedMessage id="documents.upload.done" defaultMessage="{done, select, Attached {Attached {name}.} other {Uploaded {name}.}}" values={{ done, name: state.name }} />
        </p>
      ) : null}
    </div>
  );
}

/**
 * One file's upload: `work` sends it with the signal and reports progress into the state (and
 * sets it done); a cancel returns to idle and any other failure becomes the error `failed` words.
 * True when the work finished.
 */
export function useUploadRun() {
  const abort = useRef<AbortController | null>(null);
  const [state, setState] = useState<UploadState>({ kind: 'idle' });
  const busy = state.kind === 'uploading';
  const run = async (name: string, work: (signal: AbortSignal, onProgress: (fraction: number) => void) => Promise<void>, failed: (e: unknown) => string) => {
    const ctrl = new AbortController();
    abort.current = ctrl;
    setState({ kind: 'uploading', name, fraction: 0 });
    try {
      await work(ctrl.signal, (fraction) => setState({ kind: 'uploading', name, fraction }));
      return true;
    } catch (e) {
      setState(e instanceof DOMException && e.name === 'AbortError' ? { kind: 'idle' } : { kind: 'error', message: failed(e) });
      return false;
    } finally {
      abort.current = null;
    }
  };
  return { state, setState, busy, run, cancel: () => abort.current?.abort() };
}

/** "Cancel upload", shown while a file is uploading. */
export function CancelUpload({ upload }: { upload: ReturnType<typeof useUploadRun> }) {
  return upload.busy ? (
    <Button className="btn" onPress={upload.cancel}>
      <FormattedMessage id="documents.upload.cancel" defaultMessage="Cancel upload" />
    </Button>
  ) : null;
}
