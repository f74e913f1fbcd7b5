// A table's row of column headings. A heading is its words, or { label, className } for one with a
// class ("num" right-aligns a number column); `false` leaves a column out (e.g. Actions for a
// reader who may not act).
import type { ReactNode } from 'react';

export type Column = string | { label: ReactNode; className: string } | false;

export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) =>
          c === false ? null : typeof c === 'string' ? (
            <th key={i} scope="col">
              {c}
            </th>
          ) : (
            <th key={i} scope="col" className={c.className}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
