// What every module is handed: built once per process by buildServices (services.ts), never global.
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { FieldCrypto } from './crypto/envelope.js';
import type { Db, Dialect } from './db/index.js';
import type { Clock } from './lib/clock.js';
import type { AuditService } from './modules/audit/index.js';
import type { Mailer } from './modules/mail/index.js';

export interface AppContext {
  config: Readonly<Config>;
  db: Db;
  dialect: Dialect;
  clock: Clock;
  crypto: FieldCrypto;
  audit: AuditService;
  mailer: Mailer;
  log: Logger;
  /** Called with session ids whose sessions ended, so their sockets close at once. */
  onSessionsEnded: (ids: string[], reason: 'logout' | 'revoked' | 'idle' | 'expired') => void;
}

/** Where a request came from, for audit records. */
export interface RequestMeta {
  ip: string;
  userAgent: string;
}
