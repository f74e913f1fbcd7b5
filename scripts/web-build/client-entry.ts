// The light client path's build (vite.config.ts runs it after the staff app's): client.html — the
// portal, a call's join link, a reminder's link, the status page — built on its own, into the same
// dist/web, with its own manifest (.vite/client-manifest.json, weighed by scripts/bundle-budget.ts);
// then, from that manifest, the first screens' chunks for the server (./first-screens.ts) and the
// service worker, whose precache list comes from it (./service-worker.ts).
// Its own Rollup graph, not a second input of the staff build: in one graph a module both entries
// use (react-router, react-aria, zod) is one chunk holding everything EITHER entry uses of it, so
// the client would download the staff app's share of every library (the data router, every React
// Aria component). Built apart, each entry keeps only what it uses; the price is that a person who
// opens both downloads React twice, which a staff member and a client seldom are.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin, type PluginOption, type ResolvedConfig } from 'vite';
import { NO_PARSER, precompiledMessages } from './precompiled-messages.js';
import type { Manifest } from '../bundle-budget.js';
import { writeFirstScreens } from './first-screens.js';
import { writeServiceWorker } from './service-worker.js';

export const CLIENT_MANIFEST = '.vite/client-manifest.json';
/**
 * A second input of the client build: a join link's redemption, which the server's /join page runs
 * as soon as it arrives, beside the entry (src/web/early-join.ts, ./first-screens.ts).
 */
export const EARLY_JOIN = 'early-join.ts';

/**
 * Our own modules are side-effect free (like a package's `"sideEffects": false`): a feature's
 * index.ts re-exports its pages, and a module-level zod schema or defineMessages call counts as a
 * side effect to Rollup, so without this a barrel kept every page it names. The exceptions are the
 * stylesheets (not matched), zod-config.ts (zod's configuration, run when zod loads) and
 * early-join.ts (a join link's redemption, started when it runs).
 */
const OWN_SOURCE = /\/src\/(?:web|shared)\/.*\.tsx?$/;
export const moduleSideEffects = (id: string): boolean => !OWN_SOURCE.test(id.replace(/\\/g, '/')) || id.endsWith('/zod-config.ts') || id.endsWith(`/${EARLY_JOIN}`);

/**
 * Preact (its React compatibility layer) instead of React in the client entry only: React DOM is
 * ~58 kB brotli, more than a third of issue 19's 150 kB for a client's whole first screen;
 * preact/compat is ~5 kB and runs the same components, React Aria's hooks and plain components,
 * react-router, react-intl and TanStack Query (all written against React's public API). What it
 * cannot run is React Aria's collection components (Select, ListBox, Menu: they build their items
 * in a fake DOM through React's own reconciler), so no page of this build uses one: the client's
 * selects are the browser's own (src/web/components/NativeSelect.tsx), and the budget check
 * (scripts/bundle-budget.ts, COLLECTION_MODULE) fails when a chunk of this build holds one. The
 * staff app keeps React DOM: its calendar, tables and menus lean on it, and it is not on a weak
 * cell's path.
 */
export function preactAliases(dir = 'preact'): { find: RegExp; replacement: string }[] {
  return [
    { find: /^react-dom\/client$/, replacement: `${dir}/compat/client` },
    { find: /^react-dom$/, replacement: `${dir}/compat` },
    { find: /^react\/jsx-runtime$/, replacement: `${dir}/compat/jsx-runtime` },
    { find: /^react\/jsx-dev-runtime$/, replacement: `${dir}/compat/jsx-dev-runtime` },
    { find: /^react$/, replacement: `${dir}/compat` },
  ];
}

/** Every bare `zod` import of the SPA goes through src/web/zod-config.ts (its configuration, without zod on a first screen). */
export const zodAlias = (webRoot: string) => ({ find: /^zod$/, replacement: path.join(webRoot, 'zod-config.ts') });

export function clientEntryBuild(plugins: () => PluginOption[]): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'hearth:client-entry',
    apply: 'build',
    configResolved: (c) => void (config = c),
    async closeBundle() {
      await build({
        configFile: false,
        root: config.root,
        mode: config.mode,
        logLevel: config.logLevel,
        plugins: [precompiledMessages(), ...plugins()],
        resolve: { alias: [zodAlias(config.root), NO_PARSER, ...preactAliases()] },
        build: {
          outDir: config.build.outDir,
          emptyOutDir: false,
          sourcemap: config.build.sourcemap,
          manifest: CLIENT_MANIFEST,
          rollupOptions: { input: { client: path.join(config.root, 'client.html'), 'early-join': path.join(config.root, EARLY_JOIN) }, treeshake: { moduleSideEffects } },
        },
      });
      const outDir = path.resolve(config.root, config.build.outDir);
      writeFirstScreens(JSON.parse(readFileSync(path.join(outDir, CLIENT_MANIFEST), 'utf8')) as Manifest, outDir);
      await writeServiceWorker(config.root, outDir);
    },
  };
}
