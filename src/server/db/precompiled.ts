// Queries that run on every request, built and compiled once. Kysely rebuilds and recompiles a
// query's operation tree on every call; for the session lookup (three joins, an EXISTS and the
// roles subquery) that costs ~150 µs of CPU, some thirty times what running the prepared statement
// costs on SQLite. Here the query is built once per dialect with placeholder values, and each
// call runs the same SQL with its own values bound where the placeholders were.
import { CompiledQuery, type Compilable } from 'kysely';
import type { DbOrTx, Dialect } from './index.js';

/** A string no caller's value can be: it names argument `i` while the query is compiled. */
const placeholder = (i: number) => `\u0000hearth:arg:${i}\u0000`;

interface Shape {
  sql: string;
  /** For each bound parameter: the index of the argument it takes, or the constant it was compiled with. */
  slots: ({ arg: number } | { value: unknown })[];
}

function shapeOf(compiled: CompiledQuery, args: number): Shape {
  const slots = compiled.parameters.map((value) => {
    const arg = typeof value === 'string' ? Array.from({ length: args }, (_, i) => placeholder(i)).indexOf(value) : -1;
    return arg >= 0 ? { arg } : { value };
  });
  for (let i = 0; i < args; i++) {
    // An argument must be bound as a parameter: never missing, never written into the SQL text.
    if (compiled.sql.includes(placeholder(i)) || !slots.some((s) => 'arg' in s && s.arg === i)) throw new Error(`precompiled query: argument ${i} is not a bound parameter`);
  }
  return { sql: compiled.sql, slots };
}

/**
 * A query compiled once per dialect. `build` receives a placeholder for each string argument and
 * must use each one only as a bound value (a where value, an inserted value), never as an
 * identifier or SQL text; that is checked when it is compiled. Runs on the db or the transaction
 * it is given, through its plugins, and answers the rows.
 */
export function precompiled<A extends string[], R>(build: (db: DbOrTx, dialect: Dialect, ...args: A) => Compilable<R>) {
  const shapes = new Map<Dialect, Shape>();
  return async (db: DbOrTx, dialect: Dialect, ...args: A): Promise<R[]> => {
    let shape = shapes.get(dialect);
    if (!shape) {
      shape = shapeOf(build(db, dialect, ...(args.map((_, i) => placeholder(i)) as A)).compile(), args.length);
      shapes.set(dialect, shape);
    }
    const parameters = shape.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    return (await db.executeQuery<R>(CompiledQuery.raw(shape.sql, parameters) as CompiledQuery<R>)).rows;
  };
}
