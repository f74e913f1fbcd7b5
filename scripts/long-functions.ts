// Lists the long functions and long files of src/ (TypeScript compiler API, no type checking):
//   npx tsx scripts/long-functions.ts [--lines 100] [--file-lines 500] [dir ...]
// A function is any declaration, method, constructor, accessor, arrow or function expression; its
// length runs from its first token to its closing brace, nested functions included. Migrations are
// left out (frozen once landed). scripts/long-functions.test.ts holds the limits (120 and 500).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
}

export interface LongFile {
  file: string;
  lines: number;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SKIP = [/(^|\/)node_modules\//, /^src\/server\/db\/migrations\//, /\.d\.ts$/];

/** Every .ts/.tsx file under the given folders or files (relative to the repository), migrations aside. */
export function sourceFiles(dirs: readonly string[] = ['src']): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(repoRoot, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (/\.tsx?$/.test(e.name) && !SKIP.some((re) => re.test(child))) out.push(child);
    }
  };
  for (const d of dirs) {
    const rel = d.replace(/\/$/, '');
    if (statSync(path.join(repoRoot, rel)).isDirectory()) walk(rel);
    else out.push(rel);
  }
  return out.sort();
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = (n: ts.Node): string | undefined => {
    const name = (n as { name?: ts.Node }).name;
    return name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
  };
  if (ts.isConstructorDeclaration(node)) {
    const cls = node.parent;
    return `${(cls && named(cls)) ?? 'class'}.constructor`;
  }
  const own = named(node);
  if (own) {
    const cls = node.parent;
    return cls && (ts.isClassDeclaration(cls) || ts.isClassExpression(cls)) && named(cls) ? `${named(cls)}.${own}` : own;
  }
  const p = node.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p))) {
    const n = named(p);
    if (n) return n;
  }
  if (p && ts.isCallExpression(p)) {
    const callee = p.expression.getText(sf);
    const first = p.arguments[0];
    const label = first && ts.isStringLiteralLike(first) ? ` ${first.text}` : '';
    return `(callback of ${callee.length > 40 ? `${callee.slice(0, 40)}…` : callee}${label})`;
  }
  return '(anonymous)';
}

/** Functions of one file longer than `min` lines. */
export function longFunctionsIn(file: string, min: number): LongFunction[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: LongFunction[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && (node as { body?: ts.Node }).body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > min) out.push({ file, line: start + 1, name: nameOf(node, sf), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

export function longFunctions(min: number, dirs?: readonly string[]): LongFunction[] {
  return sourceFiles(dirs)
    .flatMap((f) => longFunctionsIn(f, min))
    .sort((a, b) => b.lines - a.lines);
}

export function longFiles(min: number, dirs?: readonly string[]): LongFile[] {
  return sourceFiles(dirs)
    .map((file) => ({ file, lines: readFileSync(path.join(repoRoot, file), 'utf8').split('\n').length - 1 }))
    .filter((f) => f.lines > min)
    .sort((a, b) => b.lines - a.lines);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const v = Number(args[i + 1]);
    args.splice(i, 2);
    return v;
  };
  const min = flag('--lines', 100);
  const fileMin = flag('--file-lines', 500);
  const dirs = args.length ? args : ['src'];
  const fns = longFunctions(min, dirs);
  console.log(`${fns.length} functions over ${min} lines`);
  for (const f of fns) console.log(`${String(f.lines).padStart(5)}  ${f.file}:${f.line}  ${f.name}`);
  const files = longFiles(fileMin, dirs);
  console.log(`${files.length} files over ${fileMin} lines`);
  for (const f of files) console.log(`${String(f.lines).padStart(5)}  ${f.file}`);
}
