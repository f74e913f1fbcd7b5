import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

// The SPA is built into dist/web and served by the Fastify app (same origin, so the session
// cookie and CSRF header work without CORS). `npm run dev` proxies /api and /ws to the API.
export default defineConfig({
  root: 'src/web',
  plugins: [react(), fullCalendarCss()],
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/ws': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
