// Encrypted document bytes in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, ...), so instances
// that share no disk serve the same documents. Like the local store it sees only ciphertext
// (sealed by file-crypto.ts before put) under random keys: names, clients and file keys stay in
// the database. Objects live under `documents/<key>`.
//
// Failures: a store that cannot be reached, times out or answers 5xx/429 is `503 unavailable`
// (retrying shortly may work); a store that refuses (credentials, bucket, policy) is an error the
// operator must fix, logged with the S3 error's name and status only.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import type { S3Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { checkBlobKey, type BlobStore } from './blob-store.js';

const PREFIX = 'documents/';
/** Seconds a client is told to wait after the store could not be reached. */
const RETRY_AFTER_SECONDS = 5;

/** What the SDK's errors carry that we read (never their messages, which can echo a request). */
interface SdkError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  readonly bucket: string;

  constructor(
    config: S3Config,
    private readonly log?: Logger,
  ) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
      forcePathStyle: config.forcePathStyle,
      maxAttempts: 3,
      // Integrity is ours (authenticated encryption bound to the document, and its SHA-256 in the
      // row); S3 checksums only where an operation requires them, which every compatible store accepts.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: Math.min(config.timeoutMs, 5000), requestTimeout: config.timeoutMs },
    });
  }

  private key(key: string): string {
    return PREFIX + checkBlobKey(key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const objectKey = this.key(key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: objectKey,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: 'application/octet-stream',
          // Never over another blob: keys are random, and the store enforces it too.
          IfNoneMatch: '*',
        }),
      );
    } catch (err) {
      throw this.failure('put', err);
    }
  }

  async get(key: string): Promise<Buffer | null> {
    const objectKey = this.key(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      if (!out.Body) return Buffer.alloc(0);
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (err) {
      // Only a missing object is "no such blob"; a missing bucket or a refusal is not.
      if ((err as SdkError).name === 'NoSuchKey') return null;
      throw this.failure('get', err);
    }
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.key(key);
    try {
      // S3 answers 204 for a key that is not there: removing a missing blob is not an error.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch (err) {
      throw this.failure('delete', err);
    }
  }

  /** Closes the client's connections. */
  close(): void {
    this.client.destroy();
  }

  private failure(op: 'put' | 'get' | 'delete', err: unknown): Error {
    if (err instanceof AppError) return err;
    const e = (err ?? {}) as SdkError;
    const status = e.$metadata?.httpStatusCode;
    const type = e.name ?? 'Error';
    const transient = status === undefined || status >= 500 || status === 429 || type === 'TimeoutError' || type === 'RequestTimeout';
    if (transient) {
      this.log?.warn({ err: { type, code: e.code, status }, op }, 'document store unreachable');
      return new AppError('unavailable', 503, 'Document storage cannot be reached; retrying shortly may work', undefined, { 'retry-after': String(RETRY_AFTER_SECONDS) });
    }
    this.log?.error({ err: { type, status }, op }, 'document store refused a request (check S3_BUCKET, the credentials and the bucket policy)');
    const refused = new Error(`document store: ${op} refused (${type}${status ? `, HTTP ${status}` : ''})`);
    refused.name = 'BlobStoreError';
    return refused;
  }
}
