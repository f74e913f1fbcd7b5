// The light client path's budget (issue 19), checked in CI after the build from Vite's manifest:
//   npx tsx scripts/bundle-budget.ts [--dist dist/web] [--budget <kB>]
// For each first screen a client opens (a call's join link, the portal's sign-in, the portal's
// home) it sums everything the browser downloads before the screen is interactive: the client
// entry's HTML, its script and every static import of it, their CSS, the screen's own lazy page
// with its static imports, and, for Spanish, the client's catalog (the merged es chunk, or es.json). Sizes are the
// build's pre-compressed files (.br and .gz, vite.config.ts); a file too small for those is
// compressed here the same way. It prints a table and exits 1 when a screen is over its budget,
// counted in brotli (what every current browser is served over HTTPS; gzip is printed beside it),
// or when a client chunk holds a React Aria collection component (COLLECTION_MODULE).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { FirstScreen } from '../src/shared/first-screens.js';
import { CLIENT_MANIFEST } from './web-build/client-entry.js';

/** One chunk of .vite/manifest.json (the fields read here). */
export interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export interface Screen {
  name: string;
  /** The screen's lazy page modules (src/web-relative source paths), loaded by the entry's router in turn. */
  pages: string[];
  /** Budget in bytes (kB = 1000 bytes) for the whole first load, brotli. */
  budget: number;
  /** Add the client's Spanish catalog (the merged es chunk, or every es.json the entry can load). */
  spanish?: boolean;
  /** The screen waits for the rest of Spanish too (AllWords: src/web/i18n/catalogs/es-more.ts). */
  allWords?: boolean;
}

export const CLIENT_ENTRY = 'client.html';
export const KB = 1000;

// The budget (issue 19): 150 kB brotli — what a browser is served over HTTPS — for every first
// screen, English and Spanish; the check fails over it. What keeps it: the client entry is its own
// build (scripts/web-build/client-entry.ts) with no zod on a first screen (schemas load once a page
// is drawn: src/web/components/forms.tsx checkWith; a first screen's reads are typed, not checked),
// no ICU parser (precompiled messages), no React Aria dialogs, the call's own code fetched while the
// pre-join is up (CallPage.tsx), Spanish in two halves (src/web/i18n/catalogs), and Preact for
// React DOM (scripts/web-build/client-entry.ts; no React Aria collection in a client chunk:
// COLLECTION_MODULE). Before issue 19's second part: 195-210 kB; before this budget: 150.6-197.2
// kB; before Preact: 116.5-147.4 kB; with it and no React Aria on the join link: 65.6-92.3 kB
// (docs/client-path.md).
export const GOAL = 150 * KB;
// A join link's first screen is the join page, then the call page's pre-join (name, camera, Join).
const CALL = ['features/calls/components/CallPage.tsx'];
const JOIN = ['features/calls/components/JoinPage.tsx', ...CALL];
const SIGN_IN = ['features/portal/components/PortalSignIn.tsx'];
// The home is drawn in the signed-in frame, whose Billing link loads with it.
const HOME = ['features/portal/components/PortalHome.tsx', 'features/portal/components/PortalBillingNav.tsx'];
/**
 * Each first screen's lazy pages, by the name the server knows it by: the server's answer to the
 * screen's address names their chunks for the browser to fetch beside the entry's
 * (scripts/web-build/first-screens.ts, src/server/spa.ts), not after the entry has run.
 */
export const FIRST_SCREEN_PAGES: Record<FirstScreen, readonly string[]> = { join: JOIN, call: CALL, 'sign-in': SIGN_IN, home: HOME };
export const SCREENS: Screen[] = [
  { name: 'join link (/join → call)', pages: JOIN, budget: GOAL },
  { name: 'join link, Spanish', pages: JOIN, budget: GOAL, spanish: true },
  { name: 'portal sign-in (/portal/login)', pages: SIGN_IN, budget: GOAL },
  { name: 'portal sign-in, Spanish', pages: SIGN_IN, budget: GOAL, spanish: true },
  { name: 'portal home (/portal)', pages: HOME, budget: GOAL },
  { name: 'portal home, Spanish', pages: HOME, budget: GOAL, spanish: true, allWords: true },
];

/**
 * The manifest key of a source module's chunk: the module itself when it is a chunk's facade, else
 * the lazily loaded chunk named after it (Vite keys a dynamic entry that other chunks also import
 * statically by its chunk name, `_PortalPages-<hash>.js`).
 */
export function chunkKey(manifest: Manifest, source: string): string {
  if (manifest[source]) return source;
  const name = path.basename(source).replace(/\.[^.]+$/, '');
  const found = Object.keys(manifest).filter((k) => manifest[k]!.isDynamicEntry && manifest[k]!.name === name && k.startsWith('_'));
  if (found.length !== 1) throw new Error(`bundle-budget: "${source}" is not a chunk of the manifest (renamed? update SCREENS)`);
  return found[0]!;
}

/** The files (dist-relative) the browser downloads for a chunk and everything it imports statically. */
export function staticClosure(manifest: Manifest, key: string, seen = new Set<string>(), files = new Set<string>()): Set<string> {
  if (seen.has(key)) return files;
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) throw new Error(`bundle-budget: "${key}" is not in the manifest`);
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const dep of chunk.imports ?? []) staticClosure(manifest, dep, seen, files);
  return files;
}

/**
 * A Spanish catalog module: a feature's es.json, or the merged catalog the SPA loads instead
 * (src/web/i18n/catalogs/es.ts, the first screens' es.json files in one chunk).
 */
export const SPANISH_CATALOG = /(^|\/)(es\.json|i18n\/catalogs\/es\.[jt]sx?)$/;
/** The rest of Spanish (src/web/i18n/catalogs/es-more.ts), fetched after it; a screen inside AllWords waits for it. */
export const SPANISH_MORE = /(^|\/)i18n\/catalogs\/es-more\.[jt]sx?$/;

/** The Spanish catalogs the given chunks can load (their dynamic imports of one), with what those import. */
export function spanishCatalogs(manifest: Manifest, keys: Iterable<string>, catalog: RegExp = SPANISH_CATALOG): Set<string> {
  const files = new Set<string>();
  for (const key of keys) {
    for (const dyn of manifest[key]?.dynamicImports ?? []) if (catalog.test(dyn)) staticClosure(manifest, dyn, new Set(), files);
  }
  return files;
}

/** Every manifest key in the static closure of `key` (to find which of them load catalogs). */
export function closureKeys(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closureKeys(manifest, dep, seen);
  return seen;
}

/** What a first screen downloads: the entry's HTML, then the entry's and the page's static closures. */
export function screenFiles(manifest: Manifest, screen: Screen, entry = CLIENT_ENTRY): string[] {
  const files = new Set<string>([entry]);
  const roots = [entry, ...screen.pages.map((p) => chunkKey(manifest, p))];
  for (const root of roots) staticClosure(manifest, root, new Set(), files);
  if (screen.spanish) {
    const keys = new Set(roots.flatMap((root) => [...closureKeys(manifest, root)]));
    for (const f of spanishCatalogs(manifest, keys)) files.add(f);
    if (screen.allWords) for (const f of spanishCatalogs(manifest, keys, SPANISH_MORE)) files.add(f);
  }
  return [...files].sort();
}

export interface Sizes {
  raw: number;
  br: number;
  gz: number;
}

/** A built file's sizes: the build's .br/.gz beside it, or compressed here as the build would. */
export function sizesOnDisk(dist: string) {
  return (file: string): Sizes => {
    const full = path.join(dist, file);
    const body = readFileSync(full);
    const br = existsSync(`${full}.br`) ? readFileSync(`${full}.br`).length : brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
    const gz = existsSync(`${full}.gz`) ? readFileSync(`${full}.gz`).length : gzipSync(body, { level: 9 }).length;
    return { raw: body.length, br, gz };
  };
}

export interface ScreenWeight extends Sizes {
  screen: Screen;
  files: number;
  over: boolean;
}

export function weigh(manifest: Manifest, sizeOf: (file: string) => Sizes, screens: Screen[] = SCREENS): ScreenWeight[] {
  return screens.map((screen) => {
    const files = screenFiles(manifest, screen);
    const sum = files.map(sizeOf).reduce((a, s) => ({ raw: a.raw + s.raw, br: a.br + s.br, gz: a.gz + s.gz }), { raw: 0, br: 0, gz: 0 });
    return { screen, files: files.length, ...sum, over: sum.br > screen.budget };
  });
}

/**
 * React Aria's collection components and their collection builder: the client build runs on
 * preact/compat (scripts/web-build/client-entry.ts), whose reconciler cannot build their items, so
 * none may be in a client chunk (the client's selects are src/web/components/NativeSelect.tsx).
 */
export const COLLECTION_MODULE = /react-aria-components\/dist\/(?:private\/)?(?:Collection|Select|ListBox|Menu|ComboBox|GridList|Table|Tabs|TagGroup|Tree|Breadcrumbs|Virtualizer)\.m?js$|@react-aria\/collections\//;

/** The collection modules (COLLECTION_MODULE) in the built chunks of a manifest, read from their source maps. */
export function collectionModules(manifest: Manifest, sourcesOf: (file: string) => string[]): string[] {
  const found = new Set<string>();
  for (const chunk of Object.values(manifest)) {
    if (!chunk.file.endsWith('.js')) continue;
    for (const source of sourcesOf(chunk.file)) if (COLLECTION_MODULE.test(source)) found.add(source.replace(/^.*node_modules\//, ''));
  }
  return [...found].sort();
}

/** A built file's sources, from the .map beside it (none without one). */
export function sourcesOnDisk(dist: string) {
  return (file: string): string[] => {
    const map = path.join(dist, `${file}.map`);
    return existsSync(map) ? ((JSON.parse(readFileSync(map, 'utf8')) as { sources?: string[] }).sources ?? []) : [];
  };
}

const kb = (n: number) => `${(n / KB).toFixed(1)} kB`;

export function table(rows: ScreenWeight[]): string {
  const head = ['first screen', 'files', 'raw', 'brotli', 'gzip', 'budget (brotli)', '', `goal ${kb(GOAL)}`];
  const body = rows.map((r) => [r.screen.name, String(r.files), kb(r.raw), kb(r.br), kb(r.gz), kb(r.screen.budget), r.over ? 'OVER' : 'ok', r.br > GOAL ? `+${kb(r.br - GOAL)}` : 'met']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body].map((cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dist = path.resolve(root, arg('--dist') ?? 'dist/web');
  const manifestFile = path.join(dist, CLIENT_MANIFEST);
  if (!existsSync(manifestFile)) {
    console.error(`bundle-budget: ${manifestFile} is missing: build first (npx vite build)`);
    process.exit(1);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const budget = arg('--budget');
  const screens = budget ? SCREENS.map((s) => ({ ...s, budget: Number(budget) * KB })) : SCREENS;
  const rows = weigh(manifest, sizesOnDisk(dist), screens);
  console.log(table(rows));
  const over = rows.filter((r) => r.over);
  if (over.length) console.error(`bundle-budget: over budget: ${over.map((r) => r.screen.name).join(', ')}`);
  const collections = collectionModules(manifest, sourcesOnDisk(dist));
  if (collections.length) console.error(`bundle-budget: React Aria collections in the client build (Preact cannot draw them; use NativeSelect): ${collections.join(', ')}`);
  if (over.length || collections.length) process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
