// A staff page's head: its title, and beside it the page's actions when it has any.
import type { ReactNode } from 'react';

export function PageHead({ title, actions }: { title: string; actions?: ReactNode }) {
  return (
    <div className="page-head">
      <h1>{title}</h1>
      {actions ? <div className="actions">{actions}</div> : null}
    </div>
  );
}
