// `npm run import-icd10 -- <icd10cm_order_YYYY.txt> [--release "ICD-10-CM 2026"]`: imports the CMS
// ICD-10-CM order file (fixed width: order, code, billable flag, short and long description) into
// the code table practices search when they build their diagnosis lists. One transaction of batched
// upserts: rerunning it, or importing next year's file, changes each code once; a file with any bad
// line imports nothing and names the lines. The release defaults to the year in the CMS file name.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { icd10ReleaseOf, Icd10FileError, importIcd10 } from '../src/server/modules/billing/index.js';
import { consoleOut, isMain, openFromEnv, parseCommand, runMain, type Env, type Out } from './lib/cli.js';

const USAGE = 'usage: npm run import-icd10 -- <icd10cm_order_YYYY.txt> [--release <name>]';

/** Imports the file into the database named by `env`; returns the exit code (0 imported, 1 refused, 2 usage). */
export async function runImportIcd10(env: Env, file: string, release: string | undefined, out: Out = consoleOut): Promise<number> {
  const name = release?.trim() || icd10ReleaseOf(path.basename(file));
  if (!name) {
    out.error(`Cannot tell the release from the file name ${path.basename(file)}: give it with --release "ICD-10-CM 2026"`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    out.error(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return 1;
  }
  const { database } = await openFromEnv(env);
  try {
    const started = Date.now();
    const result = await importIcd10(database.db, text, name);
    out.log(`imported ${result.codes} codes (${result.billable} billable) from ${result.release} in ${((Date.now() - started) / 1000).toFixed(1)} s; ${result.total} codes in the table`);
    return 0;
  } catch (err) {
    if (err instanceof Icd10FileError) {
      out.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await database.destroy();
  }
}

if (isMain(import.meta.url)) {
  runMain(async () => {
    const parsed = parseCommand<{ release?: string }>(process.argv.slice(2), { release: { type: 'string' } }, USAGE, consoleOut);
    if ('exit' in parsed) return parsed.exit;
    if (parsed.positionals.length !== 1) {
      consoleOut.error(USAGE);
      return 2;
    }
    return runImportIcd10(process.env, parsed.positionals[0]!, parsed.values.release);
  });
}
