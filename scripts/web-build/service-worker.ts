// Builds the service worker (src/web/sw/sw.ts) into dist/web/sw.js once both entries are built:
// its precache list is the shell — both entries' HTML and the client entry's script, its static
// imports and CSS, read from the client entry's manifest; pages are kept as they are first loaded
// (a client on a weak signal never downloads pages they did not open) — and its version is a hash of that list and of its own code, so a new
// build is a new worker (which installs beside the old one and waits, src/web/sw/sw.ts).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { CLIENT_ENTRY, staticClosure, type Manifest } from '../bundle-budget.js';
import { CLIENT_MANIFEST } from './client-entry.js';

export function precacheList(manifest: Manifest): string[] {
  const files = staticClosure(manifest, CLIENT_ENTRY, new Set(), new Set(['index.html', 'client.html']));
  return [...files].sort().map((f) => `/${f}`);
}

export async function writeServiceWorker(webRoot: string, outDir: string): Promise<string[]> {
  const manifest = JSON.parse(readFileSync(path.join(outDir, CLIENT_MANIFEST), 'utf8')) as Manifest;
  const precache = precacheList(manifest);
  const compile = (version: string) =>
    build({
      entryPoints: [path.join(webRoot, 'sw/sw.ts')],
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'es2022',
      write: false,
      define: { HEARTH_SW: JSON.stringify({ version, precache }) },
    }).then((r) => r.outputFiles[0]!.text);
  // The version hashes the worker's code with the list (the list alone misses a change of the code).
  const version = createHash('sha256').update(await compile('')).update(precache.join('\n')).digest('hex').slice(0, 12);
  writeFileSync(path.join(outDir, 'sw.js'), await compile(version));
  return precache;
}
