// The documents module's public face: a client's encrypted files (staff and portal uploads, files
// shared in a call) and where their bytes are kept.
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { defineModule } from '../contract.js';
import { LocalBlobStore, type BlobStore } from './blob-store.js';
import { DocumentService } from './service.js';

export { DocumentService, type DocumentActor, type DownloadedDocument } from './service.js';
export { LocalBlobStore, type BlobStore } from './blob-store.js';
export { checkFile, checkFilename, filenameFromHeader } from './upload-input.js';
export { contentDisposition } from './disposition.js';

declare module '../contract.js' {
  interface ServiceRegistry { documents: DocumentService }
}

/**
 * The store BLOB_STORE names: a directory under DATA_DIR, or an S3-compatible bucket every
 * instance reaches (the AWS SDK is loaded only then: start-up and memory stay as they were without it).
 */
async function blobStoreFor(config: Pick<Config, 'blobStore'>, log?: Logger): Promise<BlobStore> {
  const c = config.blobStore;
  if (c.kind === 'local') return new LocalBlobStore(c.dir);
  const { S3BlobStore } = await import('./s3-blob-store.js');
  return new S3BlobStore(c, log);
}

export const documentsModule = defineModule({
  name: 'documents',
  needs: ['clients', 'practices'],
  // Encrypted documents go where BLOB_STORE says, unless the host hands a store in (tests).
  build: async (ctx, { clients, practices }) => new DocumentService(ctx, clients, practices, ctx.deps.blobStore ?? (await blobStoreFor(ctx.config, ctx.log))),
  routes: async (app, documents) => (await import('./routes.js')).documentRoutes(app, documents),
});
