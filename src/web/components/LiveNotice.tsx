// A live region that is always on the page (so a screen reader hears what appears in it), showing
// its notice ("Settings saved.", "You left the waitlist.") while there is one.
import type { ReactNode } from 'react';

export function LiveNotice({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <div role="status" data-testid={testId}>
      {children ? <p className="notice">{children}</p> : null}
    </div>
  );
}
