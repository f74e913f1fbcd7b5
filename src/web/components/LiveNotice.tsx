// A live region that is always on the page (so a screen reader hears what appears in it), showing
// its notice ("Settings saved.", "You left the waitlist.") or a list row's error while there is one.
import type { ReactNode } from 'react';

export function LiveNotice({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <div role="status" data-testid={testId}>
      {children ? <p className="notice">{children}</p> : null}
    </div>
  );
}

/** The same for a list row's error: inline, after the row's actions. */
export function LiveRowError({ testId, error }: { testId: string; error: string | null }) {
  return (
    <span role="status" data-testid={testId}>
      {error ? <span className="field-error">{error}</span> : null}
    </span>
  );
}
