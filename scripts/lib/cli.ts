// Shared plumbing for the operator CLI: each script loads config the way the server does, opens
// and migrates the same database, and runs its logic as an exported function (so tests call it
// directly); the file's top level runs only when the script is executed.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../../src/server/config.js';
import { loadBackupKey, loadMasterKey } from '../../src/server/crypto/keys.js';
import { openDatabase, type DatabaseHandle, type DbOrTx } from '../../src/server/db/index.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { FieldCrypto } from '../../src/server/crypto/envelope.js';
import { LocalKeyProvider } from '../../src/server/crypto/keys.js';
import { systemClock } from '../../src/server/lib/clock.js';
import { AuditService } from '../../src/server/modules/audit/index.js';

export type Env = Record<string, string | undefined>;

/** Where a script prints; tests pass their own to capture lines. */
export interface Out {
  log(line: string): void;
  error(line: string): void;
}

export const consoleOut: Out = { log: (l) => console.log(l), error: (l) => console.error(l) };

/** True when `moduleUrl` is the file node/tsx was asked to run (not when it is imported). */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === moduleUrl;
  } catch {
    return false;
  }
}

export interface Opened {
  config: Readonly<Config>;
  database: DatabaseHandle;
}

/** loadConfig(env) + openDatabase + migrateToLatest, as main.ts does. The caller destroys the handle. */
export async function openFromEnv(env: Env): Promise<Opened> {
  const config = loadConfig(env);
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db, database.dialect);
  } catch (err) {
    await database.destroy();
    throw err;
  }
  return { config, database };
}

/**
 * The configured master key. Scripts that touch existing keys never generate one: a missing key
 * file would otherwise be replaced by a fresh key that unwraps nothing.
 */
export function masterKeyOf(config: Readonly<Config>, opts: { generateIfMissing: boolean }): Buffer {
  const cfg = config.masterKey.source === 'file' && !opts.generateIfMissing ? { ...config.masterKey, generateIfMissing: false } : config.masterKey;
  return loadMasterKey(cfg, (msg) => console.warn(`WARNING: ${msg}`));
}

/** Runs a script's main function, mapping its result to the exit code and any throw to exit 1. */
export function runMain(fn: () => Promise<number>): void {
  fn().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}

type FlagOptions = NonNullable<ParseArgsConfig['options']>;
type FlagValue<C> = C extends { multiple: true } ? string[] : C extends { type: 'boolean' } ? boolean : string;

/** A command's flag values, typed from its options: undefined when a flag is not given, unless it is required. */
export type FlagValues<O extends FlagOptions, R extends keyof O = never> = { [K in Exclude<keyof O, R>]?: FlagValue<O[K]> } & { [K in R]: FlagValue<O[K]> };

/**
 * Parses a command's flags strictly. Returns the values, or the exit code to stop with: 2 after
 * printing the error and usage (also when a `required` flag is missing or empty, or `valid` refuses
 * the values), 0 after printing usage for --help.
 */
export function parseFlags<const O extends FlagOptions, const R extends keyof O & string = never>(
  argv: string[],
  options: O,
  usage: string,
  out: Out,
  check: { required?: readonly R[]; valid?: (values: FlagValues<O>) => boolean } = {},
): { values: FlagValues<O, R> } | { exit: number } {
  const parsed = parse(argv, options, usage, out, false);
  if ('exit' in parsed) return parsed;
  const values = parsed.values as FlagValues<O, R>;
  if ((check.required ?? []).some((flag) => !values[flag]) || (check.valid && !check.valid(values))) {
    out.error(usage);
    return { exit: 2 };
  }
  return { values };
}

/** parseFlags for commands that also take positional arguments (e.g. a file name). */
export function parseCommand<T extends Record<string, unknown>>(
  argv: string[],
  options: FlagOptions,
  usage: string,
  out: Out,
): { values: T; positionals: string[] } | { exit: number } {
  const parsed = parse(argv, options, usage, out, true);
  return 'exit' in parsed ? parsed : { values: parsed.values as T, positionals: parsed.positionals };
}

/** Strict parsing, with --help: the values and positionals, or the exit code after printing usage (0 for --help, 2 on an error). */
function parse(argv: string[], options: FlagOptions, usage: string, out: Out, allowPositionals: boolean): { values: Record<string, unknown>; positionals: string[] } | { exit: number } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
    if (values.help) {
      out.log(usage);
      return { exit: 0 };
    }
    return { values, positionals };
  } catch (err) {
    out.error(`${(err as Error).message}\n${usage}`);
    return { exit: 2 };
  }
}

/** The configured backup key; never generated here unless asked (a fresh key decrypts no backup). */
export function backupKeyOf(config: Readonly<Config>, opts: { generateIfMissing: boolean }): Buffer {
  const cfg = config.backup.key.source === 'file' && !opts.generateIfMissing ? { ...config.backup.key, generateIfMissing: false } : config.backup.key;
  return loadBackupKey(cfg, (msg) => console.warn(`WARNING: ${msg}`));
}

/**
 * An AuditService for a script's own records: the chain is keyed with the audit key, which is
 * wrapped by the master key, so the master key is loaded (never generated) on the first record.
 */
export function scriptAudit(config: Readonly<Config>, database: DatabaseHandle): AuditService {
  return new AuditService(database.db, database.dialect, systemClock, scriptAuditKey(config, database));
}

/** The audit key loader for a script (the master key is read on first use). */
export function scriptAuditKey(config: Readonly<Config>, database: DatabaseHandle): (tx: DbOrTx) => Promise<Buffer> {
  let crypto: FieldCrypto | undefined;
  return (tx) => {
    crypto ??= new FieldCrypto(database.db, new LocalKeyProvider(masterKeyOf(config, { generateIfMissing: false })), systemClock);
    return crypto.auditKey(tx);
  };
}
