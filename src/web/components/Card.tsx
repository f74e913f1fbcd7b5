// A card: a section named by its own heading (the heading's id labels the section).
import type { ReactNode } from 'react';

export function Card({ id, title, testId, children }: { id: string; title: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="card" data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
