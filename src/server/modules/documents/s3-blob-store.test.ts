// The S3-compatible document store against a local S3-compatible server (s3rver on 127.0.0.1):
// the BlobStore calls themselves (missing is null, a refusal or an unreachable store is never
// "missing"), and documents through the API on every test database with BLOB_STORE=s3 — only
// ciphertext reaches the bucket, a download is byte for byte, a delete removes the object, and a
// swapped object is an audited integrity failure.
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type S3Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { createPractice, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { startS3Server, type S3TestServer } from '../../testing/s3.js';
import { newBlobKey } from './blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

let s3: S3TestServer;
let raw: S3Client;
beforeAll(async () => {
  s3 = await startS3Server();
  raw = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
});
afterAll(async () => {
  raw?.destroy();
  await s3?.close();
});

const s3Config = (env: Record<string, string> = {}): S3Config => {
  const c = loadConfig({ ...s3.env, ...env }).blobStore;
  if (c.kind !== 's3') throw new Error('expected the S3 store');
  return c;
};

/** The object's bytes as the bucket holds them, or null when there is none. */
async function objectBytes(key: string): Promise<Buffer | null> {
  try {
    const out = await raw.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  } catch (err) {
    if ((err as Error).name === 'NoSuchKey') return null;
    throw err;
  }
}

describe('S3BlobStore', () => {
  it('puts, gets byte for byte and deletes under documents/<key>; a missing blob is null, deleting it again is fine', async () => {
    const store = new S3BlobStore(s3Config());
    try {
      const key = newBlobKey();
      const bytes = randomBytes(1024 * 1024 + 7);
      expect(await store.get(key)).toBeNull();
      await store.put(key, bytes);
      expect((await store.get(key))!.equals(bytes)).toBe(true);
      expect((await objectBytes(`documents/${key}`))!.equals(bytes)).toBe(true);
      await store.delete(key);
      expect(await store.get(key)).toBeNull();
      expect(await objectBytes(`documents/${key}`)).toBeNull();
      await expect(store.delete(key)).resolves.toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('refuses a key that is not a blob key (a path, a name) before any request', async () => {
    const store = new S3BlobStore(s3Config());
    try {
      for (const bad of ['../../etc/passwd', 'Report.pdf', 'abc', `${newBlobKey()}/x`]) {
        await expect(store.put(bad, Buffer.from('x'))).rejects.toThrow('invalid blob key');
        await expect(store.get(bad)).rejects.toThrow('invalid blob key');
        await expect(store.delete(bad)).rejects.toThrow('invalid blob key');
      }
      expect(await objectBytes('documents/Report.pdf')).toBeNull();
    } finally {
      store.close();
    }
  });

  it('a refusal (unknown access key, missing bucket) is an error, never "no such blob"', async () => {
    const key = newBlobKey();
    await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `documents/${key}`, Body: Buffer.from('sealed') }));
    const badKey = new S3BlobStore(s3Config({ S3_ACCESS_KEY_ID: 'NOT-A-KEY' }));
    const noBucket = new S3BlobStore(s3Config({ S3_BUCKET: 'no-such-bucket' }));
    try {
      for (const store of [badKey, noBucket]) {
        const got = await store.get(key).then(
          (v) => ({ ok: true as const, v }),
          (err: Error) => ({ ok: false as const, err }),
        );
        expect(got.ok).toBe(false);
        if (!got.ok) {
          expect(got.err.name).toBe('BlobStoreError');
          expect(got.err.message).toMatch(/get refused \((InvalidAccessKeyId|NoSuchBucket), HTTP (403|404)\)/);
        }
        await expect(store.put(newBlobKey(), Buffer.from('x'))).rejects.toThrow(/put refused/);
      }
    } finally {
      badKey.close();
      noBucket.close();
    }
  });

  it('a store that cannot be reached is 503 unavailable with Retry-After (retrying may work), not a 500 or "missing"', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((res) => probe.listen(0, '127.0.0.1', () => res()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((res) => probe.close(res));
    const store = new S3BlobStore(s3Config({ S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_TIMEOUT_MS: '2000' }));
    try {
      for (const call of [() => store.get(newBlobKey()), () => store.put(newBlobKey(), Buffer.from('x'))]) {
        const err = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(AppError);
        expect(err).toMatchObject({ code: 'unavailable', status: 503, headers: { 'retry-after': '5' } });
      }
    } finally {
      store.close();
    }
  });
});

describe.each(testDialects())('documents in an S3-compatible bucket on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;
  let clientId: string;
  const NAME = 'Dana Doc – assessment.pdf';
  const CANARY = 'HEARTH-S3-CANARY-51c2';
  const pdf = Buffer.from(`%PDF-1.4\n% ${CANARY}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');

  const upload = (bytes: Buffer, name = NAME) =>
    p.owner.request('POST', `/api/clients/${clientId}/documents`, bytes, { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(name) });
  const blobKeyOf = async (id: string) => (await h.database.db.selectFrom('documents').select('blob_key').where('id', '=', id).executeTakeFirstOrThrow()).blob_key;

  beforeAll(async () => {
    h = await createHarness(dialect, { env: s3.env });
    p = await createPractice(h);
    const res = await p.owner.post('/api/clients', { firstName: 'Dana', lastName: 'Doc', dateOfBirth: '1985-03-03' });
    expect(res.statusCode, res.body).toBe(201);
    clientId = res.json().id;
  });
  afterAll(async () => h?.close());

  it('keeps only ciphertext in the bucket, downloads byte for byte, and a delete removes the object', async () => {
    const res = await upload(pdf);
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json() as { id: string };
    const key = await blobKeyOf(doc.id);
    const stored = await objectBytes(`documents/${key}`);
    expect(stored).not.toBeNull();
    // Sealed: longer than the file by the envelope, and none of the file or its name in it.
    expect(stored!.length).toBeGreaterThan(pdf.length);
    expect(stored!.includes(Buffer.from(CANARY))).toBe(false);
    expect(stored!.includes(pdf.subarray(0, 16))).toBe(false);
    expect(stored!.includes(Buffer.from(NAME, 'utf8'))).toBe(false);
    expect(key).not.toContain(doc.id);

    const dl = await p.owner.get(`/api/clients/${clientId}/documents/${doc.id}`);
    expect(dl.statusCode, dl.body).toBe(200);
    expect(dl.rawPayload.equals(pdf)).toBe(true);

    const del = await p.owner.del(`/api/clients/${clientId}/documents/${doc.id}`);
    expect(del.statusCode, del.body).toBe(204);
    expect(await objectBytes(`documents/${key}`)).toBeNull();
  });

  it('a swapped object in the bucket is an audited integrity failure, never other bytes', async () => {
    const a = (await upload(pdf, 'a.pdf')).json() as { id: string };
    const b = (await upload(Buffer.concat([pdf, Buffer.from('% b\n')]), 'b.pdf')).json() as { id: string };
    // Whoever can write to the bucket puts b's sealed bytes under a's key.
    const bBytes = await objectBytes(`documents/${await blobKeyOf(b.id)}`);
    await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `documents/${await blobKeyOf(a.id)}`, Body: bBytes! }));
    const dl = await p.owner.get(`/api/clients/${clientId}/documents/${a.id}`);
    expect(dl.statusCode).toBe(500);
    expect(dl.json().error.code).toBe('integrity_error');
    const audit = await h.database.db.selectFrom('audit_log').selectAll().where('resource_id', '=', a.id).where('action', '=', 'integrity_failure').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({ column: 'blob', reason: 'authentication_failed' });
  });
});
