// Each table belongs to one module (the one whose modules/<name>/table.ts declares it). A module
// queries its own tables only; for anything else it asks the owning module's service. This test reads
// every module's source for table names in Kysely calls (selectFrom, insertInto, joins, ...) and in
// `sql` templates, and fails on a table the module does not own, naming both.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modulesDir = path.join(serverDir, 'modules');

/**
 * Known crossings, each `module -> table`. This list may only shrink: the test also fails when an
 * entry no longer occurs, so remove it when its crossing goes.
 */
const KNOWN: readonly string[] = [
  // Inside the identity lane's modules (auth, portal) or reaching their tables: the identity lane
  // reshapes these (auth <-> practices, client links through portal's public face).
  'auth -> practices',
  'portal -> practices',
  'calls -> client_links',
  // A back-edge: messages needs documents, so documents cannot ask messages whether a document was
  // sent in a message without a cycle; it becomes an explicit need under the module contract.
  'documents -> message_attachments',
];

/**
 * Reads of another module's table that are deliberate and stay: a read-only join inside one atomic
 * statement, where asking the owner's service would split a decision that must be taken at once.
 */
const DELIBERATE: readonly string[] = [
  // The reminder claim decides, in the same UPDATE that claims, whether the visit is still at that
  // time and still on (reminders/repo.ts claimDue).
  'reminders -> appointments',
];

const KYSELY_CALL = /\.(?:selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin)\(\s*(\[[^\]]*\]|'[^']*'|"[^"]*")/g;
const SQL_TEMPLATE = /\bsql(?:<[^`]*?>)?`([^`]*)`/g;
const SQL_TABLE = /\b(?:from|join|into|update)\s+([a-z_][a-z0-9_]*)/gi;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The table names declared by an `interface <X>Tables { name: Type; ... }` block. */
function declaredTables(file: string, interfaceName: RegExp): string[] {
  const text = readFileSync(file, 'utf8');
  const block = new RegExp(`export interface (${interfaceName.source}) \\{([^}]*)\\}`).exec(text);
  if (!block) return [];
  return [...block[2]!.matchAll(/^\s*([a-z_][a-z0-9_]*)\s*:/gm)].map((m) => m[1]!);
}

function owners(): Map<string, string> {
  const owner = new Map<string, string>();
  const claim = (table: string, by: string) => {
    const before = owner.get(table);
    if (before) throw new Error(`table ${table} is declared by both ${before} and ${by}`);
    owner.set(table, by);
  };
  for (const t of declaredTables(path.join(serverDir, 'db', 'schema.ts'), /PlatformTables/)) claim(t, 'the platform (db/)');
  for (const m of readdirSync(modulesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
    try {
      for (const t of declaredTables(path.join(modulesDir, m, 'table.ts'), /\w+Tables/)) claim(t, m);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
    }
  }
  return owner;
}

/** Table names a source text names in Kysely calls and in `sql` templates (only known tables count there). */
export function tablesUsed(text: string, known: ReadonlySet<string>): Set<string> {
  const used = new Set<string>();
  for (const call of text.matchAll(KYSELY_CALL)) {
    for (const name of call[1]!.matchAll(/['"]\s*([a-z_][a-z0-9_]*)/g)) used.add(name[1]!);
  }
  for (const tpl of text.matchAll(SQL_TEMPLATE)) {
    for (const name of tpl[1]!.matchAll(SQL_TABLE)) if (known.has(name[1]!)) used.add(name[1]!);
  }
  return used;
}

interface Crossing {
  key: string;
  message: string;
}

function crossings(): Crossing[] {
  const owner = owners();
  const known = new Set(owner.keys());
  const out = new Map<string, Crossing>();
  for (const m of readdirSync(modulesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
    for (const file of sourceFiles(path.join(modulesDir, m))) {
      for (const table of tablesUsed(readFileSync(file, 'utf8'), known)) {
        const by = owner.get(table);
        if (by === m || by === undefined) continue;
        const key = `${m} -> ${table}`;
        const where = path.relative(serverDir, file);
        const prev = out.get(key);
        out.set(key, { key, message: prev ? `${prev.message}, ${where}` : `module ${m} uses table ${table}, owned by ${by}: ask ${by}'s service instead (${where}` });
      }
    }
  }
  return [...out.values()].map((c) => ({ ...c, message: `${c.message})` }));
}

describe('table ownership', () => {
  it('gives every table exactly one owner', () => {
    const owner = owners();
    // The assembled Database has every table once (duplicates throw in owners()).
    expect(owner.size).toBeGreaterThan(60);
    for (const [table, by] of owner) expect(by, table).toBeTruthy();
  });

  it('finds table names in Kysely calls and sql templates', () => {
    const known = new Set(['users', 'clients', 'appointments', 'meta']);
    const text = [
      "db.selectFrom('users as u').innerJoin('clients as c', 'c.id', 'u.id')",
      "db.selectFrom(['appointments', 'meta'])",
      'sql`select 1 from clients c join users u on u.id = c.id where x = ${y}`',
      "db.selectFrom('not_a_module_table')",
    ].join('\n');
    expect([...tablesUsed(text, known)].sort()).toEqual(['appointments', 'clients', 'meta', 'not_a_module_table', 'users']);
  });

  it('lets a module query only its own tables', () => {
    const unexpected = crossings()
      .filter((c) => !KNOWN.includes(c.key) && !DELIBERATE.includes(c.key))
      .map((c) => c.message);
    expect(unexpected).toEqual([]);
  });

  it('keeps the list of known crossings shrinking (remove an entry once it is gone)', () => {
    const found = new Set(crossings().map((c) => c.key));
    expect([...KNOWN, ...DELIBERATE].filter((k) => !found.has(k))).toEqual([]);
  });
});
