// The first screens' chunks for the server (./first-screens.ts), on a fixture manifest: each
// screen's pages with their static imports and CSS, less what the entry's HTML already names; the
// join link's redemption script to run, not to preload; the Spanish catalog apart.
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../bundle-budget.js';
import { firstScreens } from './first-screens.js';

const manifest: Manifest = {
  'client.html': { file: 'assets/client-1.js', isEntry: true, imports: ['_vendor-2.js'], dynamicImports: ['features/calls/components/JoinPage.tsx', 'i18n/catalogs/es.ts'], css: ['assets/client-1.css'] },
  '_vendor-2.js': { file: 'assets/vendor-2.js' },
  'early-join.ts': { file: 'assets/early-join-3.js', isEntry: true },
  'features/calls/components/JoinPage.tsx': { file: 'assets/JoinPage-4.js', isDynamicEntry: true, imports: ['_vendor-2.js', 'early-join.ts', '_forms-5.js'] },
  'features/calls/components/CallPage.tsx': { file: 'assets/CallPage-6.js', isDynamicEntry: true, imports: ['_forms-5.js'], css: ['assets/CallPage-6.css'] },
  '_forms-5.js': { file: 'assets/forms-5.js' },
  'features/portal/components/PortalSignIn.tsx': { file: 'assets/Auth-7.js', isDynamicEntry: true, imports: ['_forms-5.js'] },
  'features/portal/components/PortalHome.tsx': { file: 'assets/Home-8.js', isDynamicEntry: true },
  'features/portal/components/PortalBillingNav.tsx': { file: 'assets/Billing-9.js', isDynamicEntry: true },
  'i18n/catalogs/es.ts': { file: 'assets/es-10.js', isDynamicEntry: true, imports: ['client.html'] },
};

describe('the first screens’ chunks', () => {
  it('names each screen’s own files beyond the entry’s, the redemption to run, and the Spanish words', () => {
    const out = firstScreens(manifest);
    expect(out.screens.join).toEqual(['assets/CallPage-6.css', 'assets/CallPage-6.js', 'assets/JoinPage-4.js', 'assets/forms-5.js']);
    expect(out.screens.call).toEqual(['assets/CallPage-6.css', 'assets/CallPage-6.js', 'assets/forms-5.js']);
    expect(out.screens['sign-in']).toEqual(['assets/Auth-7.js', 'assets/forms-5.js']);
    expect(out.screens.home).toEqual(['assets/Billing-9.js', 'assets/Home-8.js']);
    expect(out.run).toEqual({ join: ['assets/early-join-3.js'], call: [], 'sign-in': [], home: [] });
    expect(out.spanish).toEqual(['assets/es-10.js']);
  });

  it('fails the build when the join link’s redemption is not in it', () => {
    const without: Manifest = { ...manifest, 'features/calls/components/JoinPage.tsx': { file: 'assets/JoinPage-4.js', isDynamicEntry: true, imports: ['_vendor-2.js', '_forms-5.js'] } };
    delete without['early-join.ts'];
    expect(() => firstScreens(without)).toThrow(/early-join\.ts is not in the client manifest/);
  });
});
