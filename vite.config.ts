import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { clientEntryBuild, moduleSideEffects, zodAlias } from './scripts/web-build/client-entry.js';

// FullCalendar 6 injects its CSS through a <style> element at run time, which our CSP
// (style-src 'self') blocks. This plugin serves the same CSS, read from the installed packages,
// as an ordinary stylesheet (`import 'virtual:fullcalendar.css'`), and in the production build
// turns the run-time injection off so the browser never trips over the policy (`vite dev`
// pre-bundles dependencies untransformed, but serves no CSP either). An upgrade that moves the
// CSS or the injection code fails the build here instead of shipping an unstyled calendar.
const FC_CSS = 'virtual:fullcalendar.css';
const FC_CSS_RESOLVED = '\0virtual:fullcalendar.css';
const FC_CSS_SOURCES = ['core/internal-common.js', 'daygrid/internal.js', 'timegrid/internal.js'];

function fullCalendarCss(): Plugin {
  const fcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/@fullcalendar');
  return {
    name: 'hearth:fullcalendar-css',
    resolveId: (id) => (id === FC_CSS ? FC_CSS_RESOLVED : null),
    load(id) {
      if (id !== FC_CSS_RESOLVED) return null;
      return FC_CSS_SOURCES.map((file) => {
        const src = readFileSync(path.join(fcDir, file), 'utf8');
        const literal = /\nvar css_248z = ("(?:[^"\\]|\\.)*");\n/.exec(src)?.[1];
        if (!literal) throw new Error(`FullCalendar CSS not found in @fullcalendar/${file}`);
        return `/* @fullcalendar/${file} */\n${JSON.parse(literal) as string}\n`;
      }).join('');
    },
    transform(code, id) {
      if (!id.replace(/\\/g, '/').endsWith('@fullcalendar/core/internal-common.js')) return null;
      const marks = ['function injectStyles(styleText) {', 'function registerStylesRoot(rootNode) {'];
      let out = code;
      for (const m of marks) {
        if (!out.includes(m)) throw new Error(`FullCalendar changed: "${m}" not found; revisit the CSS plugin in vite.config.ts`);
        out = out.replace(m, `${m} return;`);
      }
      return { code: out, map: null };
    },
  };
}

// The server would otherwise compress each asset again on every request (brotli at quality 4, to
// keep that cheap): the build writes a .br (quality 11) and a .gz (level 9) beside every text file
// of 1 KB and more, once, and @fastify/static (`preCompressed`, src/server/app.ts) sends the one the
// browser accepts as it is. Smaller ones are not worth it, like the server's own threshold.
const PRECOMPRESS = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest)$/;

function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'hearth:precompress',
    apply: 'build',
    configResolved: (config) => void (outDir = path.resolve(config.root, config.build.outDir)),
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
        const file = path.join(outDir, entry);
        if (!PRECOMPRESS.test(file) || statSync(file).size < 1024) continue;
        // The client entry's build (after this one, same folder) leaves the staff build's files be.
        if (existsSync(`${file}.br`) && statSync(`${file}.br`).mtimeMs >= statSync(file).mtimeMs) continue;
        const body = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

// The SPA is built into dist/web and served by the Fastify app (same origin, so the session
// cookie and CSRF header work without CORS). `npm run dev` proxies /api and /ws to the API.
export default defineConfig({
  root: 'src/web',
  // Two entries, two builds: the staff app (index.html) here, then the light client path
  // (client.html: the portal, a call's join link, a reminder's link, the status page) on its own
  // (scripts/web-build/client-entry.ts), so it never carries the staff app's code.
  plugins: [react(), fullCalendarCss(), precompress(), clientEntryBuild(() => [react(), precompress()])],
  resolve: { alias: [zodAlias(path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'src/web'))] },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    manifest: true,
    rollupOptions: { treeshake: { moduleSideEffects } },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/ws': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
