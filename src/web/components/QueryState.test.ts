// The Retry button of a list that never loaded: it must ask again now, not join the retry that is
// sleeping out the backoff (a server's Retry-After may make that a minute).
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { retryFailing } from './QueryState.js';

describe('retryFailing', () => {
  const clients: QueryClient[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.clear();
  });

  function failingThenFine(failures: number) {
    const client = new QueryClient();
    clients.push(client);
    let calls = 0;
    const observer = new QueryObserver(client, {
      queryKey: ['documents', 'c1'],
      queryFn: async () => {
        calls++;
        if (calls <= failures) throw new Error(`busy ${calls}`);
        return ['intake-form.pdf'];
      },
      retry: true,
      retryDelay: 60_000,
    });
    const unsubscribe = observer.subscribe(() => {});
    return { client, observer, unsubscribe, calls: () => calls };
  }

  it('a query with no data, sleeping before its next retry, is asked again at once and loads', async () => {
    const { client, observer, unsubscribe, calls } = failingThenFine(1);
    await expect.poll(() => observer.getCurrentResult().failureCount).toBe(1);
    const failed = observer.getCurrentResult();
    expect(failed.data).toBeUndefined();
    expect(failed.isFetching).toBe(true);

    await retryFailing(client, failed);
    expect(calls()).toBe(2);
    expect(observer.getCurrentResult().data).toEqual(['intake-form.pdf']);
    expect(observer.getCurrentResult().isError).toBe(false);
    unsubscribe();
  });

  it('only the query that failed with that error is asked again', async () => {
    const { client, observer, unsubscribe } = failingThenFine(1);
    let otherCalls = 0;
    const other = new QueryObserver(client, { queryKey: ['messages'], queryFn: async () => ++otherCalls });
    const off = other.subscribe(() => {});
    await expect.poll(() => other.getCurrentResult().data).toBe(1);
    await expect.poll(() => observer.getCurrentResult().failureCount).toBe(1);

    await retryFailing(client, observer.getCurrentResult());
    expect(otherCalls).toBe(1);
    off();
    unsubscribe();
  });

  it('without a failure to find, it refetches as before', async () => {
    const client = new QueryClient();
    clients.push(client);
    let asked = 0;
    await retryFailing(client, { isError: false, failureCount: 0, isFetching: false, failureReason: null, refetch: async () => ++asked });
    expect(asked).toBe(1);
  });
});
