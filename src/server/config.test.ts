import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('defaults to local SQLite under ./data on port 3000', () => {
    const c = loadConfig({});
    expect(c.database).toMatchObject({ dialect: 'sqlite' });
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.cookieSecure).toBe(false);
    expect(c.seedDemo).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('uses PostgreSQL for a postgres:// URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({ dialect: 'postgres', url: 'postgres://u@h:5432/db', ssl: false, poolMax: 10, poolTimeoutMs: 5000, statementTimeoutMs: 0 });
  });

  it('names the bad setting', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ SESSION_IDLE_SECONDS: '3600' })).toThrow(/SESSION_IDLE_SECONDS/);
    expect(() => loadConfig({ MAX_INFLIGHT_REQUESTS: 'lots' })).toThrow(/MAX_INFLIGHT_REQUESTS/);
    expect(() => loadConfig({ DATABASE_POOL_TIMEOUT_MS: '-1' })).toThrow(/DATABASE_POOL_TIMEOUT_MS/);
    expect(() => loadConfig({ METRICS_ALLOW: '127.0.0.1,10.0.0.0/33' })).toThrow(/METRICS_ALLOW: "10.0.0.0\/33"/);
    expect(() => loadConfig({ METRICS_ALLOW: 'localhost' })).toThrow(/METRICS_ALLOW/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_ALLOW: '10.0.0.0/8, ::1' }).metrics.allow).toEqual([
      { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '::1', prefix: 128, family: 'ipv6' },
    ]);
    expect(loadConfig({ MAX_HEAP_USED_BYTES: '0' }).maxHeapUsedBytes).toBe(0);
    expect(loadConfig({}).maxHeapUsedBytes).toBeGreaterThan(0);
  });

  const prod = { NODE_ENV: 'production', PUBLIC_URL: 'https://hearth.example', TRUST_PROXY: 'true', MASTER_KEY: Buffer.alloc(32, 1).toString('base64'), BACKUP_KEY: Buffer.alloc(32, 2).toString('base64') };

  it('starts in production with TLS terminated by a trusted proxy and a supplied key', () => {
    const c = loadConfig(prod);
    expect(c.cookieSecure).toBe(true);
    expect(c.seedDemo).toBe(false);
  });

  it.each([
    ['without TLS or a trusted proxy', { TRUST_PROXY: undefined }, /TLS_CERT_FILE/],
    ['without a master key', { MASTER_KEY: undefined }, /MASTER_KEY/],
    ['with demo seeding', { SEED_DEMO: 'true' }, /SEED_DEMO/],
    ['on plain http', { PUBLIC_URL: 'http://hearth.example' }, /https/],
    ['without a backup key', { BACKUP_KEY: undefined }, /BACKUP_KEY or BACKUP_KEY_FILE is required/],
    ['with a backup key file that does not exist', { BACKUP_KEY: undefined, BACKUP_KEY_FILE: '/nonexistent/backup.key' }, /BACKUP_KEY_FILE \/nonexistent\/backup.key does not exist/],
    ['with a master key file that does not exist', { MASTER_KEY: undefined, MASTER_KEY_FILE: '/nonexistent/key' }, /does not exist/],
  ])('refuses production %s', (_name, patch, message) => {
    expect(() => loadConfig({ ...prod, ...patch })).toThrow(ConfigError);
    expect(() => loadConfig({ ...prod, ...patch })).toThrow(message);
  });

  describe('backups', () => {
    it('defaults to an hourly schedule into DATA_DIR/backups, 48 kept or 30 days, a key file generated locally', () => {
      const c = loadConfig({ DATA_DIR: '/srv/hearth' });
      expect(c.backup).toEqual({
        dir: '/srv/hearth/backups',
        key: { source: 'file', path: '/srv/hearth/backup.key', generateIfMissing: true },
        intervalMinutes: 60,
        retainCount: 48,
        retainDays: 30,
      });
      expect(loadConfig({ BACKUP_DIR: '/mnt/b', BACKUP_INTERVAL_MINUTES: '0', BACKUP_RETAIN_COUNT: '3', BACKUP_RETAIN_DAYS: '0.5' }).backup).toMatchObject({ dir: '/mnt/b', intervalMinutes: 0, retainCount: 3, retainDays: 0.5 });
      const key = Buffer.alloc(32, 3).toString('base64');
      expect(loadConfig({ BACKUP_KEY: key }).backup.key).toEqual({ source: 'env', value: key });
      expect(loadConfig({ BACKUP_KEY_FILE: '/etc/hearth/b.key' }).backup.key).toEqual({ source: 'file', path: '/etc/hearth/b.key', generateIfMissing: false });
    });

    it('audit checkpoints: DATA_DIR/audit-checkpoints every 15 minutes by default; 0 turns the timer off; bad values named', () => {
      expect(loadConfig({ DATA_DIR: '/srv/hearth' }).auditCheckpoints).toEqual({ dir: '/srv/hearth/audit-checkpoints', intervalMinutes: 15 });
      expect(loadConfig({ AUDIT_CHECKPOINT_DIR: '/mnt/worm/hearth', AUDIT_CHECKPOINT_INTERVAL_MINUTES: '0' }).auditCheckpoints).toEqual({ dir: '/mnt/worm/hearth', intervalMinutes: 0 });
      expect(() => loadConfig({ AUDIT_CHECKPOINT_INTERVAL_MINUTES: '-5' })).toThrow(/AUDIT_CHECKPOINT_INTERVAL_MINUTES/);
      expect(() => loadConfig({ AUDIT_CHECKPOINT_INTERVAL_MINUTES: 'hourly' })).toThrow(/AUDIT_CHECKPOINT_INTERVAL_MINUTES/);
    });

    it('names the bad backup setting, and refuses the master key as the backup key', () => {
      expect(() => loadConfig({ BACKUP_INTERVAL_MINUTES: '-1' })).toThrow(/BACKUP_INTERVAL_MINUTES/);
      expect(() => loadConfig({ BACKUP_RETAIN_COUNT: '0' })).toThrow(/BACKUP_RETAIN_COUNT/);
      expect(() => loadConfig({ BACKUP_RETAIN_DAYS: 'a week' })).toThrow(/BACKUP_RETAIN_DAYS/);
      expect(() => loadConfig({ BACKUP_KEY: 'c2hvcnQ=' })).toThrow(/BACKUP_KEY: must be base64 of 32 random bytes/);
      const same = Buffer.alloc(32, 4).toString('base64');
      expect(() => loadConfig({ BACKUP_KEY: same, MASTER_KEY: same })).toThrow(/BACKUP_KEY: must not be the master key/);
      expect(() => loadConfig({ BACKUP_KEY_FILE: '/k/one', MASTER_KEY_FILE: '/k/one' })).toThrow(/BACKUP_KEY_FILE: must not be the master key file/);
    });
  });

  describe('SMS', () => {
    const sms = { SMS_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', SMS_AUTH_TOKEN: 'token-123', SMS_FROM: '+15005550006' };

    it('is off unless the account, token and sender are all set', () => {
      expect(loadConfig({}).sms).toBeUndefined();
      expect(loadConfig({ SMS_ACCOUNT_SID: '', SMS_AUTH_TOKEN: '', SMS_FROM: '' }).sms).toBeUndefined();
      expect(loadConfig(sms).sms).toEqual({ apiBase: 'https://api.twilio.com', accountSid: sms.SMS_ACCOUNT_SID, authToken: 'token-123', from: '+15005550006', timeoutMs: 10_000 });
      expect(loadConfig({ ...sms, SMS_API_BASE: 'http://127.0.0.1:9999/', SMS_TIMEOUT_MS: '500' }).sms).toMatchObject({ apiBase: 'http://127.0.0.1:9999', timeoutMs: 500 });
    });

    it('refuses half a configuration, a sender that is not E.164, an odd account id or base URL, naming the setting', () => {
      expect(() => loadConfig({ SMS_ACCOUNT_SID: sms.SMS_ACCOUNT_SID })).toThrow(/SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM/);
      expect(() => loadConfig({ ...sms, SMS_FROM: '5005550006' })).toThrow(/SMS_FROM must be an E\.164/);
      expect(() => loadConfig({ ...sms, SMS_ACCOUNT_SID: 'AC/../x' })).toThrow(/SMS_ACCOUNT_SID/);
      expect(() => loadConfig({ ...sms, SMS_API_BASE: 'not a url' })).toThrow(/SMS_API_BASE/);
      expect(() => loadConfig({ ...sms, SMS_TIMEOUT_MS: '0' })).toThrow(/SMS_TIMEOUT_MS/);
    });

    it('needs an https API base in production when SMS is on, and never puts the token in the message', () => {
      expect(loadConfig({ ...prod, ...sms }).sms?.apiBase).toBe('https://api.twilio.com');
      expect(() => loadConfig({ ...prod, ...sms, SMS_API_BASE: 'http://sms.internal' })).toThrow(/SMS_API_BASE must be https/);
      expect(loadConfig({ ...prod, SMS_API_BASE: 'http://sms.internal' }).sms).toBeUndefined();
      try {
        loadConfig({ ...prod, ...sms, SMS_API_BASE: 'http://sms.internal' });
      } catch (err) {
        expect((err as Error).message).not.toContain('token-123');
      }
    });
  });

  describe('Stripe', () => {
    it("is Stripe's API by default; STRIPE_API_URL gives protocol, host and port (a local server in tests)", () => {
      expect(loadConfig({}).stripe).toEqual({ protocol: 'https', host: 'api.stripe.com', port: 443, timeoutMs: 20_000 });
      expect(loadConfig({ STRIPE_API_URL: 'http://127.0.0.1:12111', STRIPE_TIMEOUT_MS: '500' }).stripe).toEqual({ protocol: 'http', host: '127.0.0.1', port: 12111, timeoutMs: 500 });
      expect(() => loadConfig({ STRIPE_API_URL: 'not a url' })).toThrow(/STRIPE_API_URL/);
      expect(() => loadConfig({ STRIPE_API_URL: 'ftp://stripe.internal' })).toThrow(/STRIPE_API_URL: must be an http/);
      expect(() => loadConfig({ STRIPE_TIMEOUT_MS: '0' })).toThrow(/STRIPE_TIMEOUT_MS/);
    });

    it('needs https in production (every practice key travels with each request)', () => {
      expect(loadConfig(prod).stripe.protocol).toBe('https');
      expect(() => loadConfig({ ...prod, STRIPE_API_URL: 'http://stripe.internal' })).toThrow(/STRIPE_API_URL must be https/);
    });
  });

  describe('document store', () => {
    const s3 = { BLOB_STORE: 's3', S3_BUCKET: 'hearth-docs', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY_ID: 'AKIAEXAMPLE', S3_SECRET_ACCESS_KEY: 'secret-value-123', S3_FORCE_PATH_STYLE: 'true' };

    it('is a directory under DATA_DIR by default; BLOB_STORE=s3 takes the bucket, endpoint, region, keys and path style', () => {
      expect(loadConfig({ DATA_DIR: '/var/lib/hearth' }).blobStore).toEqual({ kind: 'local', dir: '/var/lib/hearth/documents' });
      expect(loadConfig(s3).blobStore).toEqual({
        kind: 's3',
        endpoint: 'http://127.0.0.1:9000',
        bucket: 'hearth-docs',
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-value-123' },
        forcePathStyle: true,
        timeoutMs: 30_000,
      });
      // AWS itself: no endpoint, the SDK's own credentials (environment, instance or task role).
      expect(loadConfig({ BLOB_STORE: 's3', S3_BUCKET: 'hearth-docs', S3_REGION: 'eu-west-1' }).blobStore).toMatchObject({ endpoint: undefined, region: 'eu-west-1', credentials: undefined, forcePathStyle: false });
      expect(loadConfig({ ...s3, S3_ENDPOINT: 'https://s3.example.org/' }).blobStore).toMatchObject({ endpoint: 'https://s3.example.org' });
    });

    it('names the bad setting', () => {
      expect(() => loadConfig({ BLOB_STORE: 'ftp' })).toThrow(/BLOB_STORE/);
      expect(() => loadConfig({ BLOB_STORE: 's3' })).toThrow(/S3_BUCKET: is required when BLOB_STORE=s3/);
      expect(() => loadConfig({ ...s3, S3_BUCKET: 'Hearth_Docs' })).toThrow(/S3_BUCKET: "Hearth_Docs" is not a bucket name/);
      expect(() => loadConfig({ ...s3, S3_BUCKET: 'a..b' })).toThrow(/S3_BUCKET/);
      expect(() => loadConfig({ ...s3, S3_ENDPOINT: 'not a url' })).toThrow(/S3_ENDPOINT: is not a URL/);
      expect(() => loadConfig({ ...s3, S3_ENDPOINT: 'ftp://files.example.org' })).toThrow(/S3_ENDPOINT: must be an http/);
      expect(() => loadConfig({ ...s3, S3_ENDPOINT: 'https://s3.example.org/hearth-docs' })).toThrow(/S3_ENDPOINT: must be the server's base URL/);
      expect(() => loadConfig({ ...s3, S3_ENDPOINT: 'https://key:secret@s3.example.org' })).toThrow(/S3_ENDPOINT: must not carry credentials/);
      expect(() => loadConfig({ ...s3, S3_REGION: 'Mars 1' })).toThrow(/S3_REGION/);
      expect(() => loadConfig({ ...s3, S3_FORCE_PATH_STYLE: 'maybe' })).toThrow(/S3_FORCE_PATH_STYLE/);
      expect(() => loadConfig({ ...s3, S3_TIMEOUT_MS: '5' })).toThrow(/S3_TIMEOUT_MS/);
      expect(() => loadConfig({ ...s3, S3_SECRET_ACCESS_KEY: '' })).toThrow(/S3_SECRET_ACCESS_KEY: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together/);
      expect(() => loadConfig({ ...s3, S3_ACCESS_KEY_ID: '' })).toThrow(/S3_ACCESS_KEY_ID: /);
      // S3 settings without BLOB_STORE=s3: documents would quietly stay on this machine's disk.
      expect(() => loadConfig({ S3_BUCKET: 'hearth-docs', S3_REGION: 'eu-west-1' })).toThrow(/BLOB_STORE: is local \(the default\) but S3_BUCKET, S3_REGION are set/);
    });

    it('needs an https endpoint in production, and never puts the secret key in a message', () => {
      expect(loadConfig({ ...prod, ...s3, S3_ENDPOINT: 'https://s3.example.org' }).blobStore.kind).toBe('s3');
      expect(() => loadConfig({ ...prod, ...s3 })).toThrow(/S3_ENDPOINT: must be https:\/\/ in production/);
      const leaky = { ...s3, S3_ENDPOINT: 'https://AKIAEXAMPLE:secret-value-123@s3 example.org' };
      for (const env of [{ ...prod, ...s3 }, { ...s3, S3_BUCKET: 'X' }, { ...s3, S3_ACCESS_KEY_ID: '' }, leaky]) {
        expect(() => loadConfig(env)).toThrow(ConfigError);
        try {
          loadConfig(env);
        } catch (err) {
          expect((err as Error).message).not.toContain('secret-value-123');
        }
      }
    });
  });
});
