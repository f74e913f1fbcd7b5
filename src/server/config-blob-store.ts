// The document store's settings (BLOB_STORE, S3_*), read by loadConfig (config.ts): the local
// directory under DATA_DIR, or an S3-compatible bucket that every instance reaches.
import path from 'node:path';

/** The environment variables this reads, as config.ts's schema parsed them. */
export interface BlobEnv {
  BLOB_STORE: 'local' | 's3';
  S3_ENDPOINT?: string | undefined;
  S3_BUCKET?: string | undefined;
  S3_REGION?: string | undefined;
  S3_ACCESS_KEY_ID?: string | undefined;
  S3_SECRET_ACCESS_KEY?: string | undefined;
  S3_FORCE_PATH_STYLE?: boolean | undefined;
  S3_TIMEOUT_MS: number;
}

export type BlobStoreConfig = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3Config);

export interface S3Config {
  /** An S3-compatible endpoint (MinIO, Ceph, R2, ...); undefined: AWS S3 for the region. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** Static keys; undefined: the AWS SDK's default chain (environment, instance or task role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** bucket in the path (http://host/bucket/key) rather than in the host name; MinIO and most self-hosted stores need it. */
  forcePathStyle: boolean;
  /** How long one request may take (connect, send, answer) before it is retried or fails. */
  timeoutMs: number;
}

// S3 bucket names: 3–63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_VARS = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const;

/** Where document bytes live, from BLOB_STORE and S3_*; `bad` makes the error naming the variable. */
export function blobStoreOf(e: BlobEnv, dataDir: string, production: boolean, bad: (name: string, why: string) => Error): BlobStoreConfig {
  if (e.BLOB_STORE === 'local') {
    // S3 settings with the local store are a half-done move to object storage: documents would
    // quietly stay on this machine's disk.
    const set = S3_VARS.filter((v) => e[v] !== undefined);
    if (set.length) throw bad('BLOB_STORE', `is local (the default) but ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set; set BLOB_STORE=s3 to keep documents in the bucket, or unset them`);
    return { kind: 'local', dir: path.join(dataDir, 'documents') };
  }
  if (!e.S3_BUCKET) throw bad('S3_BUCKET', 'is required when BLOB_STORE=s3');
  if (!BUCKET.test(e.S3_BUCKET) || e.S3_BUCKET.includes('..')) throw bad('S3_BUCKET', `"${e.S3_BUCKET}" is not a bucket name (3–63 lower-case letters, digits, dots and hyphens)`);
  let endpoint: string | undefined;
  if (e.S3_ENDPOINT !== undefined) {
    let u: URL;
    try {
      u = new URL(e.S3_ENDPOINT);
    } catch {
      throw bad('S3_ENDPOINT', 'is not a URL (e.g. https://s3.example.org or http://127.0.0.1:9000)');
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw bad('S3_ENDPOINT', 'must be an http:// or https:// URL');
    if (u.username || u.password) throw bad('S3_ENDPOINT', 'must not carry credentials; use S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
    if (u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) throw bad('S3_ENDPOINT', 'must be the server\'s base URL only (no path, query or fragment); the bucket goes in S3_BUCKET');
    if (production && u.protocol !== 'https:') throw bad('S3_ENDPOINT', 'must be https:// in production');
    endpoint = u.origin;
  }
  const region = e.S3_REGION ?? 'us-east-1';
  if (!/^[a-z0-9-]{1,64}$/.test(region)) throw bad('S3_REGION', `"${region}" is not a region name (e.g. us-east-1)`);
  if ((e.S3_ACCESS_KEY_ID === undefined) !== (e.S3_SECRET_ACCESS_KEY === undefined)) {
    throw bad(e.S3_ACCESS_KEY_ID === undefined ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY', 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together (or neither, for the SDK\'s default credentials: environment, instance or task role)');
  }
  return {
    kind: 's3',
    endpoint,
    bucket: e.S3_BUCKET,
    region,
    credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
    forcePathStyle: e.S3_FORCE_PATH_STYLE ?? false,
    timeoutMs: e.S3_TIMEOUT_MS,
  };
}

