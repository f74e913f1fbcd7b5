// The bench's client list: a deterministic CSV of clients whose names make `q=mar` match about
// half of them (run.ts's list rows and lib/search.ts import the same 10,000).
export const FIRST = ['Maria', 'James', 'Mariana', 'Marcus', 'Linda', 'Robert', 'Ana', 'Wei', 'Fatima', 'Olu', 'Sofia', 'Liam', 'Noah', 'Emma', 'Ava', 'Mateo', 'Aiyana', 'Kai', 'Zoë', 'Dmitri'];
export const LAST = ['Garcia', 'Smith', 'Martinez', 'Marsh', 'Nguyen', 'Johnson', 'Okafor', 'Kim', 'Brown', 'Marino', 'Lopez', 'Chen', 'Patel', "O'Brien", 'Müller', 'Davis', 'Wilson', 'Anderson', 'Thomas', 'Jackson'];

/** The names of client `i` (the same in every run). */
export function benchClientName(i: number): { first: string; last: string } {
  return {
    first: FIRST[(i * 7) % FIRST.length]!,
    last: `${LAST[(i * 13) % LAST.length]!}${i % 3 === 0 ? '' : ` ${LAST[(i * 17) % LAST.length]!}`}`,
  };
}

/** A deterministic CSV of `n` clients starting at `from`. */
export function clientCsv(from: number, n: number): string {
  const lines = ['firstName,lastName,dateOfBirth,email,phone'];
  for (let i = from; i < from + n; i++) {
    const { first, last } = benchClientName(i);
    const dob = `19${50 + (i % 50)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    lines.push(`"${first}","${last.replace(/"/g, '""')}",${dob},client${i}@bench.test,541-555-${String(i % 10000).padStart(4, '0')}`);
  }
  return lines.join('\n');
}
