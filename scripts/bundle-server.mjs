// Bundles the server's tsc output (dist/server/main.js, every module it imports and the packages they
// import) into dist/server/main.js, with a chunk of its own (bundle-*.js) for each part loaded on first
// use (`await import(...)`). Why (issue 16): Node reads a module graph one file at a time, and the
// server's ~1,300 modules (its own ~230, kysely's 263 and zod's 95 ES modules, ~660 CommonJS files of
// fastify and its plugins) were most of a restart's time; their source text, kept by V8 for the life
// of the process, is smaller without comments and indentation. Native addons and the packages loaded
// on first use (a dynamic import, or lib/lazy.ts's require) stay in node_modules.
//
// Each module keeps its own location: `import.meta.url` in a bundled file is rewritten to the URL
// the tsc output file has beside the bundle (dist/server/<same path>), so files it reads relative
// to itself (the common-password list, the BAA texts) are found as before, and lib/lazy.ts resolves
// packages from there. Source maps chain to src/.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

// Native addons find their binary relative to their own files: they stay in node_modules, as do the
// packages loaded on first use (a dynamic import, or lib/lazy.ts's require, which esbuild cannot see)
// and the AWS SDK, which only the S3 document store (itself loaded on first use) imports.
const EXTERNAL = new Set(['better-sqlite3', '@node-rs/argon2', '@aws-sdk/client-s3']);
const outdir = path.resolve('dist/server');
const entry = path.join(outdir, 'main.js');
const BANNER = '// Bundled by scripts/bundle-server.mjs from the tsc output beside it.';

// The entry must be tsc's main.js: bundling a bundle again would lose the chunks' sources.
if (readFileSync(entry, 'utf8').startsWith(BANNER)) throw new Error(`${entry} is already a bundle: run tsc -p tsconfig.build.json first`);
for (const f of readdirSync(outdir)) if (f.startsWith('bundle-')) rmSync(path.join(outdir, f));

/** `kysely` from `kysely/helpers/postgres`, `@scope/name` from `@scope/name/x`. */
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

const plugin = {
  name: 'hearth-server',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === 'dynamic-import' || args.path.startsWith('node:') || EXTERNAL.has(packageOf(args.path)) ? { path: args.path, external: true } : undefined));
    // A bundled CommonJS file that looks for files beside itself (its package.json, a worker script)
    // gets the __dirname and __filename it has in node_modules, found from the bundle's own location.
    b.onLoad({ filter: /\/node_modules\/.*\.c?js$/ }, async (args) => {
      const contents = await readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(contents)) return undefined;
      const rel = path.relative(outdir, args.path).split(path.sep).join('/');
      const where = `var __filename = __hearthPath.join(__hearthBundleDir, ${JSON.stringify(rel)}), __dirname = __hearthPath.dirname(__filename);\n`;
      return { contents: where + contents, loader: 'js', resolveDir: path.dirname(args.path) };
    });
    b.onLoad({ filter: /\/dist\/(server|shared)\/.*\.js$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      if (contents.includes('import.meta.url')) {
        const rel = './' + path.relative(outdir, args.path).split(path.sep).join('/');
        contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
      }
      return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

const result = await build({
  entryPoints: { main: entry },
  outdir,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'bundle-[name]-[hash]',
  // The CommonJS packages inside call require() for Node's own modules.
  banner: {
    js: [
      BANNER,
      "import { createRequire as __hearthCreateRequire } from 'node:module';",
      "import __hearthPath from 'node:path';",
      "import { fileURLToPath as __hearthFileURLToPath } from 'node:url';",
      'const require = __hearthCreateRequire(import.meta.url);',
      'const __hearthBundleDir = __hearthPath.dirname(__hearthFileURLToPath(import.meta.url));',
    ].join('\n'),
  },
  sourcemap: true,
  // Comments and indentation out: V8 keeps every module's source text in memory for its life.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [plugin],
});
const outputs = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
const kb = (n) => `${Math.round(n / 1024)} kB`;
console.log(`bundled the server: ${outputs.map(([f, o]) => `${path.basename(f)} ${kb(o.bytes)}`).join(', ')}`);
