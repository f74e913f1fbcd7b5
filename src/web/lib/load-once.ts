// A lazily loaded part (a chunk, a catalog) fetched once for the whole page: every caller shares
// the one promise. A load that failed (a weak link dropped it) is not kept: the next caller tries
// again rather than inheriting the failure for the rest of the page's life.
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () =>
    (pending ??= load().catch((e: unknown) => {
      pending = null;
      throw e;
    }));
}
