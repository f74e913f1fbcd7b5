// The first screens' chunks, written beside the client entry's manifest for the server
// (.vite/first-screens.json, read by src/server/spa.ts): for each first screen a client opens (a
// join link, a call, the portal's sign-in and home), the built files of its lazy pages that the
// entry's HTML does not already name. The server names them in the HTML it answers that address
// with (<link rel="modulepreload">), so on a weak link they come beside the entry's script instead
// of one round trip after it has run; with the Spanish catalog's for a browser that asks for Spanish.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIRST_SCREEN_NAMES, FIRST_SCREENS_FILE, type FirstScreen, type FirstScreens } from '../../src/shared/first-screens.js';
import { CLIENT_ENTRY, closureKeys, FIRST_SCREEN_PAGES, screenFiles, spanishCatalogs, staticClosure, type Manifest } from '../bundle-budget.js';
import { EARLY_JOIN } from './client-entry.js';

export function firstScreens(manifest: Manifest): FirstScreens {
  // A join link's redemption runs at once on /join (src/web/early-join.ts): its file is named to run, not to preload.
  const early = manifest[EARLY_JOIN]?.file;
  if (!early) throw new Error(`first-screens: ${EARLY_JOIN} is not in the client manifest`);
  const named = staticClosure(manifest, CLIENT_ENTRY, new Set(), new Set([CLIENT_ENTRY, early]));
  const beyond = (files: Iterable<string>) => [...files].filter((f) => !named.has(f)).sort();
  const perScreen = (files: (name: FirstScreen) => string[]) => Object.fromEntries(FIRST_SCREEN_NAMES.map((name) => [name, files(name)])) as Record<FirstScreen, string[]>;
  return {
    screens: perScreen((name) => beyond(screenFiles(manifest, { name, pages: [...FIRST_SCREEN_PAGES[name]], budget: 0 }))),
    run: perScreen((name) => (name === 'join' ? [early] : [])),
    spanish: beyond(spanishCatalogs(manifest, closureKeys(manifest, CLIENT_ENTRY))),
  };
}

export function writeFirstScreens(manifest: Manifest, outDir: string): FirstScreens {
  const out = firstScreens(manifest);
  writeFileSync(path.join(outDir, FIRST_SCREENS_FILE), JSON.stringify(out, null, 2));
  return out;
}
