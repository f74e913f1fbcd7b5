// The Documents tab of a staff member's client profile: list, download, upload.
import { useQueryClient } from '@tanstack/react-query';
import type { DocumentUploader } from '../../../../shared/documents.js';
import { useMe } from '../../../session/useMe.js';
import { useProviders } from '../../../lib/providers.js';
import { setDocumentShared } from '../api/shareDocument.js';
import { documentKeys, staffDownloadHref, useStaffDocuments } from '../api/staffDocuments.js';
import { staffUpload } from '../api/staffUpload.js';
import { DocumentsView } from './DocumentsView.js';

export function ClientDocumentsPanel({ clientId }: { clientId: string }) {
  const me = useMe();
  const qc = useQueryClient();
  const docs = useStaffDocuments(clientId);
  const providers = useProviders();
  const canWrite = me.data?.permissions.includes('clients.write') ?? false;
  const names = new Map((providers.data?.providers ?? []).map((p) => [p.id, p.name]));
  const uploaderLabel = (u: DocumentUploader) =>
    u.type === 'client' ? 'Uploaded by the client' : u.id === me.data?.user.id ? 'Uploaded by you' : `Uploaded by ${names.get(u.id) ?? 'staff'}`;
  return (
    <section aria-labelledby="documents-h" className="card" id="documents" data-testid="client-documents">
      <h2 id="documents-h">Documents</h2>
      <DocumentsView
        query={docs}
        testId="staff-documents"
        downloadHref={(docId) => staffDownloadHref(clientId, docId)}
        upload={canWrite ? staffUpload(clientId) : undefined}
        onUploaded={() => qc.invalidateQueries({ queryKey: documentKeys.list(clientId) })}
        uploaderLabel={uploaderLabel}
        emptyText="No documents yet."
        sharing={{
          setShared: canWrite
            ? async (doc, shared) => {
                await setDocumentShared(clientId, doc.id, shared);
                await qc.invalidateQueries({ queryKey: documentKeys.list(clientId) });
              }
            : undefined,
        }}
      />
    </section>
  );
}
