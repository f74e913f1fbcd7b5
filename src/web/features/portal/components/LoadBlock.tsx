// One loaded part of a portal page: its loading, failure (with retry) and refusal states in the
// page's language, then the part itself. `what` names the thing being loaded, already in the page's
// language ("your appointments", "sus citas").
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { isApiError } from '../../../api/client.js';
import { apiProblemText } from '../../../components/problemText.js';
import { QueryRetryNotice } from '../../../components/QueryState.js';

export function LoadBlock<T>({ query, what, testId, children, extra }: { query: UseQueryResult<T, unknown>; what: string; testId: string; children: (d: T) => ReactNode; extra?: Record<string, string | number | undefined> }) {
  const intl = useIntl();
  const failing = query.isError || (query.failureCount > 0 && query.isFetching);
  const final = query.isError && isApiError(query.error) && query.error.status >= 400 && query.error.status < 500 && query.error.status !== 429;
  const refusal = () => {
    if (!isApiError(query.error)) return intl.formatMessage({ id: 'portal.load.failed', defaultMessage: "Couldn't load {what}." }, { what });
    if (query.error.status === 404) return intl.formatMessage({ id: 'portal.load.notFound', defaultMessage: 'This could not be found: it may not exist any more, or you may not see it.' });
    return apiProblemText(intl, query.error);
  };
  return (
    <div data-testid={testId} data-ready={query.isSuccess && !failing && !query.isFetching ? 'true' : 'false'} data-error={failing ? 'true' : undefined} {...extra}>
      {final ? (
        <p role="alert" className="query-error">
          {refusal()}
        </p>
      ) : failing ? (
        <QueryRetryNotice query={query} what={what} />
      ) : query.isSuccess ? (
        children(query.data)
      ) : (
        <p role="status" className="loading">
          {intl.formatMessage({ id: 'portal.load.loading', defaultMessage: 'Loading {what}…' }, { what })}
        </p>
      )}
    </div>
  );
}
