// Small pieces shared by the clients pages.
import { useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../api/client.js';

/** The practice must accept its BAA before any client data is stored: say so, and where to do it. */
export function isBaaRequired(err: unknown): boolean {
  return isApiError(err) && err.code === 'baa_required';
}

export function BaaRequiredNotice({ error, testId = 'baa-required' }: { error: unknown; testId?: string }) {
  const message = isApiError(error) ? error.message : 'The practice has not accepted its Business Associate Agreement.';
  return (
    <div role="alert" className="notice warn" data-testid={testId}>
      <p>{message}</p>
      <p>
        <Link to="/practice">Go to practice settings</Link> to review and accept the Business Associate Agreement.
      </p>
    </div>
  );
}

/** A final (non-retried) error answer for a page: BAA, permission or not-found. */
export function FinalError({ error, what }: { error: unknown; what: string }) {
  if (isBaaRequired(error)) return <BaaRequiredNotice error={error} />;
  const status = isApiError(error) ? error.status : 0;
  return (
    <div role="alert" className="query-error" data-testid="final-error" data-ready="false" data-error="true">
      <p>
        {status === 404
          ? `This ${what} does not exist, or you may not see it.`
          : status === 403
            ? `You don't have permission to see this ${what}.`
            : isApiError(error)
              ? error.message
              : `Couldn't load ${what}.`}
      </p>
      <p>
        <Link to="/clients">Back to clients</Link>
      </p>
    </div>
  );
}

const NARROW = '(max-width: 640px)';

function subscribeNarrow(cb: () => void) {
  const mq = window.matchMedia(NARROW);
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}

/** True on small screens, where tables become stacked lists. */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribeNarrow, () => window.matchMedia(NARROW).matches);
}
