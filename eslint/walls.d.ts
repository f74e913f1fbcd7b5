import type { ESLint } from 'eslint';

/** The walls plugin (walls.js): the `public-face` rule. */
declare const walls: ESLint.Plugin;
export default walls;
