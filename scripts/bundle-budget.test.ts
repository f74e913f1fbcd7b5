// The bundle budget (scripts/bundle-budget.ts) on fixture manifests: it follows the client entry's
// static imports, their CSS and the screen's lazy pages (not the pages it does not open), adds the
// Spanish catalogs for a Spanish screen, and fails over budget.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkKey, collectionModules, screenFiles, weigh, type Manifest, type Screen, type Sizes } from './bundle-budget.js';

const manifest: Manifest = {
  'client.html': { file: 'assets/client-1.js', src: 'client.html', isEntry: true, imports: ['_vendor-2.js'], dynamicImports: ['features/calls/components/JoinPage.tsx', '_PortalPages-3.js', 'features/calls/es.json'], css: ['assets/client-1.css'] },
  '_vendor-2.js': { file: 'assets/vendor-2.js' },
  'features/calls/components/JoinPage.tsx': { file: 'assets/JoinPage-4.js', src: 'features/calls/components/JoinPage.tsx', isDynamicEntry: true, imports: ['_vendor-2.js', '_join-5.js'] },
  '_join-5.js': { file: 'assets/join-5.js', css: ['assets/join-5.css'] },
  '_PortalPages-3.js': { file: 'assets/PortalPages-3.js', name: 'PortalPages', isDynamicEntry: true, imports: ['_heavy-6.js'] },
  '_heavy-6.js': { file: 'assets/heavy-6.js' },
  'features/calls/es.json': { file: 'assets/es-7.js', src: 'features/calls/es.json', isDynamicEntry: true },
};
const join: Screen = { name: 'join', pages: ['features/calls/components/JoinPage.tsx'], budget: 100_000 };
// 10 kB brotli (20 raw, 12 gzip) a file; the HTML 1 kB.
const sizeOf = (file: string): Sizes => (file.endsWith('.html') ? { raw: 2000, br: 1000, gz: 1200 } : { raw: 20_000, br: 10_000, gz: 12_000 });

describe('the bundle budget', () => {
  it('counts the entry, its static imports and CSS, and the screen’s own page, nothing it does not open', () => {
    expect(screenFiles(manifest, join)).toEqual(['assets/JoinPage-4.js', 'assets/client-1.css', 'assets/client-1.js', 'assets/join-5.css', 'assets/join-5.js', 'assets/vendor-2.js', 'client.html']);
    expect(screenFiles(manifest, { ...join, spanish: true })).toContain('assets/es-7.js');
    // A page Vite keys by its chunk name (also imported statically elsewhere) is found by that name.
    expect(chunkKey(manifest, 'features/portal/components/PortalPages.tsx')).toBe('_PortalPages-3.js');
    expect(screenFiles(manifest, { ...join, pages: ['features/portal/components/PortalPages.tsx'] })).toContain('assets/heavy-6.js');
    expect(() => chunkKey(manifest, 'features/gone/Page.tsx')).toThrow(/not a chunk/);
  });

  it('counts the merged Spanish catalog (i18n/catalogs/es.ts) on a Spanish screen, and only there', () => {
    const merged: Manifest = {
      ...manifest,
      'client.html': { ...manifest['client.html']!, dynamicImports: ['features/calls/components/JoinPage.tsx', 'i18n/catalogs/es.ts'] },
      'i18n/catalogs/es.ts': { file: 'assets/es-8.js', src: 'i18n/catalogs/es.ts', isDynamicEntry: true, imports: ['client.html', '_zod-es-9.js'] },
      '_zod-es-9.js': { file: 'assets/zod-es-9.js' },
    };
    expect(screenFiles(merged, join)).not.toContain('assets/es-8.js');
    expect(screenFiles(merged, { ...join, spanish: true })).toEqual(expect.arrayContaining(['assets/es-8.js', 'assets/zod-es-9.js']));
  });

  it('counts the rest of Spanish (i18n/catalogs/es-more.ts) only on a screen that waits for it (allWords)', () => {
    const split: Manifest = {
      ...manifest,
      'client.html': { ...manifest['client.html']!, dynamicImports: ['features/calls/components/JoinPage.tsx', 'i18n/catalogs/es.ts', 'i18n/catalogs/es-more.ts'] },
      'i18n/catalogs/es.ts': { file: 'assets/es-8.js', src: 'i18n/catalogs/es.ts', isDynamicEntry: true },
      'i18n/catalogs/es-more.ts': { file: 'assets/es-more-10.js', src: 'i18n/catalogs/es-more.ts', isDynamicEntry: true },
    };
    const first = screenFiles(split, { ...join, spanish: true });
    expect(first).toContain('assets/es-8.js');
    expect(first).not.toContain('assets/es-more-10.js');
    expect(screenFiles(split, { ...join, spanish: true, allWords: true })).toEqual(expect.arrayContaining(['assets/es-8.js', 'assets/es-more-10.js']));
  });

  it('passes under the budget and fails over it, on brotli', () => {
    const [under] = weigh(manifest, sizeOf, [join]);
    expect(under).toMatchObject({ files: 7, br: 61_000, gz: 73_200, over: false });
    const [over] = weigh(manifest, sizeOf, [{ ...join, budget: 60_000 }]);
    expect(over!.over).toBe(true);
  });

  it('finds React Aria collection components in the client chunks (Preact cannot draw them), and nothing else', () => {
    const sources: Record<string, string[]> = {
      'assets/client-1.js': ['../../node_modules/react-aria-components/dist/private/Button.mjs', '../../src/web/client.tsx'],
      'assets/JoinPage-4.js': ['../../node_modules/react-aria-components/dist/private/TextField.mjs'],
      'assets/PortalPages-3.js': ['../../node_modules/react-aria-components/dist/private/Select.mjs', '../../node_modules/@react-aria/collections/dist/Document.mjs'],
    };
    const of = (file: string) => sources[file] ?? [];
    expect(collectionModules(manifest, of)).toEqual(['@react-aria/collections/dist/Document.mjs', 'react-aria-components/dist/private/Select.mjs']);
    delete sources['assets/PortalPages-3.js'];
    expect(collectionModules(manifest, of)).toEqual([]);
  });

  describe('the command', () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'hearth-budget-'));
    afterAll(() => rmSync(dist, { recursive: true, force: true }));
    mkdirSync(path.join(dist, '.vite'));
    mkdirSync(path.join(dist, 'assets'));
    // A client entry that imports 400 kB of incompressible script: over any sane budget.
    const noise = randomBytes(400_000);
    const fixture: Manifest = {
      'client.html': { file: 'assets/client-1.js', isEntry: true, dynamicImports: [] },
      'features/calls/components/JoinPage.tsx': { file: 'assets/JoinPage-4.js', isDynamicEntry: true },
      'features/calls/components/CallPage.tsx': { file: 'assets/CallPage-5.js', isDynamicEntry: true },
      'features/portal/components/PortalSignIn.tsx': { file: 'assets/Auth-6.js', isDynamicEntry: true },
      'features/portal/components/PortalHome.tsx': { file: 'assets/Pages-7.js', isDynamicEntry: true },
      'features/portal/components/PortalBillingNav.tsx': { file: 'assets/Billing-8.js', isDynamicEntry: true },
    };
    writeFileSync(path.join(dist, '.vite/client-manifest.json'), JSON.stringify(fixture));
    writeFileSync(path.join(dist, 'client.html'), '<!doctype html><script type="module" src="/assets/client-1.js"></script>');
    for (const f of ['JoinPage-4.js', 'CallPage-5.js', 'Auth-6.js', 'Pages-7.js', 'Billing-8.js']) writeFileSync(path.join(dist, 'assets', f), 'export {};');
    const run = (file: Buffer) => {
      writeFileSync(path.join(dist, 'assets/client-1.js'), file);
      try {
        return { code: 0, out: execFileSync('npx', ['tsx', 'scripts/bundle-budget.ts', '--dist', dist], { encoding: 'utf8', stdio: 'pipe' }) };
      } catch (e) {
        const err = e as { status: number; stdout: string; stderr: string };
        return { code: err.status, out: err.stdout + err.stderr };
      }
    };

    // Each run starts `npx tsx` (a few seconds alone; past 30 s each beside three CI jobs).
    it('exits 1 when a client chunk holds a React Aria collection (its source map names it)', () => {
      writeFileSync(path.join(dist, 'assets/CallPage-5.js.map'), JSON.stringify({ version: 3, sources: ['../../node_modules/react-aria-components/dist/private/ListBox.mjs'], mappings: '' }));
      try {
        const out = run(Buffer.from('export const x = 1;'));
        expect(out.code).toBe(1);
        expect(out.out).toMatch(/collections in the client build.*ListBox/);
      } finally {
        rmSync(path.join(dist, 'assets/CallPage-5.js.map'));
      }
    }, 120_000);

    it('exits 1 and names the screens over budget; 0 with a table when under', () => {
      const over = run(noise);
      expect(over.code).toBe(1);
      expect(over.out).toMatch(/over budget: join link/);
      expect(over.out).toMatch(/OVER/);
      const under = run(Buffer.from('export const x = 1;'));
      expect(under.code, under.out).toBe(0);
      expect(under.out).toMatch(/portal sign-in .* ok/);
    }, 120_000);
  });
});
