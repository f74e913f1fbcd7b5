// Packages that only some requests need are loaded on their first use, not at start-up (issue 16:
// every module read at start-up costs the restart time and the idle process's memory).
import { createRequire } from 'node:module';

const requireCjs = createRequire(import.meta.url);

/**
 * A getter for a package with a CommonJS build, loaded (synchronously, once) on the first call, so
 * synchronous code such as a validator can use it. Give the type as `typeof Name` after `import type * as Name from 'name'`.
 */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireCjs(specifier) as T);
}
