// Configuration is read once from the environment, validated, and frozen. Tests build theirs
// with the same loader (loadConfig({...})), so a setting that works in a test works in production.
import { existsSync } from 'node:fs';
import { blobStoreOf, type BlobStoreConfig } from './config-blob-store.js';
import { isIP } from 'node:net';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { z } from 'zod';
import { isTimeZone } from '../shared/time-zone.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalString,
  DATABASE_SSL: bool.optional(),
  MASTER_KEY: optionalString,
  MASTER_KEY_FILE: optionalString,
  // Backups (docs/backups.md): where the encrypted files go, the key they are encrypted with (kept
  // apart from the master key), how often the schedule makes one (0: never) and how many are kept.
  BACKUP_DIR: optionalString,
  BACKUP_KEY: optionalString,
  BACKUP_KEY_FILE: optionalString,
  BACKUP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  BACKUP_RETAIN_COUNT: z.coerce.number().int().min(1).max(100_000).default(48),
  BACKUP_RETAIN_DAYS: z.coerce.number().min(0).max(3650).default(30),
  // Audit checkpoints (docs/audit.md): the chain's head, MACed, appended to a file outside the database.
  AUDIT_CHECKPOINT_DIR: optionalString,
  AUDIT_CHECKPOINT_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(15),
  SMTP_URL: optionalString,
  /** How long one SMTP conversation step may take (connect, greeting, each reply) before the send gives up. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  MAIL_FROM: z.string().default('Hearth <no-reply@localhost>'),
  TLS_CERT_FILE: optionalString,
  TLS_KEY_FILE: optionalString,
  TRUST_PROXY: optionalString,
  SEED_DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FILE: optionalString,
  // Platform ceiling on idle time; a practice may set less, never more. 1800 s = 30 min.
  SESSION_IDLE_SECONDS: z.coerce.number().int().min(5).max(1800).default(1800),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().min(0.01).max(12).default(12),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  // Every source together: bounds the guesses at one account from many IPs (NIST SP 800-63B: at most 100).
  LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_SOURCES: z.coerce.number().int().min(1).max(100).default(100),
  LOGIN_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(64 * 1024),
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  // Load shedding beside the event-loop delay: V8 heap in use (bytes; unset: 90% of the heap limit,
  // 0: off) and requests being answered at once by this process (0: off).
  MAX_HEAP_USED_BYTES: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().int().min(0).optional()),
  MAX_INFLIGHT_REQUESTS: z.coerce.number().int().min(0).max(100_000).default(256),
  // PostgreSQL: how long a request waits for a pool connection, and how long one statement may
  // run (0: no limit), before it fails with 503 overloaded rather than waiting on.
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
  // GET /metrics (Prometheus): answered to these addresses (comma-separated IPs or CIDRs) or to a
  // request bearing METRICS_TOKEN; 404 to anyone else.
  METRICS_TOKEN: optionalString,
  METRICS_ALLOW: z.string().default('127.0.0.1,::1'),
  WEB_DIST_DIR: optionalString,
  // How often each instance looks for domain events to hand to consumers (0: only when kicked).
  OUTBOX_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  // SMS through a Twilio-compatible REST API: off unless the account, token and sender are set.
  SMS_API_BASE: z.url().default('https://api.twilio.com'),
  SMS_ACCOUNT_SID: optionalString,
  SMS_AUTH_TOKEN: optionalString,
  SMS_FROM: optionalString,
  SMS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // Stripe's API (docs/billing.md): the practice's own key is stored per practice; only where the API is.
  STRIPE_API_URL: z.url().default('https://api.stripe.com'),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  // Reminders: where the dispatcher runs (inline: in every web process; external: only in
  // `npm run dispatcher` processes), how often it looks for due rows, how many rows one claim takes
  // and sends at once (also the most a crash can leave uncertain), how long a claim may stay
  // "sending" before it is deemed uncertain, and the retry policy for transient failures.
  DISPATCHER: z.enum(['inline', 'external']).default('inline'),
  REMINDER_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  REMINDER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(10),
  REMINDER_LEASE_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  REMINDER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  REMINDER_RETRY_BASE_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  // Live state several instances share (call signaling fan-out, presence, rate-limit counters):
  // Redis when set, in-process otherwise (one instance).
  REDIS_URL: optionalString,
  // Where encrypted document bytes live: a directory under DATA_DIR (local), or an S3-compatible
  // bucket that every instance reaches (s3). The store only ever sees ciphertext under random keys.
  BLOB_STORE: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: optionalString,
  S3_BUCKET: optionalString,
  S3_REGION: optionalString,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: bool.optional(),
  S3_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  // Video calls. STUN and TURN URLs are comma-separated (e.g. "turn:turn.example.org:3478?transport=udp,
  // turns:turn.example.org:5349"); TURN credentials are minted per person and call with coturn's
  // shared secret (TURN REST scheme) and last CALL_TURN_TTL_SECONDS. CALL_FORCE_RELAY: media through
  // TURN only for every practice (a practice can also choose it for itself).
  CALL_STUN_URLS: optionalString,
  CALL_TURN_URLS: optionalString,
  CALL_TURN_SECRET: optionalString,
  CALL_TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(172_800).default(6 * 3600),
  CALL_FORCE_RELAY: bool.optional(),
  // How often each instance looks for scheduled calls due to ring; how long a signaling peer stays
  // listed without a heartbeat (a closed tab, a dead network) before the others are told it left.
  CALL_RING_POLL_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  CALL_PRESENCE_TTL_MS: z.coerce.number().int().min(1000).max(300_000).default(15_000),
  // How long a join link sent by text or mail stays usable.
  CALL_JOIN_LINK_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  // How often each instance re-checks the sessions behind its open sockets (idle, expired, revoked
  // elsewhere) and closes the sockets of sessions that ended.
  SOCKET_SWEEP_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  // The status page: the zone its dates are written in; how often each web instance runs the
  // automatic probes (0: never), how many failures in a row open an incident, how long a probe
  // may take, and how long a recovered probe must stay healthy before its incident resolves.
  STATUS_TIME_ZONE: z.string().default('America/Los_Angeles'),
  STATUS_PROBE_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  STATUS_PROBE_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
  STATUS_PROBE_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  STATUS_QUIET_MS: z.coerce.number().int().min(0).max(86_400_000).default(600_000),
  // Probe thresholds: database round trip; age of the oldest reminder or notice due but unsent;
  // signaling bus round trip; how late a scheduled call's ring may be; backup age; free disk.
  STATUS_DB_LATENCY_MS: z.coerce.number().int().min(1).max(60_000).default(250),
  STATUS_REMINDER_LAG_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  STATUS_SIGNALING_RTT_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  STATUS_LATE_RING_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  STATUS_BACKUP_MAX_AGE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(180),
  STATUS_DISK_MIN_FREE_PERCENT: z.coerce.number().min(0).max(99).default(10),
});

function urlList(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** "10.0.0.0/8", "::1", "192.168.1.5" -> address, prefix length and family; undefined when invalid. */
export function parseCidr(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', bits, extra] = entry.split('/');
  if (extra !== undefined) return undefined;
  const version = isIP(address);
  if (!version) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

const E164 = /^\+[1-9]\d{6,14}$/;

export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; url: string; ssl: boolean; poolMax?: number; poolTimeoutMs?: number; statementTimeoutMs?: number };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  database: DatabaseConfig;
  masterKey: { source: 'env'; value: string } | { source: 'file'; path: string; generateIfMissing: boolean };
  backup: BackupConfig;
  /** Audit checkpoints: where the file goes, minutes between them (0: only at shutdown and in backups). */
  auditCheckpoints: { dir: string; intervalMinutes: number };
  smtpUrl: string | undefined;
  smtpTimeoutMs: number;
  mailFrom: string;
  tls: { certFile: string; keyFile: string } | undefined;
  trustProxy: boolean | string | undefined;
  seedDemo: boolean;
  logLevel: string;
  logFile: string | undefined;
  cookieSecure: boolean;
  session: { idleSeconds: number; absoluteSeconds: number };
  login: { maxFailuresPerAccount: number; maxFailuresPerIp: number; maxFailuresPerAccountAllSources: number; windowSeconds: number };
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  maxEventLoopDelayMs: number;
  /** Shed while the V8 heap in use is above this (bytes); 0: off. */
  maxHeapUsedBytes: number;
  /** Shed while this many requests are being answered by this process; 0: off. */
  maxInflightRequests: number;
  metrics: {
    /** A bearer token that opens /metrics from anywhere; undefined: none. */
    token: string | undefined;
    /** Addresses and CIDR blocks /metrics answers without a token. */
    allow: { address: string; prefix: number; family: 'ipv4' | 'ipv6' }[];
  };
  webDistDir: string;
  webauthn: { rpId: string; rpName: string; origin: string };
  outbox: { pollMs: number };
  /** SMS provider settings; undefined when SMS is off (account, token or sender not set). */
  sms: SmsConfig | undefined;
  /** Where Stripe's API is (tests: a local server speaking its endpoints) and how long one request may take. */
  stripe: { protocol: 'http' | 'https'; host: string; port: number; timeoutMs: number };
  reminders: {
    dispatcher: 'inline' | 'external';
    pollMs: number;
    concurrency: number;
    leaseMs: number;
    maxAttempts: number;
    retryBaseMs: number;
  };
  socketSweepMs: number;
  /** Redis for live state shared across instances; undefined: in-process (one instance). */
  redisUrl: string | undefined;
  /** Where encrypted document bytes live. */
  blobStore: BlobStoreConfig;
  calls: {
    stunUrls: string[];
    turnUrls: string[];
    /** coturn's static-auth-secret; undefined: no TURN. */
    turnSecret: string | undefined;
    turnTtlSeconds: number;
    forceRelay: boolean;
    ringPollMs: number;
    presenceTtlMs: number;
    joinLinkMinutes: number;
  };
  status: {
    timeZone: string;
    probeIntervalMs: number;
    probeFailures: number;
    probeTimeoutMs: number;
    quietMs: number;
    dbLatencyMs: number;
    reminderLagMs: number;
    signalingRttMs: number;
    lateRingMs: number;
    backupMaxAgeMs: number;
    diskMinFreePercent: number;
  };
}

export interface BackupConfig {
  /** Where backup files are written (and looked for by restore and the drill). */
  dir: string;
  /** The backup key (never the master key): from BACKUP_KEY, or a file (generated in local mode only). */
  key: { source: 'env'; value: string } | { source: 'file'; path: string; generateIfMissing: boolean };
  /** Minutes between scheduled backups; 0: no schedule (`npm run backup` only). */
  intervalMinutes: number;
  /** Retention: the newest `retainCount` are kept, and any younger than `retainDays`. */
  retainCount: number;
  retainDays: number;
}

export type { BlobStoreConfig, S3Config } from './config-blob-store.js';

export interface SmsConfig {
  /** Base URL of the Twilio-compatible API, without a trailing slash. */
  apiBase: string;
  accountSid: string;
  authToken: string;
  /** The sending number, E.164. */
  from: string;
  timeoutMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = z.infer<typeof EnvSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const tls = tlsOf(e);
  const trustProxy =
    e.TRUST_PROXY === undefined ? undefined : e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : e.TRUST_PROXY;
  const dataDir = path.resolve(e.DATA_DIR);
  const defaultPublicUrl = `${tls ? 'https' : 'http'}://localhost:${e.PORT}`;
  const publicUrl = (e.PUBLIC_URL ?? defaultPublicUrl).replace(/\/$/, '');
  const database = databaseOf(e, dataDir);
  const { sms, apiBase } = smsOf(e);
  if (production) refuseUnsafeProduction(e, { tls, trustProxy, publicUrl, smsOn: sms !== undefined, apiBase });

  const masterKey: Config['masterKey'] = e.MASTER_KEY
    ? { source: 'env', value: e.MASTER_KEY }
    : { source: 'file', path: path.resolve(e.MASTER_KEY_FILE ?? path.join(dataDir, 'master.key')), generateIfMissing: !production && !e.MASTER_KEY_FILE };
  const metricsAllow = metricsAllowOf(e);
  const backup = backupOf(e, dataDir, production);
  const blobStore = blobStoreOf(e, dataDir, production, (name, why) => new ConfigError(`Invalid configuration:\n  ${name}: ${why}`));
  const url = new URL(publicUrl);
  const turnUrls = checkedTurnUrls(e);
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    dataDir,
    database,
    masterKey,
    backup,
    auditCheckpoints: { dir: path.resolve(e.AUDIT_CHECKPOINT_DIR ?? path.join(dataDir, 'audit-checkpoints')), intervalMinutes: e.AUDIT_CHECKPOINT_INTERVAL_MINUTES },
    smtpUrl: e.SMTP_URL,
    smtpTimeoutMs: e.SMTP_TIMEOUT_MS,
    mailFrom: e.MAIL_FROM,
    tls,
    trustProxy,
    seedDemo: production ? false : (e.SEED_DEMO ?? e.NODE_ENV === 'development'),
    logLevel: e.LOG_LEVEL,
    logFile: e.LOG_FILE,
    cookieSecure: production || url.protocol === 'https:',
    session: { idleSeconds: e.SESSION_IDLE_SECONDS, absoluteSeconds: Math.round(e.SESSION_ABSOLUTE_HOURS * 3600) },
    login: {
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      maxFailuresPerAccountAllSources: e.LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_SOURCES,
      windowSeconds: e.LOGIN_THROTTLE_WINDOW_SECONDS,
    },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: e.MAX_HEAP_USED_BYTES ?? Math.floor(getHeapStatistics().heap_size_limit * 0.9),
    maxInflightRequests: e.MAX_INFLIGHT_REQUESTS,
    metrics: { token: e.METRICS_TOKEN, allow: metricsAllow },
    webDistDir: path.resolve(e.WEB_DIST_DIR ?? 'dist/web'),
    webauthn: { rpId: url.hostname, rpName: 'Hearth', origin: url.origin },
    outbox: { pollMs: e.OUTBOX_POLL_MS },
    sms,
    stripe: stripeOf(e),
    blobStore,
    ...workersOf(e, turnUrls),
  });
}

function tlsOf(e: Env): Config['tls'] {
  if ((e.TLS_CERT_FILE && !e.TLS_KEY_FILE) || (!e.TLS_CERT_FILE && e.TLS_KEY_FILE)) {
    throw new ConfigError('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  }
  return e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } : undefined;
}

function databaseOf(e: Env, dataDir: string): DatabaseConfig {
  return e.DATABASE_URL?.startsWith('postgres')
    ? {
        dialect: 'postgres',
        url: e.DATABASE_URL,
        ssl: e.DATABASE_SSL ?? false,
        poolMax: e.DATABASE_POOL_MAX,
        poolTimeoutMs: e.DATABASE_POOL_TIMEOUT_MS,
        statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      }
    : {
        dialect: 'sqlite',
        file: e.DATABASE_URL
          ? e.DATABASE_URL.replace(/^sqlite:(\/\/)?/, '')
          : path.join(dataDir, 'hearth.db'),
      };
}

function smsOf(e: Env): { sms: SmsConfig | undefined; apiBase: string } {
  const smsSet = [e.SMS_ACCOUNT_SID, e.SMS_AUTH_TOKEN, e.SMS_FROM].filter((v) => v !== undefined).length;
  if (smsSet > 0 && smsSet < 3) {
    throw new ConfigError('SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM must be set together (or none of them, to leave SMS off)');
  }
  // The account id is a path segment of every request (Twilio: AC followed by 32 hex digits).
  if (e.SMS_ACCOUNT_SID !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(e.SMS_ACCOUNT_SID)) throw new ConfigError('SMS_ACCOUNT_SID must be letters, digits, _ or - (Twilio: AC…)');
  if (e.SMS_FROM !== undefined && !E164.test(e.SMS_FROM)) throw new ConfigError('SMS_FROM must be an E.164 phone number (+15415550123)');
  const apiBase = e.SMS_API_BASE.replace(/\/+$/, '');
  const sms: SmsConfig | undefined =
    e.SMS_ACCOUNT_SID && e.SMS_AUTH_TOKEN && e.SMS_FROM
      ? { apiBase, accountSid: e.SMS_ACCOUNT_SID, authToken: e.SMS_AUTH_TOKEN, from: e.SMS_FROM, timeoutMs: e.SMS_TIMEOUT_MS }
      : undefined;
  return { sms, apiBase };
}

function refuseUnsafeProduction(e: Env, c: { tls: Config['tls']; trustProxy: Config['trustProxy']; publicUrl: string; smsOn: boolean; apiBase: string }): void {
  const problems: string[] = [];
  if (!c.tls && !c.trustProxy) problems.push('TLS_CERT_FILE/TLS_KEY_FILE or TRUST_PROXY (TLS terminated by a proxy) is required');
  if (!e.MASTER_KEY && !e.MASTER_KEY_FILE) problems.push('MASTER_KEY or MASTER_KEY_FILE is required (never generated in production)');
  if (e.MASTER_KEY_FILE && !existsSync(e.MASTER_KEY_FILE)) problems.push(`MASTER_KEY_FILE ${e.MASTER_KEY_FILE} does not exist`);
  if (!e.BACKUP_KEY && !e.BACKUP_KEY_FILE) problems.push('BACKUP_KEY or BACKUP_KEY_FILE is required (never generated in production; kept apart from the master key)');
  if (e.BACKUP_KEY_FILE && !existsSync(e.BACKUP_KEY_FILE)) problems.push(`BACKUP_KEY_FILE ${e.BACKUP_KEY_FILE} does not exist`);
  if (e.SEED_DEMO) problems.push('SEED_DEMO is refused in production');
  if (!c.publicUrl.startsWith('https://')) problems.push('PUBLIC_URL must be https:// in production');
  if (c.smsOn && !c.apiBase.startsWith('https://')) problems.push('SMS_API_BASE must be https:// in production (the auth token travels with every send)');
  if (!e.STRIPE_API_URL.startsWith('https://')) problems.push("STRIPE_API_URL must be https:// in production (each practice's key travels with every request)");
  if (problems.length) throw new ConfigError(`Refusing to start in production:\n  ${problems.join('\n  ')}`);
}

function stripeOf(e: Env): Config['stripe'] {
  const u = new URL(e.STRIPE_API_URL);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ConfigError('Invalid configuration:\n  STRIPE_API_URL: must be an http(s):// URL');
  const protocol = u.protocol === 'https:' ? 'https' : 'http';
  return { protocol, host: u.hostname, port: u.port ? Number(u.port) : protocol === 'https' ? 443 : 80, timeoutMs: e.STRIPE_TIMEOUT_MS };
}

function metricsAllowOf(e: Env): Config['metrics']['allow'] {
  const allow = urlList(e.METRICS_ALLOW).map((entry) => {
    const parsed = parseCidr(entry);
    if (!parsed) throw new ConfigError(`Invalid configuration:\n  METRICS_ALLOW: "${entry}" is not an IP address or CIDR block (e.g. 10.0.0.0/8, ::1)`);
    return parsed;
  });
  if (e.METRICS_TOKEN !== undefined && e.METRICS_TOKEN.length < 16) {
    throw new ConfigError('Invalid configuration:\n  METRICS_TOKEN: must be at least 16 characters (e.g. openssl rand -hex 24)');
  }
  return allow;
}

function backupOf(e: Env, dataDir: string, production: boolean): BackupConfig {
  if (e.BACKUP_KEY !== undefined) {
    if (Buffer.from(e.BACKUP_KEY.trim(), 'base64').length !== 32) throw new ConfigError('Invalid configuration:\n  BACKUP_KEY: must be base64 of 32 random bytes');
    if (e.MASTER_KEY !== undefined && e.BACKUP_KEY.trim() === e.MASTER_KEY.trim()) throw new ConfigError('Invalid configuration:\n  BACKUP_KEY: must not be the master key (a backup and its key are kept apart)');
  }
  if (e.BACKUP_KEY_FILE && e.MASTER_KEY_FILE && path.resolve(e.BACKUP_KEY_FILE) === path.resolve(e.MASTER_KEY_FILE)) {
    throw new ConfigError('Invalid configuration:\n  BACKUP_KEY_FILE: must not be the master key file');
  }
  return {
    dir: path.resolve(e.BACKUP_DIR ?? path.join(dataDir, 'backups')),
    key: e.BACKUP_KEY
      ? { source: 'env', value: e.BACKUP_KEY }
      : { source: 'file', path: path.resolve(e.BACKUP_KEY_FILE ?? path.join(dataDir, 'backup.key')), generateIfMissing: !production && !e.BACKUP_KEY_FILE },
    intervalMinutes: e.BACKUP_INTERVAL_MINUTES,
    retainCount: e.BACKUP_RETAIN_COUNT,
    retainDays: e.BACKUP_RETAIN_DAYS,
  };
}

/** The TURN URLs, after checking the call and status settings (in this order). */
function checkedTurnUrls(e: Env): string[] {
  const turnUrls = urlList(e.CALL_TURN_URLS);
  for (const u of [...urlList(e.CALL_STUN_URLS), ...turnUrls]) {
    if (!/^(stun|stuns|turn|turns):[^\s]+$/.test(u)) throw new ConfigError(`Invalid configuration:\n  CALL_STUN_URLS/CALL_TURN_URLS: "${u}" is not a stun:, stuns:, turn: or turns: URL`);
  }
  if (turnUrls.length && !e.CALL_TURN_SECRET) throw new ConfigError('Invalid configuration:\n  CALL_TURN_SECRET: is required when CALL_TURN_URLS is set (coturn static-auth-secret)');
  if (!isTimeZone(e.STATUS_TIME_ZONE)) throw new ConfigError(`Invalid configuration:\n  STATUS_TIME_ZONE: "${e.STATUS_TIME_ZONE}" is not an IANA time zone (e.g. America/Los_Angeles)`);
  if (e.CALL_FORCE_RELAY && !turnUrls.length) throw new ConfigError('Invalid configuration:\n  CALL_FORCE_RELAY: needs CALL_TURN_URLS (relay-only media goes through TURN)');
  return turnUrls;
}

/** The settings of the background work: reminders, sockets, calls and the status probes. */
function workersOf(e: Env, turnUrls: string[]): Pick<Config, 'reminders' | 'socketSweepMs' | 'redisUrl' | 'calls' | 'status'> {
  return {
    reminders: {
      dispatcher: e.DISPATCHER,
      pollMs: e.REMINDER_POLL_MS,
      concurrency: e.REMINDER_CONCURRENCY,
      leaseMs: e.REMINDER_LEASE_MS,
      maxAttempts: e.REMINDER_MAX_ATTEMPTS,
      retryBaseMs: e.REMINDER_RETRY_BASE_MS,
    },
    socketSweepMs: e.SOCKET_SWEEP_MS,
    redisUrl: e.REDIS_URL,
    calls: {
      stunUrls: urlList(e.CALL_STUN_URLS),
      turnUrls,
      turnSecret: e.CALL_TURN_SECRET,
      turnTtlSeconds: e.CALL_TURN_TTL_SECONDS,
      forceRelay: e.CALL_FORCE_RELAY ?? false,
      ringPollMs: e.CALL_RING_POLL_MS,
      presenceTtlMs: e.CALL_PRESENCE_TTL_MS,
      joinLinkMinutes: e.CALL_JOIN_LINK_MINUTES,
    },
    status: {
      timeZone: e.STATUS_TIME_ZONE,
      probeIntervalMs: e.STATUS_PROBE_INTERVAL_MS,
      probeFailures: e.STATUS_PROBE_FAILURES,
      probeTimeoutMs: e.STATUS_PROBE_TIMEOUT_MS,
      quietMs: e.STATUS_QUIET_MS,
      dbLatencyMs: e.STATUS_DB_LATENCY_MS,
      reminderLagMs: e.STATUS_REMINDER_LAG_MS,
      signalingRttMs: e.STATUS_SIGNALING_RTT_MS,
      lateRingMs: e.STATUS_LATE_RING_MS,
      backupMaxAgeMs: e.STATUS_BACKUP_MAX_AGE_MINUTES * 60_000,
      diskMinFreePercent: e.STATUS_DISK_MIN_FREE_PERCENT,
    },
  };
}
