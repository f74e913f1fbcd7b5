// The connection indicator follows the real /ws heartbeat: stopping the server process turns
// it to reconnecting/offline (announced via role=status), restarting the same installation
// (same DATA_DIR and port) brings it back online without signing the user out. The browser's
// own offline/online events are honoured too.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Actor } from './fixtures/browser.js';
import { HearthPages } from './fixtures/pages.js';
import { type HearthServer } from './fixtures/server.js';
import { scenario } from './fixtures/scenario.js';

let server: HearthServer;
let owner: Actor;
let ui: HearthPages;

describe('connection indicator', () => {
  const world = scenario({ owner: 'owner' }, { idleSeconds: 900 });

  beforeAll(async () => {
    ({ owner } = world.actors);
    server = world.server;
    ui = new HearthPages(owner.page);
    await ui.gotoSignUp();
    await ui.signUp({
      practiceName: 'Harbour Light Therapy',
      ownerName: 'Hana Owner',
      email: 'hana@harbour.example',
      password: 'seven herons nesting under the pier',
      signerTitle: 'Owner',
    });
    // New practices require MFA: enrol so the app frame (and its heartbeat) is reachable.
    if (await owner.page.getByTestId('mfa-enrolment').isVisible()) await ui.enrolTotp();
    await ui.appReady();
  });

  it('is online once the heartbeat answers', async () => {
    expect(await ui.waitForConnection(['online'])).toBe('online');
    expect(await ui.connection().getAttribute('role')).toBe('status');
  });

  it('goes to reconnecting/offline when the server stops and back online when it restarts', async () => {
    await server.stop();
    const down = await ui.waitForConnection(['reconnecting', 'offline'], 20_000);
    expect(['reconnecting', 'offline']).toContain(down);
    expect(await ui.connection().textContent()).toMatch(/Reconnecting|Offline/);

    await server.start();
    expect(await ui.waitForConnection(['online'], 30_000)).toBe('online');
    // Same installation, same session: still signed in.
    await ui.appReady();
    expect(new URL(owner.page.url()).pathname).not.toBe('/login');
  });

  it('follows the browser going offline and online', async () => {
    await owner.context.setOffline(true);
    expect(await ui.waitForConnection(['offline'], 10_000)).toBe('offline');
    await owner.context.setOffline(false);
    expect(await ui.waitForConnection(['online'], 30_000)).toBe('online');
  });
});
