// The first screens a client opens, by the names the build and the server share: the build writes
// each one's chunks to FIRST_SCREENS_FILE (scripts/web-build/first-screens.ts) and the server names
// them in the HTML of the screen's address (src/server/spa.ts), so a weak link fetches them beside
// the entry's script rather than a round trip after it has run (issue 19's light client path).
export const FIRST_SCREEN_NAMES = ['join', 'call', 'sign-in', 'home'] as const;
export type FirstScreen = (typeof FIRST_SCREEN_NAMES)[number];

/** Beside the client entry's manifest in the built web root. */
export const FIRST_SCREENS_FILE = '.vite/first-screens.json';

export interface FirstScreens {
  /** Per screen, its built files beyond those the entry's HTML names (web-root-relative: assets/…). */
  screens: Record<FirstScreen, string[]>;
  /** Per screen, its scripts to run as soon as they arrive, beside the entry (a join link's: src/web/early-join.ts). */
  run: Record<FirstScreen, string[]>;
  /** The first screens' Spanish words (the chunk of src/web/i18n/catalogs/es.ts and what it imports). */
  spanish: string[];
}
