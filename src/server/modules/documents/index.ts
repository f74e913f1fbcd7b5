// The documents module's public face: a client's encrypted files (staff and portal uploads, files
// shared in a call) and where their bytes are kept.
import path from 'node:path';
import { defineModule } from '../contract.js';
import { LocalBlobStore } from './blob-store.js';
import { DocumentService } from './service.js';

export { DocumentService, type DocumentActor, type DownloadedDocument } from './service.js';
export { LocalBlobStore, type BlobStore } from './blob-store.js';
export { checkFile, checkFilename, filenameFromHeader } from './upload-input.js';
export { contentDisposition } from './disposition.js';

declare module '../contract.js' {
  interface ServiceRegistry { documents: DocumentService }
}

export const documentsModule = defineModule({
  name: 'documents',
  needs: ['clients', 'practices'],
  // Encrypted documents live in a directory under DATA_DIR unless a store is given (e.g. S3-compatible).
  build: (ctx, { clients, practices }) => new DocumentService(ctx, clients, practices, ctx.deps.blobStore ?? new LocalBlobStore(path.join(ctx.config.dataDir, 'documents'))),
  routes: async (app, documents) => (await import('./routes.js')).documentRoutes(app, documents),
});
